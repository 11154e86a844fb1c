/** HTTP verification of a listening port (thin I/O around probe-classify). */
import { Agent, request } from "undici";
import {
  classifyBroken,
  classifyHealth,
  classifyInfo,
  classifyPath,
  classifyProject,
  openCodeErrorMessage,
  shortenServerMessage,
  type ProbeResponse,
} from "./probe-classify.js";
import type { Credentials, InstanceProtocol } from "./types.js";

/** Where to probe: host as used in a URL ("127.0.0.1", "[::1]") and port. */
export interface ProbeTarget {
  host: string;
  port: number;
}

/** Outcome of probing one port. */
export type ProbeResult =
  | { kind: "opencode"; directory: string | null; version: string | null; protocol: InstanceProtocol }
  /** A password challenge (1.x: 401 Basic on /project; 2.x: 401 UnauthorizedError on /api/info) and no credentials sent. */
  | { kind: "auth-required"; protocol: InstanceProtocol }
  /** The same challenge although credentials were sent: they are wrong. */
  | { kind: "rejected"; protocol: InstanceProtocol }
  /** OpenCode (healthy /global/health or its JSON error body) whose API answers errors; `message` is shortened, secrets masked. */
  | { kind: "error"; message: string; version: string | null }
  /** `timedOut`: no answer within the budget (a hang, or OpenCode's slow first request after start). */
  | { kind: "not-opencode"; reason: string; timedOut?: boolean };

/** Probes ports; one keep-alive-free connection pool shared by all probes. */
export interface Prober {
  /**
   * `known`: the protocol this port answered before. For `v2` the probe asks `/api/info` and
   * `/api/location` at once (one round trip instead of three), falling back to the full probe when
   * the answer is not OpenCode 2's.
   */
  probe(target: ProbeTarget, credentials?: Credentials, known?: InstanceProtocol): Promise<ProbeResult>;
  close(): Promise<void>;
}

/** Bodies larger than this are not OpenCode's probe answers; stop reading. */
const MAX_BODY = 4 * 1024 * 1024;

/** `Basic base64(user:pass)` token value, also used for `?auth_token=`. */
export function basicToken(credentials: Credentials): string {
  return Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64");
}

/** Creates a prober whose every request (connect, headers, body) must finish within timeoutMs. */
export function createProber(opts: { timeoutMs: number }): Prober {
  const timeoutMs = opts.timeoutMs;
  // Short-lived connections: probes are rare, and idle sockets would pin the servers' handles.
  const agent = new Agent({ connect: { timeout: timeoutMs }, keepAliveTimeout: 1, keepAliveMaxTimeout: 1, pipelining: 0 });

  async function get(target: ProbeTarget, path: string, credentials?: Credentials): Promise<ProbeResponse> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (credentials) headers["authorization"] = `Basic ${basicToken(credentials)}`;
    const res = await request(`http://${target.host}:${target.port}${path}`, {
      dispatcher: agent,
      method: "GET",
      headers,
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    let body = "";
    for await (const chunk of res.body) {
      body += (chunk as Buffer).toString("utf8");
      if (body.length > MAX_BODY) {
        res.body.destroy();
        break;
      }
    }
    return {
      status: res.statusCode,
      contentType: headerOf(res.headers["content-type"]),
      wwwAuthenticate: headerOf(res.headers["www-authenticate"]),
      body,
    };
  }

  /** A port known to be OpenCode 2; null when it no longer answers like it (the full probe decides then). */
  async function probeKnownV2(target: ProbeTarget, credentials?: Credentials): Promise<ProbeResult | null> {
    const [info, location] = await Promise.all([settle(get(target, "/api/info", credentials)), settle(get(target, "/api/location", credentials))]);
    if (info.err !== null) return { kind: "not-opencode", reason: `GET /api/info failed: ${describeError(info.err)}`, timedOut: isTimeout(info.err) };
    const v2 = classifyInfo(info.res, credentials !== undefined);
    if (v2 === null) return null;
    if (v2.kind !== "v2") return { kind: v2.kind, protocol: "v2" };
    return { kind: "opencode", protocol: "v2", version: v2.version, directory: location.res === null ? null : classifyPath(location.res) };
  }

  /**
   * OpenCode 2 verified: its default folder from /api/location. That folder is the server's cwd, which
   * the registry knows anyway, so a location that does not answer in time (a fresh 2.1.2 under load took
   * 0.5–1.5 s for it, measured) gives null instead of failing the check: the registry lists the cwd.
   */
  async function probeV2Location(target: ProbeTarget, version: string | null, credentials?: Credentials): Promise<ProbeResult> {
    const location = await settle(get(target, "/api/location", credentials));
    return { kind: "opencode", protocol: "v2", version, directory: location.res === null ? null : classifyPath(location.res) };
  }

  return {
    async probe(target, credentials, known) {
      const v2 = known === "v2" ? await probeKnownV2(target, credentials) : null;
      if (v2 !== null) return v2;
      let project: ProbeResponse;
      try {
        project = await get(target, "/project", credentials);
      } catch (err) {
        return { kind: "not-opencode", reason: `GET /project failed: ${describeError(err)}`, timedOut: isTimeout(err) };
      }
      const verdict = classifyProject(project, credentials !== undefined);
      const secrets = credentials ? [credentials.password] : [];
      if (verdict.kind === "not-opencode") {
        // OpenCode 2 answers /project with its web app (it has only /api/*): /api/info tells it.
        // An OpenCode 1.x process whose API fails (e.g. 1.14 on a database a newer version migrated)
        // must be listed as broken, not dropped as "not OpenCode": health tells them apart.
        const [info, health] = await Promise.all([settle(get(target, "/api/info", credentials)), settle(get(target, "/global/health", credentials))]);
        const v2 = classifyInfo(info.res, credentials !== undefined);
        if (v2 !== null && v2.kind !== "v2") return { kind: v2.kind, protocol: "v2" };
        if (v2 !== null) return probeV2Location(target, v2.version, credentials);
        const broken = classifyBroken(project, health.res);
        if (broken) return { kind: "error", message: shortenServerMessage(broken.message, secrets), version: broken.version };
        // A hung /api/info may be OpenCode 2's slow first request after start: retried like one.
        return info.err !== null && isTimeout(info.err)
          ? { ...verdict, reason: `${verdict.reason}; GET /api/info timed out`, timedOut: true }
          : verdict;
      }
      if (verdict.kind !== "opencode") return { kind: verdict.kind, protocol: "global" };
      // Only an HTTP answer classifies: a /global/health that timed out on a busy machine once made
      // a 1.18 server "legacy" (and a slow /path left it without a directory), for good, since
      // verified servers are not probed again. No answer → not verified yet; the registry retries.
      let path: ProbeResponse;
      let health: ProbeResponse;
      try {
        [path, health] = await Promise.all([get(target, "/path", credentials), get(target, "/global/health", credentials)]);
      } catch (err) {
        return {
          kind: "not-opencode",
          reason: `answered /project, then not /path or /global/health: ${describeError(err)}`,
          timedOut: isTimeout(err),
        };
      }
      const pathError = openCodeErrorMessage(path);
      if (pathError !== null) return { kind: "error", message: shortenServerMessage(pathError, secrets), version: classifyHealth(health).version };
      return { kind: "opencode", directory: classifyPath(path), ...classifyHealth(health) };
    },
    async close() {
      await agent.destroy();
    },
  };
}

/** A request's answer or its error, so parallel requests can each fail on their own. */
async function settle(pending: Promise<ProbeResponse>): Promise<{ res: ProbeResponse | null; err: unknown }> {
  try {
    return { res: await pending, err: null };
  } catch (err) {
    return { res: null, err };
  }
}

function headerOf(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

function isTimeout(err: unknown): boolean {
  const e = err as { name?: unknown; code?: unknown } | null;
  return (
    e?.name === "TimeoutError" || e?.code === "UND_ERR_HEADERS_TIMEOUT" || e?.code === "UND_ERR_BODY_TIMEOUT" || e?.code === "UND_ERR_CONNECT_TIMEOUT"
  );
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === "string" ? `${code} ${err.message}` : err.name === "TimeoutError" ? "timed out" : err.message;
  }
  return String(err);
}
