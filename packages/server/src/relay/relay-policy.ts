/**
 * What the relay may forward: the REST routes the page uses and the event stream, to instances
 * the hub verified, and nothing else. Pure: the route table, the path checks and the upstream URL.
 */
import type { Instance } from "../discovery/types.js";

/** One id segment as OpenCode makes them (ses_…, msg_…, per_…, que_…). */
const ID = "[A-Za-z0-9_-]{1,128}";
/** A PTY id (pty_…); `/pty/shells` and the like are other routes, not relayed. */
const PTY = "pty_[A-Za-z0-9_-]{1,124}";

/** One relayed route: a method and a path pattern (after /relay/:instanceId), matched together. "WS": a WebSocket upgrade. */
export interface RelayRoute {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "WS";
  path: RegExp;
}

const route = (method: RelayRoute["method"], pattern: string): RelayRoute => ({ method, path: new RegExp(`^${pattern}$`) });

/** What the page calls on OpenCode 1.x (protocols "global" and "legacy"); everything else is refused. */
const V1_ROUTES: readonly RelayRoute[] = [
  // The event streams (global for 1.2+, /event for 1.0.x).
  route("GET", "/global/event"),
  route("GET", "/event"),
  // Reads.
  route("GET", "/(global/health|path|project|project/current|vcs|agent|command|config|config/providers|provider)"),
  route("GET", "/(find|find/file|find/symbol|file|file/content|file/status)"),
  route("GET", "/(session|session/status|permission|question)"),
  route("GET", `/session/${ID}`),
  route("GET", `/session/${ID}/(children|message|diff|todo)`),
  route("GET", `/session/${ID}/message/${ID}`),
  // Writes.
  route("PATCH", `/session/${ID}`),
  route("DELETE", `/session/${ID}`),
  route("POST", "/session"),
  route("POST", `/session/${ID}/(message|prompt_async|abort|fork|revert|unrevert|summarize|command|shell)`),
  route("POST", `/session/${ID}/permissions/${ID}`),
  route("POST", `/(permission/${ID}/reply|question/${ID}/reply|question/${ID}/reject)`),
  route("POST", "/tui/(select-session|show-toast)"),
  // Terminals (the page's terminal panel): list/start/resize/close, and the PTY's WebSocket.
  route("GET", "/pty"),
  route("POST", "/pty"),
  route("PUT", `/pty/${PTY}`),
  route("DELETE", `/pty/${PTY}`),
  route("WS", `/pty/${PTY}/connect`),
];

/** What the page calls on OpenCode 2 (protocol "v2", all under /api; opencode-protocol-v2.md §4.1). */
const V2_ROUTES: readonly RelayRoute[] = [
  route("GET", "/api/event"),
  route("GET", "/api/session"),
  route("GET", "/api/session/active"),
  route("GET", `/api/session/${ID}`),
  route("PATCH", `/api/session/${ID}`),
  route("DELETE", `/api/session/${ID}`),
  route("GET", `/api/session/${ID}/(message|diff|permission|form)`),
  route("POST", "/api/session"),
  route("POST", `/api/session/${ID}/(prompt|interrupt|fork|compact|shell|command|view|agent|model)`),
  route("POST", `/api/session/${ID}/revert/stage`),
  route("DELETE", `/api/session/${ID}/revert`),
  route("POST", `/api/session/${ID}/permission/${ID}/reply`),
  route("POST", `/api/session/${ID}/form/${ID}/reply`),
  route("DELETE", `/api/session/${ID}/form/${ID}`),
  route("GET", "/api/(permission/request|form|agent|model|model/default|command|fs/find)"),
  // Terminals: the WebSocket needs a ticket, which only an authenticated POST gets.
  route("GET", "/api/pty"),
  route("POST", "/api/pty"),
  route("PUT", `/api/pty/${PTY}`),
  route("DELETE", `/api/pty/${PTY}`),
  route("POST", `/api/pty/${PTY}/connect-token`),
  route("WS", `/api/pty/${PTY}/connect`),
];

/** The routes relayed to an instance: OpenCode 2 has none of 1.x's, and 1.x's experimental /api is not the page's. */
export function relayRoutesFor(protocol: Instance["protocol"]): readonly RelayRoute[] {
  return protocol === "v2" ? V2_ROUTES : V1_ROUTES;
}

/** The upstream URL of an instance's event stream (its URL may carry a path: a peer hub's relay). */
export function upstreamEventsUrl(instance: Pick<Instance, "url" | "protocol">): URL {
  const base = new URL(instance.url);
  return new URL(`${base.pathname.replace(/\/$/, "")}${eventsPath(instance.protocol)}`, base.origin);
}

/** The path of an instance's event stream, by protocol. */
export function eventsPath(protocol: Instance["protocol"]): string {
  return protocol === "v2" ? "/api/event" : protocol === "legacy" ? "/event" : "/global/event";
}

/** The event stream paths (answered without a body timeout). */
const STREAM_PATHS = new Set(["/global/event", "/event", "/api/event"]);
/** The terminal routes of both generations (list/start/resize/close, ticket, WebSocket). */
const TERMINAL_PATH = /^\/(api\/)?pty(\/|$)/;

/** Where a relay request goes, or why it may not. */
export type RelayDecision =
  { ok: true; instance: Instance; upstream: URL; stream: boolean } | { ok: false; status: 400 | 403 | 404 | 405; reason: string; message: string };

/**
 * Decides a relay request (method "WS" for a WebSocket upgrade) from its URL (the canonical one, plugins/request-path.ts; the checks
 * below hold for a raw URL too) and method. The
 * upstream origin is always the instance's own loopback URL from the registry; the request can
 * only choose a path from RELAY_ROUTES and a query string.
 */
export function relayDecision(method: string, rawUrl: string, instances: readonly Instance[]): RelayDecision {
  const q = rawUrl.indexOf("?");
  const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const query = q === -1 ? "" : rawUrl.slice(q);
  const match = /^\/relay\/([^/]*)(\/.*)?$/.exec(rawPath);
  if (!match) return refuse(404, "not-found", "Relay URLs look like /relay/<instance id>/<OpenCode route>.");
  const id = match[1] ?? "";
  const path = match[2] ?? "/";
  // No percent-encoding, dots, backslashes or empty segments in the path: nothing to decode into
  // another route ("..", "%2e%2e", "%2f", "//"). Real routes need none of them.
  if (/[%\\]|\/\/|\/\.\.?(\/|$)/.test(rawPath) || !/^[A-Za-z0-9_\-/]+$/.test(path)) {
    return refuse(400, "bad-path", "Refused: the relay takes plain paths only (no encoded characters, dots or empty segments).");
  }
  if (/[\r\n#\\]/.test(query)) return refuse(400, "bad-path", "Refused: the query string holds characters the relay does not pass on.");
  const instance = instances.find((i) => i.id === id);
  if (!instance || instance.status !== "ready") {
    return refuse(
      404,
      "unknown-instance",
      `No verified OpenCode server has the id ${JSON.stringify(id)}; the relay reaches only servers the hub lists as ready.`,
    );
  }
  // Method and path together: POST /session must not stop at GET /session's entry.
  const onPath = relayRoutesFor(instance.protocol).filter((r) => r.path.test(path));
  if (onPath.length === 0)
    return refuse(403, "route-not-relayed", `Refused: the relay does not pass on ${path}; it passes on only the OpenCode routes this page uses.`);
  if (!onPath.some((r) => r.method === method)) return refuse(405, "method-not-allowed", `Refused: the relay does not pass on ${method} ${path}.`);
  // A shell on another machine is not relayed: issue 18 carries sessions (stream, send, permissions,
  // actions, Changes, search) between machines, not shells, and a loopback hub has no sign-in of its
  // own, so a peer's terminal would hand B's shell to every local user of this machine (tasks/10).
  // Refused before OpenCode is asked, so no terminal is started there that nobody can connect to.
  if (TERMINAL_PATH.test(path) && (instance.machine || (instance.origin ?? "local") !== "local"))
    return refuse(
      403,
      "terminal-not-relayed",
      "Refused: terminals of servers on other machines are not relayed; open the terminal on that machine's own Switchboard.",
    );
  const base = new URL(instance.url);
  // A peer's instance URL is the peer hub's own relay (`https://b:7420/relay/<id>`): the path is appended to it.
  const prefix = base.pathname.replace(/\/$/, "");
  const upstream = new URL(`${prefix}${path}${query}`, base.origin);
  // Belt and braces: whatever the path, the request goes to the instance itself.
  if (upstream.origin !== base.origin || !upstream.pathname.startsWith(`${prefix}/`))
    return refuse(400, "bad-path", "Refused: that path would leave the instance.");
  return { ok: true, instance, upstream, stream: STREAM_PATHS.has(path) };
}

function refuse(status: 400 | 403 | 404 | 405, reason: string, message: string): RelayDecision {
  return { ok: false, status, reason, message };
}

/** The Basic credentials the registry put in an instance's events URL, for the Authorization header upstream. */
export function upstreamAuthorization(instance: Pick<Instance, "eventsUrl">): string | null {
  if (!instance.eventsUrl) return null;
  try {
    const token = new URL(instance.eventsUrl).searchParams.get("auth_token");
    return token ? `Basic ${token}` : null;
  } catch {
    return null;
  }
}
