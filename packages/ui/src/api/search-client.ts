/** The hub's search API (dev-docs/search.md): message search across every server, and a session as indexed. */
import type { IndexedSession, SearchResponse, SearchRole } from "./hub-types";
import { readJson, send, type FetchLike } from "./http";

const HUB = "the Switchboard hub";

/** What a search asks for; every field but `q` is optional. */
export interface SearchParams {
  q: string;
  limit?: number;
  cursor?: string;
  instance?: string;
  directory?: string;
  role?: SearchRole;
  since?: number;
}

/** Client of GET /api/search and GET /api/search/session/:id. */
export interface SearchClient {
  /** One page of hits; `signal` cancels a search made stale by newer typing. */
  search(params: SearchParams, signal?: AbortSignal): Promise<SearchResponse>;
  /** A session's text as the index holds it (readable when its server is gone). */
  session(sessionId: string, signal?: AbortSignal): Promise<IndexedSession>;
}

/** The query string of a search (empty fields left out). */
export function searchQueryString(params: SearchParams): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== "") query.set(key, String(value));
  return query.toString();
}

/** Creates the client; `base` is "" for the page's own origin. */
export function makeSearchClient(options: { base?: string; fetchImpl?: FetchLike; timeoutMs?: number } = {}): SearchClient {
  const base = options.base ?? "";
  const fetchImpl: FetchLike = options.fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 15_000;
  return {
    async search(params, signal) {
      const spec = {
        method: "GET" as const,
        url: `${base}/api/search?${searchQueryString(params)}`,
        target: HUB,
        what: "the search",
        timeoutMs,
        signal,
      };
      return readJson<SearchResponse>(await send(fetchImpl, spec), spec);
    },
    async session(sessionId, signal) {
      const url = `${base}/api/search/session/${encodeURIComponent(sessionId)}`;
      const spec = { method: "GET" as const, url, target: HUB, what: "the indexed session", timeoutMs, signal };
      return readJson<IndexedSession>(await send(fetchImpl, spec), spec);
    },
  };
}
