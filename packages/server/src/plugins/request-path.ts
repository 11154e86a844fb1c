/**
 * The one path every decision is made on. A request's raw path is decoded once and checked here,
 * before routing (app.ts hands this to Fastify's rewriteUrl), so the router, the Host and
 * cross-site guard, the remote gate and the relay all read the same canonical `request.url`.
 * `/%61pi/x` becomes `/api/x`; a path that would change shape when decoded or normalized (dot
 * segments, encoded slashes or backslashes, control characters, malformed escapes) is refused
 * instead of guessed at. Empty segments stay: nothing here collapses "//", so the router and the
 * checks read them alike (and the relay refuses them). Pure.
 */

/** What a path is to the hub: its API, the relay (remote mode), the sign-in link, or the page's files. */
export type PathClass = "api" | "relay" | "auth" | "static";

/** A request target made canonical, or why it was refused. */
export type CanonicalTarget =
  { ok: true; /** Canonical path + the query as sent. */ url: string; /** The decoded path. */ path: string } | { ok: false; message: string };

/** Characters a path segment may carry unescaped (RFC 3986 pchar less "%"): these stay as they are. */
const KEPT_ESCAPES = /%(21|24|26|27|28|29|2A|2B|2C|3A|3B|3D|40)/g;

/** One decoded segment written back in the single canonical escaping. */
function encodeSegment(decoded: string): string {
  return encodeURIComponent(decoded).replace(KEPT_ESCAPES, (escape) => decodeURIComponent(escape));
}

function refused(message: string): CanonicalTarget {
  return { ok: false, message: `Refused: ${message}. Switchboard's routes need plain paths.` };
}

/** Decodes and checks a raw request target (`/path?query`). */
export function canonicalTarget(raw: string): CanonicalTarget {
  if (!raw.startsWith("/")) return refused("the request target is not a path");
  const q = raw.indexOf("?");
  const rawPath = q === -1 ? raw : raw.slice(0, q);
  const query = q === -1 ? "" : raw.slice(q);
  // Request targets are ASCII; "#" and "\" are never sent by a browser in a path.
  if (/[^\x21-\x7e]|[#\\]/.test(rawPath)) return refused("the path holds characters that are not allowed there");
  const segments = rawPath.slice(1).split("/");
  const decoded: string[] = [];
  for (const part of segments) {
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return refused("the path holds a malformed %-escape");
    }
    // eslint-disable-next-line no-control-regex -- control characters are what this check looks for
    if (/[/\\\x00-\x1f\x7f]/.test(segment)) return refused("the path holds an encoded slash, backslash or control character");
    if (segment === "." || segment === "..") return refused("the path holds a dot segment");
    decoded.push(segment);
  }
  return { ok: true, url: `/${decoded.map(encodeSegment).join("/")}${query}`, path: `/${decoded.join("/")}` };
}

/** What a canonical path is; the sign-in route is exactly /auth/<one segment>. */
export function pathClass(path: string): PathClass {
  const bare = path.split("?")[0] ?? "";
  if (bare === "/api" || bare.startsWith("/api/")) return "api";
  if (bare.startsWith("/relay/")) return "relay";
  if (/^\/auth\/[^/]+$/.test(bare)) return "auth";
  return "static";
}

/** What a request is: as pathClass, except that the sign-in route takes GET only (anything else there is a page path). */
export function requestClass(method: string, path: string): PathClass {
  const kind = pathClass(path);
  return kind === "auth" && method !== "GET" ? "static" : kind;
}

/** The path as a log line may show it: never the sign-in token. */
export function loggedPath(url: string): string {
  return pathClass(url) === "auth" ? "/auth/…" : url;
}
