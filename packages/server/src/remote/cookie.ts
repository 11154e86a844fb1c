/** The remote-mode session cookie: read from a Cookie header, written as Set-Cookie. Pure. */

/** Name of the session cookie. */
export const SESSION_COOKIE = "switchboard_session";

/** The value of `name` in a Cookie header, or null. */
export function readCookie(header: string | undefined, name: string = SESSION_COOKIE): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Set-Cookie for a session: HttpOnly (no script reads it), SameSite=Strict (no other site sends it), Secure over HTTPS. */
export function sessionCookie(value: string, opts: { secure: boolean; maxAgeSeconds?: number }): string {
  const parts = [`${SESSION_COOKIE}=${value}`, "Path=/", "HttpOnly", "SameSite=Strict", `Max-Age=${opts.maxAgeSeconds ?? 30 * 24 * 3600}`];
  if (opts.secure) parts.push("Secure");
  return parts.join("; ");
}
