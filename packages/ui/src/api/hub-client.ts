/** REST calls to the Switchboard hub (same origin as the page). */
import type { CredentialsResult, Instance, InstancesDocument } from "./hub-types";
import { ApiError } from "./api-error";
import { readJson, send, type FetchLike } from "./http";

const HUB = "the Switchboard hub";

/** Client of the hub API; `base` is "" for the page's own origin. */
export interface HubClient {
  /** GET /api/instances. */
  instances(): Promise<InstancesDocument>;
  /** POST /api/instances/:id/credentials; resolves with the now-ready instance, rejects with words otherwise. */
  submitCredentials(instanceId: string, password: string, username?: string): Promise<Instance>;
}

/** Creates the hub client. */
export function makeHubClient(options: { base?: string; fetchImpl?: FetchLike; timeoutMs?: number } = {}): HubClient {
  const base = options.base ?? "";
  const fetchImpl: FetchLike = options.fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 15_000;
  return {
    async instances() {
      const spec = { method: "GET" as const, url: `${base}/api/instances`, target: HUB, what: "the instance list", timeoutMs };
      return readJson<InstancesDocument>(await send(fetchImpl, spec), spec);
    },

    async submitCredentials(instanceId, password, username) {
      const url = `${base}/api/instances/${encodeURIComponent(instanceId)}/credentials`;
      const body = username ? { password, username } : { password };
      const spec = { method: "POST" as const, url, body, target: HUB, what: "the password", timeoutMs };
      let res: Response;
      try {
        res = await send(fetchImpl, spec);
      } catch (err) {
        // The hub answers refusals as {ok:false, message}: its message already says what to do.
        throw err instanceof ApiError ? withHubMessage(err) : err;
      }
      const result = await readJson<CredentialsResult>(res, spec);
      if (!result.ok) throw new ApiError(result.message, res.status, result.reason);
      return result.instance;
    },
  };
}

/** The hub's own words from an error answer (`{ok:false, message}`), else the error as it was. */
export function withHubMessage(err: ApiError): ApiError {
  const body = err.detail.slice(err.detail.indexOf(": ") + 2);
  try {
    const parsed = JSON.parse(body) as Partial<{ ok: false; message: string; reason: string }>;
    if (typeof parsed.message === "string" && parsed.message) return new ApiError(parsed.message, err.status, err.detail);
  } catch {
    // Not the hub's JSON (a proxy page, say): keep the generic words.
  }
  return err;
}
