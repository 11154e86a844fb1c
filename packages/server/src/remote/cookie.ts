/** The remote-mode session cookie: read from a Cookie header, written as Set-Cookie. Pure. */

/** Name of the session cookie. */
export const SESSION_COOKIE = "switchboard_session";

/** The value of `name` in a Cookie header (the first, when sent several times), or null. */
export function readCookie(header: string | undefined, name: string = SESSION_COOKIE): string | null {
  return readCookies(header, name)[0] ?? null;
}

/**
 * Every value of `name` in a Cookie header, in order. A browser sends the same name twice when
 * cookies with different paths or domains exist, and anything can be placed before the real one.
 */
export function readCookies(header: string | undefined, name: string = SESSION_COOKIE): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) values.push(part.slice(eq + 1).trim());
  }
  return values;
}

/** Set-Cookie that deletes the session cookie (a signed-out device). */
export const CLEAR_SESSION_COOKIE = `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;

/** Set-Cookie for a session: HttpOnly (no script reads it), SameSite=Strict (no other site sends it), Secure over HTTPS. */
export function sessionCookie(value: string, opts: { secure: boolean; maxAgeSeconds?: number }): string {
  const parts = [`${SESSION_COOKIE}=${value}`, "Path=/", "HttpOnly", "SameSite=Strict", `Max-Age=${opts.maxAgeSeconds ?? 30 * 24 * 3600}`];
  if (opts.secure) parts.push("Secure");
  return parts.join("; ");
}
