/** The search module's records. The API shapes are in contract/hub-api.ts. */
import type { IndexedMessage, SearchRole } from "../contract/hub-api.js";

export type { IndexedMessage, SearchRole };

/** A session as the index stores it (on disk too): its metadata, and its messages' indexed text, oldest first. */
export interface StoredSession {
  sessionId: string;
  directory: string;
  title: string;
  /** OpenCode's time.updated when its messages were last fetched: the "indexed up to" mark. */
  updated: number;
  messages: IndexedMessage[];
}

/** What a search asks for (the route's parsed query). */
export interface SearchRequest {
  q: string;
  limit: number;
  offset: number;
  instance?: string;
  directory?: string;
  role?: SearchRole;
  since?: number;
}
