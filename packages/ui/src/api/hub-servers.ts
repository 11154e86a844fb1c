/**
 * The hub's local-only routes behind "New session in…": its folder browser (`GET /api/folders`)
 * and starting OpenCode in a folder (`POST /api/servers`). Remote mode answers 403 to both.
 */
import type { FolderListing, Instance } from "./hub-types";
import { ApiError } from "./api-error";
import { withHubMessage } from "./hub-client";
import { readJson, send, type FetchLike } from "./http";

const HUB = "the Switchboard hub";

/** What the hub offers for starting agents. */
export interface HubServers {
  /** The folders under home at `path` (home-relative); null when the hub is in remote mode. */
  folders(path: string): Promise<FolderListing | null>;
  /** Starts `opencode serve` in `directory` and resolves with the verified instance. */
  start(directory: string): Promise<Instance>;
  /** Stops a server the hub started (`DELETE /api/servers/:id`). */
  stop(instanceId: string): Promise<void>;
}

/** The hub's words for a failed call (its `{message}`), else the error itself. */
const hubWords = (err: unknown): unknown => (err instanceof ApiError ? withHubMessage(err) : err);

/** Creates the client (same origin as the page). */
export function makeHubServers(options: { fetchImpl?: FetchLike } = {}): HubServers {
  const fetchImpl: FetchLike = options.fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
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
    async start(directory) {
      const spec = { method: "POST" as const, url: "/api/servers", body: { directory }, target: HUB, what: "to start OpenCode", timeoutMs: 60_000 };
      try {
        const answer = await readJson<{ ok: true; instance: Instance }>(await send(fetchImpl, spec), spec);
        return answer.instance;
      } catch (err) {
        throw hubWords(err);
      }
    },
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
