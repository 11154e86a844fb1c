/** What `/global/health` answers. */
export interface Health {
  healthy: boolean;
  version: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One health probe with its own short timeout; undefined when not (yet) healthy. */
export async function probeHealth(url: string, headers: Record<string, string>, timeoutMs: number): Promise<Health | undefined> {
  try {
    const res = await fetch(`${url}/global/health`, { headers, signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok || !res.headers.get("content-type")?.includes("application/json")) return undefined;
    const body = (await res.json()) as Partial<Health>;
    return body.healthy === true && typeof body.version === "string" ? { healthy: true, version: body.version } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Readiness of a 1.0.x server, which has no `/global/health` (it answers 500): `GET /path` must
 * answer with a directory. The version cannot be asked, so the caller's `version` is reported.
 */
export async function probeLegacyPath(url: string, headers: Record<string, string>, timeoutMs: number, version: string): Promise<Health | undefined> {
  try {
    const res = await fetch(`${url}/path`, { headers, signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok || !res.headers.get("content-type")?.includes("application/json")) return undefined;
    const body = (await res.json()) as { directory?: unknown };
    return typeof body.directory === "string" ? { healthy: true, version } : undefined;
  } catch {
    return undefined;
  }
}

/** Readiness of an OpenCode 2 server: `GET /api/info` (auth required) answers with its version. */
export async function probeInfo(url: string, headers: Record<string, string>, timeoutMs: number): Promise<Health | undefined> {
  try {
    const res = await fetch(`${url}/api/info`, { headers, signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok || !res.headers.get("content-type")?.includes("application/json")) return undefined;
    const body = (await res.json()) as { version?: unknown };
    return typeof body.version === "string" ? { healthy: true, version: body.version } : undefined;
  } catch {
    return undefined;
  }
}

/** A readiness probe: health.version when ready, undefined while not (yet). */
export type Probe = (url: string, headers: Record<string, string>, timeoutMs: number) => Promise<Health | undefined>;

/**
 * Poll `/global/health` (or `probe`, e.g. probeLegacyPath) until it answers. Each attempt has a short timeout because a request
 * that reaches OpenCode before it has finished booting can hang forever (measured on 1.18.33);
 * the next attempt then succeeds.
 */
export async function waitForHealth(
  url: string,
  headers: Record<string, string>,
  deadline: number,
  stillRunning: () => boolean,
  probe: Probe = probeHealth,
): Promise<Health> {
  const what = probe === probeHealth ? "/global/health" : probe === probeInfo ? "/api/info" : "/path";
  while (Date.now() < deadline) {
    if (!stillRunning()) throw new Error(`process exited before it answered ${what}`);
    const health = await probe(url, headers, Math.min(1_500, Math.max(100, deadline - Date.now())));
    if (health) return health;
    await sleep(100);
  }
  throw new Error(`${url} did not answer its readiness probe (${what}) in time`);
}
