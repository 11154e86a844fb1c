/**
 * The heavy half of the index: MiniSearch's postings and the query scorer, addressed by document
 * numbers the caller (search-index.ts) gives out. It runs in a worker thread (postings-worker.ts),
 * so tokenizing, adding and the garbage collection of its ~150 MB of small objects happen off the
 * hub's event loop; `createLocalPostings` runs the same code in the calling thread (tests).
 */
import MiniSearch from "minisearch";
import { createQueryScorer, type ScoreQuery } from "./query-scorer.js";
import { readStoreHere, type StoreReader } from "./store-reader.js";
import { processTerm, tokenize } from "./tokens.js";

/**
 * A document to index: `no` is the caller's number for it (also MiniSearch's id, so the worker
 * keeps no copy of the hub's string ids), `session` its session as a small number.
 */
export interface PostingDoc {
  no: number;
  text: string;
  title: string;
  session: number;
}

/** A scoring request: the scorer's query, how many to rank, and which document numbers may be hit (null: all). */
export interface PostingsQuery {
  q: ScoreQuery;
  want: number;
  allowed: Uint8Array | null;
}

/** The ranked top by the caller's numbers, how many matched, and the index words matched. */
export interface PostingsAnswer {
  top: Array<{ no: number; score: number }>;
  total: number;
  terms: string[];
}

/** The postings as the index uses them: changes are applied in call order, before any later score(). */
export interface Postings {
  add(docs: PostingDoc[]): void;
  /** Removes documents by number. */
  discard(nos: number[]): void;
  score(query: PostingsQuery): Promise<PostingsAnswer>;
  /** Distinct words after every change made before the call (what memory grows with). MiniSearch counts them by walking its tree: ask rarely. */
  termCount(): Promise<number>;
  /** Resolves once every change sent before it is applied (the sender waits on it to bound the queue). */
  settled(): Promise<void>;
  /** Reads the store file where the postings live (off the hub's thread with the worker). */
  readStore: StoreReader;
  /** Ends the worker (no-op in-thread). */
  close(): Promise<void>;
}

/** The synchronous engine both the worker and the in-thread variant run. */
export function createPostingsEngine() {
  const ms = new MiniSearch<{ id: number; text: string; title: string }>({
    fields: ["text", "title"],
    storeFields: [],
    tokenize,
    processTerm,
  });
  // Queries go through the scorer (query-scorer.ts), not ms.search(): titles weigh 1.5× message text.
  const scorer = createQueryScorer(ms, { text: 1, title: 1.5 });
  /** The caller's number of each MiniSearch short id, and back. */
  const noOfShort: number[] = [];
  const shortOfNo = new Map<number, number>();
  return {
    add(docs: PostingDoc[]): void {
      for (const d of docs) {
        ms.add({ id: d.no, text: d.text, title: d.title });
        const short = scorer.added(d.no, d.session);
        noOfShort[short] = d.no;
        shortOfNo.set(d.no, short);
      }
    },
    discard(nos: number[]): void {
      for (const no of nos) {
        const short = shortOfNo.get(no);
        if (short === undefined) continue;
        shortOfNo.delete(no);
        scorer.removed(short);
        ms.discard(no);
      }
    },
    score(query: PostingsQuery): PostingsAnswer {
      const allowed = query.allowed;
      const keep = allowed ? (short: number) => allowed[noOfShort[short] ?? -1] === 1 : null;
      const scored = scorer.score(query.q, query.want, keep);
      return {
        top: scored.top.map((hit) => ({ no: noOfShort[hit.short] ?? -1, score: hit.score })),
        total: scored.total,
        terms: [...scored.terms],
      };
    },
    termCount: (): number => ms.termCount,
  };
}

/** The postings in the calling thread (tests, and where a worker cannot start). */
export function createLocalPostings(): Postings {
  const engine = createPostingsEngine();
  return {
    add: (docs) => engine.add(docs),
    discard: (nos) => engine.discard(nos),
    score: async (query) => engine.score(query),
    termCount: async () => engine.termCount(),
    settled: async () => {},
    readStore: readStoreHere,
    close: async () => {},
  };
}
