/**
 * The in-memory index: MiniSearch (BM25+, prefix and fuzzy matching) over every stored message's
 * indexed text, one document per (message, role), plus one per session title. MiniSearch and the
 * scorer live in a worker thread (postings.ts, postings-thread.ts); this thread keeps the stored
 * sessions and what each document number stands for: they give snippets, filters and the
 * read-only session view.
 */
import type { SearchResult } from "../contract/hub-api.js";
import { createLocalPostings, type PostingDoc, type Postings } from "./postings.js";
import { createThreadPostings } from "./postings-thread.js";
import { snippetOf } from "./snippet.js";
import type { StoreReader } from "./store-reader.js";
import { queryTerms } from "./tokens.js";
import type { IndexedMessage, SearchRequest, StoredSession } from "./types.js";
import { createYielder } from "./yielder.js";

/** A document's place: its session, and its message (null for the title document); updated in place. */
interface DocRef {
  session: StoredSession;
  message: IndexedMessage | null;
  /** The document's number (never reused; the worker's postings are addressed by it). */
  no: number;
}

/** One page of ranked results and how many there are in all. */
export interface SearchPage {
  results: SearchResult[];
  total: number;
}

/** Size of what the index holds. */
export interface IndexStats {
  sessions: number;
  documents: number;
  /** Characters of indexed text (messages and titles). */
  textChars: number;
}

/** The index as the service uses it. Mutations are async (they yield); run them one at a time. */
export interface SearchIndex {
  /** Adds or replaces a session: only documents whose text changed are re-indexed. */
  upsert(session: StoredSession): Promise<void>;
  remove(sessionId: string): void;
  get(sessionId: string): StoredSession | undefined;
  sessions(): IterableIterator<StoredSession>;
  /** Ranked hits: documents with every query word first, then sessions with every word, then the rest. Sees every change made before it was called. */
  search(req: SearchRequest, instanceOf: (sessionId: string) => string | null): Promise<SearchPage>;
  stats(): IndexStats;
  /** Distinct words in the index (what its memory grows with most); counted by walking it, so for benches and diagnostics. */
  termCount(): Promise<number>;
  /** Reads the store's file in the index's worker thread (in-thread with `postings: "local"`); for the store's `read`. */
  readStore: StoreReader;
  /** Ends the worker thread; the index answers no more searches. */
  close(): Promise<void>;
}

/** Options of {@link createSearchIndex}. */
export interface SearchIndexOptions {
  /** "worker" (default): MiniSearch in a worker thread; "local": in this thread (unit tests). */
  postings?: "worker" | "local";
  /** Hears a failure of the worker (for the log). */
  onError?: (message: string) => void;
}

/** Words of at least this many letters also match with one typo… */
const FUZZY_MIN_LENGTH = 5;
/** …when the exact and prefix matches give fewer hits than this (typo search walks much of the vocabulary). */
const FUZZY_BELOW_HITS = 20;
/** Shorter words would expand to a large part of the vocabulary. */
const PREFIX_MIN_LENGTH = 3;
/** A prefix expands to at most this many index words (the shortest, then the most frequent): "kar" in a large vocabulary has thousands. */
const MAX_EXPANSIONS = 40;
/** Hits ranked per query: nobody pages past them, and ranking every hit of a common word is what made queries slow. */
export const MAX_RANKED = 1000;
/** Documents sent to the worker in one message at most (a restart re-indexes sessions of hundreds of messages). */
const ADD_BATCH = 200;
/** Documents the worker may be behind before an upsert waits for it. */
const MAX_UNSETTLED = 2_000;

const messageDocId = (m: IndexedMessage): string => `m:${m.messageId}:${m.role}`;
const titleDocId = (sessionId: string): string => `t:${sessionId}`;

/** Creates an empty index. */
export function createSearchIndex(opts: SearchIndexOptions = {}): SearchIndex {
  const postings: Postings = opts.postings === "local" ? createLocalPostings() : createThreadPostings(opts.onError);
  const sessions = new Map<string, StoredSession>();
  const docs = new Map<string, DocRef>();
  /** The same documents by number (what the scorer hands back). */
  const refs: (DocRef | undefined)[] = [];
  let nextNo = 0;
  /** Changes not yet sent to the postings: sent in one message per upsert slice. */
  let adds: PostingDoc[] = [];
  let discards: number[] = [];
  /** Documents sent since the worker last said it caught up. */
  let unsettled = 0;
  const sendChanges = () => {
    // Discards first: a re-indexed document is discarded under its old number, then added anew.
    postings.discard(discards);
    postings.add(adds);
    unsettled += adds.length + discards.length;
    adds = [];
    discards = [];
  };
  /** Sessions as small numbers, for the scorer's per-document arrays. */
  const sessionNo = new Map<string, number>();
  let textChars = 0;

  function drop(id: string): void {
    const ref = docs.get(id);
    if (!ref) return;
    textChars -= ref.message ? ref.message.text.length : ref.session.title.length;
    docs.delete(id);
    refs[ref.no] = undefined;
    // A discard of a document still waiting to be sent cancels its add.
    const pending = adds.findIndex((d) => d.no === ref.no);
    if (pending !== -1) adds.splice(pending, 1);
    else discards.push(ref.no);
  }

  function put(id: string, session: StoredSession, message: IndexedMessage | null): void {
    const text = message ? message.text : "";
    const title = message ? "" : session.title;
    textChars += text.length + title.length;
    let sno = sessionNo.get(session.sessionId);
    if (sno === undefined) sessionNo.set(session.sessionId, (sno = sessionNo.size));
    const ref: DocRef = { session, message, no: nextNo++ };
    adds.push({ no: ref.no, text, title, session: sno });
    docs.set(id, ref);
    refs[ref.no] = ref;
  }

  /** Points an unchanged document at the session's new version. */
  function keep(id: string, session: StoredSession, message: IndexedMessage | null): void {
    const ref = docs.get(id);
    if (!ref) return;
    ref.session = session;
    ref.message = message;
  }

  // One time slice across upserts: a restart re-indexes thousands of small sessions back to back
  // (through promise chains that never leave the microtask queue), so a per-call slice never yielded.
  const maybeYield = createYielder();

  /**
   * Sends what is pending, then yields if the slice is used up. When the worker is
   * {@link MAX_UNSETTLED} documents behind, waits for it: a first indexing would otherwise queue
   * the whole corpus in messages (measured: +150 MB RSS at 100k messages).
   */
  const sendAndYield = async () => {
    sendChanges();
    if (unsettled >= MAX_UNSETTLED) {
      unsettled = 0;
      await postings.settled();
    }
    return maybeYield();
  };

  return {
    async upsert(session) {
      await sendAndYield();
      const old = sessions.get(session.sessionId);
      const oldText = new Map<string, string>();
      if (old) for (const m of old.messages) oldText.set(messageDocId(m), m.text);
      const next = new Set<string>();
      sessions.set(session.sessionId, session);
      for (const m of session.messages) {
        const id = messageDocId(m);
        next.add(id);
        const before = oldText.get(id);
        if (before === m.text) {
          keep(id, session, m);
          continue;
        }
        if (before !== undefined) drop(id);
        if (m.text.trim() !== "") put(id, session, m);
        if (adds.length >= ADD_BATCH) await sendAndYield();
        else await maybeYield();
      }
      for (const id of oldText.keys()) if (!next.has(id)) drop(id);
      const tid = titleDocId(session.sessionId);
      if (old?.title !== session.title || !docs.has(tid)) {
        drop(tid);
        if (session.title.trim() !== "") put(tid, session, null);
      } else keep(tid, session, null);
      sendChanges();
    },

    remove(sessionId) {
      const old = sessions.get(sessionId);
      if (!old) return;
      for (const m of old.messages) drop(messageDocId(m));
      drop(titleDocId(sessionId));
      sessions.delete(sessionId);
      sendChanges();
    },

    get: (id) => sessions.get(id),
    sessions: () => sessions.values(),

    async search(req, instanceOf) {
      sendChanges();
      const words = queryTerms(req.q);
      if (words.length === 0 || req.offset >= MAX_RANKED) return { results: [], total: 0 };
      const filtered = req.role !== undefined || req.directory !== undefined || req.since !== undefined || req.instance !== undefined;
      const passes = (ref: DocRef): boolean => {
        if (req.role && roleOf(ref) !== req.role) return false;
        if (req.directory !== undefined && ref.session.directory !== req.directory) return false;
        if (req.since !== undefined && timeOf(ref) < req.since) return false;
        return req.instance === undefined || instanceOf(ref.session.sessionId) === req.instance;
      };
      // The filter travels as a mask by document number (the worker cannot call back); no filter, no mask.
      let allowed: Uint8Array | null = null;
      if (filtered) {
        const mask = new Uint8Array(nextNo);
        refs.forEach((ref, no) => {
          if (ref && passes(ref)) mask[no] = 1;
        });
        allowed = mask;
      }
      const scored = await postings.score({
        q: {
          words,
          prefixLast: (words.at(-1)?.length ?? 0) >= PREFIX_MIN_LENGTH,
          fuzzyMinLength: FUZZY_MIN_LENGTH,
          fuzzyBelowHits: FUZZY_BELOW_HITS,
          maxExpansions: MAX_EXPANSIONS,
          maxRanked: MAX_RANKED,
        },
        want: req.offset + req.limit,
        allowed,
      });
      const terms = new Set(scored.terms);
      const results: SearchResult[] = [];
      for (const hit of scored.top.slice(req.offset)) {
        // A document removed while the query was in the worker is left out.
        const ref = refs[hit.no];
        if (ref) results.push(toResult(hit.score, ref, terms, instanceOf));
      }
      return { results, total: scored.total };
    },

    stats: () => ({ sessions: sessions.size, documents: docs.size, textChars }),
    termCount: () => {
      sendChanges();
      return postings.termCount();
    },
    readStore: postings.readStore,
    close: () => postings.close(),
  };
}

function roleOf(ref: DocRef): IndexedMessage["role"] {
  return ref.message ? ref.message.role : "user";
}

function timeOf(ref: DocRef): number {
  return ref.message ? ref.message.time : ref.session.updated;
}

function toResult(score: number, ref: DocRef, matched: ReadonlySet<string>, instanceOf: (sessionId: string) => string | null): SearchResult {
  // The query's index words (exact, expansions, typos): any of them in this document matched it.
  const { snippet, matches } = snippetOf(ref.message ? ref.message.text : ref.session.title, (w) => matched.has(w));
  const first = ref.session.messages[0];
  return {
    sessionId: ref.session.sessionId,
    messageId: ref.message ? ref.message.messageId : (first?.messageId ?? ""),
    instanceId: instanceOf(ref.session.sessionId),
    machine: null,
    directory: ref.session.directory,
    title: ref.session.title,
    role: roleOf(ref),
    snippet,
    matches,
    time: ref.message ? ref.message.time : (first?.time ?? ref.session.updated),
    score: Math.round(score * 1000) / 1000,
  };
}
