/**
 * The hub's local-only routes behind "New session in…": its folder browser (`GET /api/folders`)
 * and starting OpenCode in a folder as a job the page follows (`/api/servers/jobs`). Remote mode
 * answers 403 to all of them.
 */
import type { FolderListing, StartJob } from "./hub-types";
import { ApiError } from "./api-error";
import { withHubMessage } from "./hub-client";
import { readJson, send, type FetchLike } from "./http";

const HUB = "the Switchboard hub";

/** What the hub offers for starting agents. */
export interface HubServers {
  /** The folders under home at `path` (home-relative); null when the hub is in remote mode. */
  folders(path: string): Promise<FolderListing | null>;
  /** Starts `opencode serve` in `directory`: the job, at once (`POST /api/servers/jobs`). */
  startJob(directory: string): Promise<StartJob>;
  /** Where that start is now (`GET /api/servers/jobs/:id`). */
  job(jobId: string): Promise<StartJob>;
  /** Cancels it; a server still booting is stopped (`DELETE /api/servers/jobs/:id`). */
  cancelJob(jobId: string): Promise<StartJob>;
  /** Stops a server the hub started (`DELETE /api/servers/:id`). */
  stop(instanceId: string): Promise<void>;
}

/** The hub's words for a failed call (its `{message}`), else the error itself. */
const hubWords = (err: unknown): unknown => (err instanceof ApiError ? withHubMessage(err) : err);

/** Creates the client (same origin as the page). */
export function makeHubServers(options: { fetchImpl?: FetchLike } = {}): HubServers {
  const fetchImpl: FetchLike = options.fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
  const jobCall = async (call: { method: "GET" | "POST" | "DELETE"; url: string; body?: unknown; what: string }): Promise<StartJob> => {
    const spec = { ...call, target: HUB, timeoutMs: 15_000 };
    try {
      return (await readJson<{ ok: true; job: StartJob }>(await send(fetchImpl, spec), spec)).job;
    } catch (err) {
      throw hubWords(err);
    }
  };
  return {
    async folders(path) {
      const spec = {
        method: "GET" as const,
        url: `/api/folders?path=${encodeURIComponent(path)}`,
        target: HUB,
        what: "the folders",
        timeoutMs: 15_000,
      };
      try {
        return await readJson<FolderListing>(await send(fetchImpl, spec), spec);
      } catch (err) {
        if (err instanceof ApiError && err.status === 403 && err.detail.includes('"remote"')) return null;
        throw hubWords(err);
      }
    },
    startJob: (directory) => jobCall({ method: "POST", url: "/api/servers/jobs", body: { directory }, what: "to start OpenCode" }),
    job: (jobId) => jobCall({ method: "GET", url: `/api/servers/jobs/${encodeURIComponent(jobId)}`, what: "how the start goes" }),
    cancelJob: (jobId) => jobCall({ method: "DELETE", url: `/api/servers/jobs/${encodeURIComponent(jobId)}`, what: "to cancel the start" }),
    async stop(instanceId) {
      const spec = {
        method: "DELETE" as const,
        url: `/api/servers/${encodeURIComponent(instanceId)}`,
        target: HUB,
        what: "to stop the server",
        timeoutMs: 15_000,
      };
      try {
        await send(fetchImpl, spec);
      } catch (err) {
        throw hubWords(err);
      }
    },
  };
}
