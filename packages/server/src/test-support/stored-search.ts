/** A search service for route tests: a registry with no servers, its index loaded from a store written into `dir` first. */
import { createSearchService, type SearchService } from "../search/search-service.js";
import { createSessionStore } from "../search/session-store.js";
import type { StoredSession } from "../search/types.js";
import { createFakeRegistry, sampleDocument } from "./fake-registry.js";

/** Writes `sessions` to the store in `dir`, then starts a service that loads them from there. */
export async function storedSearchService(dir: string, sessions: readonly StoredSession[]): Promise<SearchService> {
  const store = createSessionStore({ dir, live: () => sessions });
  for (const s of sessions) store.put(s);
  await store.flush();
  const service = createSearchService({ registry: createFakeRegistry({ ...sampleDocument(), instances: [] }), dir });
  await service.start();
  return service;
}
