/**
 * What the service worker does with a request. Pure, so the rules are tested without a browser.
 * Only the app shell is ever cached: the page, its built assets, the manifest and icons. API
 * answers, the relay and anything on another origin (every OpenCode server) pass straight through.
 */

/** `navigate`: network first, the cached page when offline. `asset`: cache first (names are content-hashed). `pass`: not touched. */
export type SwRoute = "navigate" | "asset" | "pass";

/** Cache of the current service worker; older names are deleted when it activates. */
export const SHELL_CACHE = "switchboard-shell-v1";

/** Files of the shell besides what index.html links. */
export const SHELL_FILES = ["/", "/manifest.webmanifest", "/icons/icon-192.png", "/icons/icon-512.png", "/icons/icon.svg"] as const;

/** Paths whose answers are data or credentials and must never be cached. */
const NEVER = [/^\/api(\/|$)/, /^\/relay(\/|$)/, /^\/auth(\/|$)/, /^\/sw\.js$/];

/** The route of one request, seen from a page served at `origin`. */
export function swRoute(request: { method: string; url: string; mode: string }, origin: string): SwRoute {
  if (request.method !== "GET") return "pass";
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return "pass";
  }
  if (url.origin !== origin) return "pass";
  if (NEVER.some((re) => re.test(url.pathname))) return "pass";
  if (request.mode === "navigate") return "navigate";
  if (url.pathname.startsWith("/assets/") || (SHELL_FILES as readonly string[]).includes(url.pathname)) return "asset";
  return "pass";
}

/** The same-origin /assets/ files an index.html links (its entry script, styles, preloads). */
export function linkedAssets(html: string): string[] {
  const found = new Set<string>();
  for (const match of html.matchAll(/(?:src|href)="(\/assets\/[^"?#]+)"/g)) {
    if (match[1]) found.add(match[1]);
  }
  return [...found];
}
