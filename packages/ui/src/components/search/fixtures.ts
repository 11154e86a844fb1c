/** Search hits and a fake search client for the search views' tests. */
import type { IndexedSession, SearchResponse, SearchResult } from "../../api/hub-types";
import type { SearchClient, SearchParams } from "../../api/search-client";

/** A hit with defaults; `snippet`/`matches` as the hub sends them. */
export function makeHit(over: Partial<SearchResult> & Pick<SearchResult, "sessionId" | "messageId">): SearchResult {
  return {
    instanceId: "api",
    machine: null,
    directory: "/home/dev/api",
    title: "Refactor auth",
    role: "user",
    snippet: "rotate the token",
    matches: [[11, 16]],
    time: Date.now() - 60_000,
    score: 1,
    ...over,
  };
}

/** An answer as a test writes it: `unanswered` (peer machines missing) defaults to none. */
type FakeAnswer = Omit<SearchResponse, "unanswered"> & Partial<Pick<SearchResponse, "unanswered">>;

/** A client answering every search with `answer(params)`; `sessions` by id for the index's copy. */
export function fakeSearchClient(answer: (params: SearchParams) => FakeAnswer | Promise<FakeAnswer>, sessions: Record<string, IndexedSession> = {}) {
  const calls: SearchParams[] = [];
  const aborted: SearchParams[] = [];
  const client: SearchClient = {
    async search(params, signal) {
      calls.push(params);
      signal?.addEventListener("abort", () => aborted.push(params));
      return { unanswered: [], ...(await answer(params)) };
    },
    async session(sessionId) {
      const session = sessions[sessionId];
      if (!session) throw new Error(`the Switchboard hub refused the indexed session (404): not indexed`);
      return session;
    },
  };
  return { client, calls, aborted };
}
