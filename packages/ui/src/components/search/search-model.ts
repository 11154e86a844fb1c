/** Pure shaping of search hits for the views: snippet pieces from offsets, and hits grouped by session. */
import type { SearchResult } from "../../api/hub-types";

/** What a result needs to be opened. */
export interface OpenTarget {
  sessionId: string;
  messageId: string;
  /** null: no running server lists it, so it opens read-only from the index. */
  instanceId: string | null;
}

/** A run of snippet text, marked when the search words matched it. */
export interface SnippetPiece {
  text: string;
  marked: boolean;
}

/**
 * Cuts `snippet` at the `[start, end)` offsets into plain and marked pieces. Offsets out of range,
 * reversed or overlapping an earlier one are clamped or skipped, so bad input never loses text.
 */
export function snippetPieces(snippet: string, matches: ReadonlyArray<readonly [number, number]>): SnippetPiece[] {
  const pieces: SnippetPiece[] = [];
  let at = 0;
  const sorted = [...matches].sort((a, b) => a[0] - b[0]);
  for (const [rawStart, rawEnd] of sorted) {
    const start = Math.max(at, Math.min(rawStart, snippet.length));
    const end = Math.min(Math.max(rawEnd, start), snippet.length);
    if (end <= start) continue;
    if (start > at) pieces.push({ text: snippet.slice(at, start), marked: false });
    pieces.push({ text: snippet.slice(start, end), marked: true });
    at = end;
  }
  if (at < snippet.length) pieces.push({ text: snippet.slice(at), marked: false });
  return pieces;
}

/** The hits of one session, in the order the hub ranked them. */
export interface SessionHits {
  sessionId: string;
  title: string;
  directory: string;
  instanceId: string | null;
  machine: string | null;
  hits: SearchResult[];
}

/** Groups hits by session, sessions in the order of their best hit (the hub ranks them). */
export function groupBySession(results: readonly SearchResult[]): SessionHits[] {
  const groups = new Map<string, SessionHits>();
  for (const hit of results) {
    const group = groups.get(hit.sessionId);
    if (group) group.hits.push(hit);
    else
      groups.set(hit.sessionId, {
        sessionId: hit.sessionId,
        title: hit.title,
        directory: hit.directory,
        instanceId: hit.instanceId,
        machine: hit.machine,
        hits: [hit],
      });
  }
  return [...groups.values()];
}

/** The hits in on-screen order (groups flattened): what ↑/↓ walk. */
export function flatHits(groups: readonly SessionHits[]): SearchResult[] {
  return groups.flatMap((group) => group.hits);
}

/** Words for who said it. */
export const ROLE_WORDS: Record<SearchResult["role"], string> = { user: "You", assistant: "Reply", tool: "Tool" };
