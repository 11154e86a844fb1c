/**
 * What the relay may forward: the REST routes the page uses and the event stream, to instances
 * the hub verified, and nothing else. Pure: the route table, the path checks and the upstream URL.
 */
import type { Instance } from "../discovery/types.js";

/** One id segment as OpenCode makes them (ses_…, msg_…, per_…, que_…). */
const ID = "[A-Za-z0-9_-]{1,128}";

/** Methods and path patterns (after /relay/:instanceId) the page calls; everything else is refused. */
export const RELAY_ROUTES: ReadonlyArray<{ methods: readonly string[]; path: RegExp }> = [
  // The event streams (global for 1.2+, /event for 1.0.x).
  { methods: ["GET"], path: /^\/global\/event$/ },
  { methods: ["GET"], path: /^\/event$/ },
  // Reads.
  { methods: ["GET"], path: /^\/(global\/health|path|project|project\/current|vcs|agent|command|config|config\/providers|provider)$/ },
  { methods: ["GET"], path: /^\/(find|find\/file|find\/symbol|file|file\/content|file\/status)$/ },
  { methods: ["GET"], path: /^\/(session|session\/status|permission|question)$/ },
  { methods: ["GET", "PATCH", "DELETE"], path: new RegExp(`^/session/${ID}$`) },
  { methods: ["GET"], path: new RegExp(`^/session/${ID}/(children|message|diff|todo)$`) },
  { methods: ["GET"], path: new RegExp(`^/session/${ID}/message/${ID}$`) },
  // Writes.
  { methods: ["POST"], path: /^\/session$/ },
  { methods: ["POST"], path: new RegExp(`^/session/${ID}/(message|prompt_async|abort|fork|revert|unrevert|summarize|command|shell)$`) },
  { methods: ["POST"], path: new RegExp(`^/session/${ID}/permissions/${ID}$`) },
  { methods: ["POST"], path: new RegExp(`^/(permission/${ID}/reply|question/${ID}/reply|question/${ID}/reject)$`) },
  { methods: ["POST"], path: /^\/tui\/(select-session|show-toast)$/ },
];

/** Where a relay request goes, or why it may not. */
export type RelayDecision =
  | { ok: true; instance: Instance; upstream: URL; stream: boolean }
  | { ok: false; status: 400 | 403 | 404 | 405; reason: string; message: string };

/**
 * Decides a relay request from its raw URL (as sent, before any decoding) and method. The
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
    return refuse(404, "unknown-instance", `No verified OpenCode server has the id ${JSON.stringify(id)}; the relay reaches only servers the hub lists as ready.`);
  }
  const route = RELAY_ROUTES.find((r) => r.path.test(path));
  if (!route) return refuse(403, "route-not-relayed", `Refused: the relay does not pass on ${path}; it passes on only the OpenCode routes this page uses.`);
  if (!route.methods.includes(method)) return refuse(405, "method-not-allowed", `Refused: the relay does not pass on ${method} ${path}.`);
  const base = new URL(instance.url);
  const upstream = new URL(`${path}${query}`, base);
  // Belt and braces: whatever the path, the request goes to the instance itself.
  if (upstream.origin !== base.origin) return refuse(400, "bad-path", "Refused: that path would leave the instance.");
  return { ok: true, instance, upstream, stream: path === "/global/event" || path === "/event" };
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
