/** Pure verdicts on probe responses (see opencode-protocol.md "Verification probes"). */
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

/** `GET /path` → the launch directory, or null when the answer is not the expected shape. */
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
