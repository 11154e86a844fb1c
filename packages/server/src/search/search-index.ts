/**
 * The in-memory index: MiniSearch (BM25+, prefix and fuzzy matching) over every stored message's
 * indexed text, one document per (message, role), plus one per session title. The stored sessions
 * are kept beside it: they give snippets, filters and the read-only session view.
 */
import MiniSearch from "minisearch";
import type { SearchResult } from "../contract/hub-api.js";
import { createQueryScorer } from "./query-scorer.js";
import { snippetOf } from "./snippet.js";
import { processTerm, queryTerms, tokenize } from "./tokens.js";
import type { IndexedMessage, SearchRequest, StoredSession } from "./types.js";
import { createYielder } from "./yielder.js";

/** A document's place: its session, and its message (null for the title document); updated in place. */
interface DocRef {
  session: StoredSession;
  message: IndexedMessage | null;
  /** MiniSearch's short id of the document. */
  short: number;
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
  /** Distinct words in the index (what its memory grows with most). */
  terms: number;
}

/** The index as the service uses it. Mutations are async (they yield); run them one at a time. */
export interface SearchIndex {
  /** Adds or replaces a session: only documents whose text changed are re-indexed. */
  upsert(session: StoredSession): Promise<void>;
  remove(sessionId: string): void;
  get(sessionId: string): StoredSession | undefined;
  sessions(): IterableIterator<StoredSession>;
  /** Ranked hits: documents with every query word first, then sessions with every word, then the rest. */
  search(req: SearchRequest, instanceOf: (sessionId: string) => string | null): SearchPage;
  stats(): IndexStats;
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

const messageDocId = (m: IndexedMessage): string => `m:${m.messageId}:${m.role}`;
const titleDocId = (sessionId: string): string => `t:${sessionId}`;

/** Creates an empty index. */
export function createSearchIndex(): SearchIndex {
  const ms = new MiniSearch<{ id: string; text: string; title: string }>({
    fields: ["text", "title"],
    storeFields: [],
    tokenize,
    processTerm,
  });
  // Queries go through the scorer (query-scorer.ts), not ms.search(): titles weigh 1.5× message text.
  const scorer = createQueryScorer(ms, { text: 1, title: 1.5 });
  const sessions = new Map<string, StoredSession>();
  const docs = new Map<string, DocRef>();
  /** The same documents by short id (what the scorer hands back). */
  const refs: (DocRef | undefined)[] = [];
  /** Sessions as small numbers, for the scorer's per-document arrays. */
  const sessionNo = new Map<string, number>();
  let textChars = 0;

  function drop(id: string): void {
    const ref = docs.get(id);
    if (!ref) return;
    textChars -= ref.message ? ref.message.text.length : ref.session.title.length;
    docs.delete(id);
    refs[ref.short] = undefined;
    scorer.removed(ref.short);
    ms.discard(id);
  }

  function put(id: string, session: StoredSession, message: IndexedMessage | null): void {
    const text = message ? message.text : "";
    const title = message ? "" : session.title;
    textChars += text.length + title.length;
    ms.add({ id, text, title });
    let no = sessionNo.get(session.sessionId);
    if (no === undefined) sessionNo.set(session.sessionId, (no = sessionNo.size));
    const ref: DocRef = { session, message, short: scorer.added(id, no) };
    docs.set(id, ref);
    refs[ref.short] = ref;
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

  return {
    async upsert(session) {
      await maybeYield();
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
        await maybeYield();
      }
      for (const id of oldText.keys()) if (!next.has(id)) drop(id);
      const tid = titleDocId(session.sessionId);
      if (old?.title !== session.title || !docs.has(tid)) {
        drop(tid);
        if (session.title.trim() !== "") put(tid, session, null);
      } else keep(tid, session, null);
    },

    remove(sessionId) {
      const old = sessions.get(sessionId);
      if (!old) return;
      for (const m of old.messages) drop(messageDocId(m));
      drop(titleDocId(sessionId));
      sessions.delete(sessionId);
    },

    get: (id) => sessions.get(id),
    sessions: () => sessions.values(),

    search(req, instanceOf) {
      const words = queryTerms(req.q);
      if (words.length === 0 || req.offset >= MAX_RANKED) return { results: [], total: 0 };
      const filtered = req.role !== undefined || req.directory !== undefined || req.since !== undefined || req.instance !== undefined;
      const passes = (short: number): boolean => {
        const ref = refs[short];
        if (!ref) return false;
        if (req.role && roleOf(ref) !== req.role) return false;
        if (req.directory !== undefined && ref.session.directory !== req.directory) return false;
        if (req.since !== undefined && timeOf(ref) < req.since) return false;
        return req.instance === undefined || instanceOf(ref.session.sessionId) === req.instance;
      };
      const scored = scorer.score(
        {
          words,
          prefixLast: (words.at(-1)?.length ?? 0) >= PREFIX_MIN_LENGTH,
          fuzzyMinLength: FUZZY_MIN_LENGTH,
          fuzzyBelowHits: FUZZY_BELOW_HITS,
          maxExpansions: MAX_EXPANSIONS,
          maxRanked: MAX_RANKED,
        },
        req.offset + req.limit,
        // No filter, no callback per hit (a common word hits most documents).
        filtered ? passes : null,
      );
      const results: SearchResult[] = [];
      for (const hit of scored.top.slice(req.offset)) {
        const ref = refs[hit.short];
        if (ref) results.push(toResult(hit.score, ref, scored.terms, instanceOf));
      }
      return { results, total: scored.total };
    },

    stats: () => ({ sessions: sessions.size, documents: docs.size, textChars, terms: ms.termCount }),
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
