/**
 * Pure: one page of a search over several indexes (this hub's and each peer hub's), and the
 * cursor that pages through all of them at once. Each source keeps its own order; the page takes
 * the best-scored head of the sources in turn, so every hit appears on exactly one page.
 */
import type { SearchResult } from "../contract/hub-api.js";

/** Where the local index stands (an offset; null: every hit given) and each peer (its own cursor and the hits of that page already given; null: done). */
export interface FederatedCursor {
  local: number | null;
  peers: Record<string, PeerPosition | null>;
}

/** A peer's `next` cursor (null: its first page) and how many hits of that page were already given. */
export interface PeerPosition {
  cursor: string | null;
  skip: number;
}

/** One source's answer for this page. */
export interface SourcePage {
  /** "local", or a peer machine id. */
  source: string;
  results: SearchResult[];
  /** Local: how many hits in all; peers: their `next` cursor. */
  more: { total: number } | { next: string | null };
}

/** The cursor of a first page. */
export const FIRST: FederatedCursor = { local: 0, peers: {} };

/** Merges the sources' pages into one of `limit` hits and moves the cursor past what it gave. */
export function mergePages(cursor: FederatedCursor, pages: readonly SourcePage[], limit: number): { results: SearchResult[]; next: FederatedCursor } {
  const heads = pages.map(() => 0);
  const results: SearchResult[] = [];
  while (results.length < limit) {
    let best = -1;
    pages.forEach((p, i) => {
      const head = p.results[heads[i] as number];
      if (head && (best < 0 || head.score > (pages[best]?.results[heads[best] as number]?.score ?? -Infinity))) best = i;
    });
    if (best < 0) break;
    results.push(pages[best]?.results[heads[best] as number] as SearchResult);
    heads[best] = (heads[best] as number) + 1;
  }
  const next: FederatedCursor = { local: cursor.local, peers: { ...cursor.peers } };
  pages.forEach((p, i) => {
    const taken = heads[i] as number;
    if ("total" in p.more) {
      const at = (cursor.local ?? 0) + taken;
      next.local = at < p.more.total ? at : null;
      return;
    }
    const was = cursor.peers[p.source] ?? { cursor: null, skip: 0 };
    if (taken < p.results.length) next.peers[p.source] = { cursor: was.cursor, skip: was.skip + taken };
    else next.peers[p.source] = p.more.next === null ? null : { cursor: p.more.next, skip: 0 };
  });
  return { results, next };
}

/** Whether a page after this cursor can hold anything (`peers`: the peer ids searched now). */
export function hasMore(cursor: FederatedCursor, peers: readonly string[]): boolean {
  return cursor.local !== null || peers.some((id) => cursor.peers[id] !== null);
}

/** The cursor as the API hands it out (opaque to clients). */
export function encodeCursor(cursor: FederatedCursor): string {
  return Buffer.from(JSON.stringify({ o: cursor.local, p: cursor.peers })).toString("base64url");
}

/** A cursor this hub gave out, or null. */
export function decodeCursor(text: string): FederatedCursor | null {
  try {
    const raw = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as { o?: unknown; p?: unknown };
    const local = raw.o === null ? null : typeof raw.o === "number" && Number.isInteger(raw.o) && raw.o >= 0 ? raw.o : undefined;
    if (local === undefined) return null;
    const peers: Record<string, PeerPosition | null> = {};
    if (raw.p !== undefined) {
      if (typeof raw.p !== "object" || raw.p === null) return null;
      for (const [id, pos] of Object.entries(raw.p as Record<string, unknown>)) {
        if (pos === null) peers[id] = null;
        else if (isPosition(pos)) peers[id] = { cursor: pos.cursor, skip: pos.skip };
        else return null;
      }
    }
    return { local, peers };
  } catch {
    return null;
  }
}

function isPosition(x: unknown): x is PeerPosition {
  const p = x as PeerPosition;
  return (
    typeof x === "object" &&
    x !== null &&
    (p.cursor === null || typeof p.cursor === "string") &&
    Number.isInteger(p.skip) &&
    p.skip >= 0 &&
    p.skip <= 1000
  );
}
