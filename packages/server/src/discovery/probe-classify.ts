/** Pure verdicts on probe responses (dev-docs/discovery.md "Verification"). */
import type { InstanceProtocol } from "./types.js";

/** The parts of an HTTP response a verdict needs. */
export interface ProbeResponse {
  status: number;
  contentType: string | null;
  wwwAuthenticate: string | null;
  body: string;
}

/** Verdict of `GET /project`. */
export type ProjectVerdict =
  | { kind: "opencode" }
  /** 401 Basic realm="Secure Area" without credentials: OpenCode needing a password. */
  | { kind: "auth-required" }
  /** The same 401 although credentials were sent: they are wrong. */
  | { kind: "rejected" }
  | { kind: "not-opencode"; reason: string };

function isJson(res: ProbeResponse): boolean {
  return (res.contentType ?? "").toLowerCase().split(";")[0]?.trim() === "application/json";
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** True for OpenCode's password challenge: `WWW-Authenticate: Basic realm="Secure Area"`. */
export function isOpenCodeChallenge(res: ProbeResponse): boolean {
  return res.status === 401 && /^basic\s+realm="secure area"/i.test((res.wwwAuthenticate ?? "").trim());
}

/** `GET /project` must be 200 application/json with an array; anything else is not OpenCode. */
export function classifyProject(res: ProbeResponse, sentCredentials: boolean): ProjectVerdict {
  if (isOpenCodeChallenge(res)) return sentCredentials ? { kind: "rejected" } : { kind: "auth-required" };
  if (res.status !== 200) return { kind: "not-opencode", reason: `GET /project answered ${res.status}` };
  if (!isJson(res)) return { kind: "not-opencode", reason: `GET /project answered ${res.contentType ?? "no content-type"}` };
  if (!Array.isArray(parseJson(res.body))) return { kind: "not-opencode", reason: "GET /project did not answer a JSON array" };
  return { kind: "opencode" };
}

/**
 * `GET /path` (1.x) or `GET /api/location` (2.x; its default folder, the server's cwd) → the launch
 * directory: both answer `{directory, …}`; null when the answer is not that shape.
 */
export function classifyPath(res: ProbeResponse): string | null {
  if (res.status !== 200 || !isJson(res)) return null;
  const body = parseJson(res.body);
  if (typeof body !== "object" || body === null) return null;
  const directory = (body as Record<string, unknown>)["directory"];
  return typeof directory === "string" && directory.length > 0 ? directory : null;
}

/** `GET /global/health` answer → version and protocol; an error answer means a legacy (1.0.x) server. */
export function classifyHealth(res: ProbeResponse | null): { protocol: InstanceProtocol; version: string | null } {
  if (res === null || res.status !== 200 || !isJson(res)) return { protocol: "legacy", version: null };
  const body = parseJson(res.body);
  if (typeof body !== "object" || body === null) return { protocol: "legacy", version: null };
  const version = (body as Record<string, unknown>)["version"];
  return { protocol: "global", version: typeof version === "string" ? version : null };
}

/** Verdict of OpenCode 2's `GET /api/info`; null when the answer is not OpenCode 2's. */
export type InfoVerdict = { kind: "v2"; version: string | null } | { kind: "auth-required" } | { kind: "rejected" };

/**
 * `GET /api/info` as OpenCode 2 answers it: 200 JSON `{version, pid, urls, …}` with working credentials,
 * 401 JSON `{"_tag":"UnauthorizedError",…}` without (proof of 2.x: 1.x answers its web app's HTML there,
 * and another server's 401 lacks that body). Anything else is not OpenCode 2.
 */
export function classifyInfo(res: ProbeResponse | null, sentCredentials: boolean): InfoVerdict | null {
  if (res === null || !isJson(res)) return null;
  const body = parseJson(res.body);
  if (typeof body !== "object" || body === null || Array.isArray(body)) return null;
  const fields = body as Record<string, unknown>;
  if (res.status === 401) {
    if (fields["_tag"] !== "UnauthorizedError") return null;
    return sentCredentials ? { kind: "rejected" } : { kind: "auth-required" };
  }
  if (res.status !== 200 || !Array.isArray(fields["urls"]) || typeof fields["pid"] !== "number") return null;
  const version = fields["version"];
  return { kind: "v2", version: typeof version === "string" ? version : null };
}

/** OpenCode's own error body, `{"name":"UnknownError","data":{"message":"…"}}` → its message; null for any other answer. */
export function openCodeErrorMessage(res: ProbeResponse): string | null {
  if (res.status < 400) return null;
  const body = parseJson(res.body);
  if (typeof body !== "object" || body === null || Array.isArray(body)) return null;
  const { name, data } = body as Record<string, unknown>;
  if (typeof name !== "string" || typeof data !== "object" || data === null) return null;
  const message = (data as Record<string, unknown>)["message"];
  return typeof message === "string" && message.trim() !== "" ? message : name;
}

/** `GET /global/health` said `{"healthy":true,…}`: an OpenCode server, whatever its other routes answer. */
export function isHealthy(res: ProbeResponse | null): boolean {
  if (res === null || res.status !== 200 || !isJson(res)) return false;
  const body = parseJson(res.body);
  return typeof body === "object" && body !== null && (body as Record<string, unknown>)["healthy"] === true;
}

/**
 * Verdict on an OpenCode process's port whose `GET /project` did not answer like a working server:
 * OpenCode answering errors (its JSON error body, or any error while `/global/health` is healthy)
 * gives the server's message; anything else is not OpenCode (null).
 */
export function classifyBroken(project: ProbeResponse, health: ProbeResponse | null): { message: string; version: string | null } | null {
  const own = openCodeErrorMessage(project);
  const healthy = isHealthy(health);
  if (own === null && !healthy) return null;
  const version = healthy && health ? classifyHealth(health).version : null;
  return { message: own ?? `GET /project answered ${project.status}${project.body.trim() ? `: ${project.body.trim()}` : ""}`, version };
}

/** Longest server message the hub passes on; the UI shows it in a notice, the log in one line. */
export const MAX_SERVER_MESSAGE = 240;

const SECRET_PATTERNS: readonly [RegExp, string][] = [
  // user:password@ in URLs
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi, "$1***@"],
  // Authorization values
  [/\b(basic|bearer)\s+[a-z0-9._~+/=-]{8,}/gi, "$1 ***"],
  // password=…, auth_token: …, api_key=…, secret=…, token=…
  [/\b(password|passwd|auth_token|token|secret|api[_-]?key)(["']?\s*[=:]\s*["']?)[^\s"'&,;]+/gi, "$1$2***"],
];

/**
 * A server's error message as the hub shows it: one line, secrets masked (the given ones and anything
 * shaped like a password, token or URL credentials), at most MAX_SERVER_MESSAGE characters.
 */
export function shortenServerMessage(message: string, secrets: readonly string[] = []): string {
  let text = message.replace(/\s+/g, " ").trim();
  for (const secret of secrets) if (secret.length >= 3) text = text.split(secret).join("***");
  for (const [pattern, replacement] of SECRET_PATTERNS) text = text.replace(pattern, replacement);
  return text.length > MAX_SERVER_MESSAGE ? `${text.slice(0, MAX_SERVER_MESSAGE - 1).trimEnd()}…` : text;
}
