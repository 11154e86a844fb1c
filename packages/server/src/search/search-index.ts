/**
 * The in-memory index: MiniSearch (BM25+, prefix and fuzzy matching) over every stored message's
 * indexed text, one document per (message, role), plus one per session title. The stored sessions
 * are kept beside it: they give snippets, filters and the read-only session view.
 */
import MiniSearch, { type SearchResult as RawResult } from "minisearch";
import type { SearchResult } from "../contract/hub-api.js";
import { snippetOf } from "./snippet.js";
import { processTerm, queryTerms, tokenize } from "./tokens.js";
import type { IndexedMessage, SearchRequest, StoredSession } from "./types.js";
import { createYielder } from "./yielder.js";

/** A document's place: its session, and its message (null for the title document). */
interface DocRef {
  session: StoredSession;
  message: IndexedMessage | null;
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

const messageDocId = (m: IndexedMessage): string => `m:${m.messageId}:${m.role}`;
const titleDocId = (sessionId: string): string => `t:${sessionId}`;

/** Creates an empty index. */
export function createSearchIndex(): SearchIndex {
  const ms = new MiniSearch<{ id: string; text: string; title: string }>({
    fields: ["text", "title"],
    storeFields: [],
    tokenize,
    processTerm,
    searchOptions: {
      boost: { title: 1.5 },
      // Only the last word is being typed: it alone also matches as a prefix.
      prefix: (term, i, terms) => i === terms.length - 1 && term.length >= PREFIX_MIN_LENGTH,
      fuzzy: (term) => (term.length >= FUZZY_MIN_LENGTH ? 1 : false),
      combineWith: "OR",
      tokenize,
      processTerm,
    },
  });
  const sessions = new Map<string, StoredSession>();
  const docs = new Map<string, DocRef>();
  let textChars = 0;

  function drop(id: string): void {
    const ref = docs.get(id);
    if (!ref) return;
    textChars -= ref.message ? ref.message.text.length : ref.session.title.length;
    docs.delete(id);
    ms.discard(id);
  }

  function put(id: string, ref: DocRef): void {
    const text = ref.message ? ref.message.text : "";
    const title = ref.message ? "" : ref.session.title;
    textChars += text.length + title.length;
    docs.set(id, ref);
    ms.add({ id, text, title });
  }

  return {
    async upsert(session) {
      const maybeYield = createYielder();
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
          docs.set(id, { session, message: m });
          continue;
        }
        if (before !== undefined) drop(id);
        if (m.text.trim() !== "") put(id, { session, message: m });
        await maybeYield();
      }
      for (const id of oldText.keys()) if (!next.has(id)) drop(id);
      const tid = titleDocId(session.sessionId);
      if (old?.title !== session.title || !docs.has(tid)) {
        drop(tid);
        if (session.title.trim() !== "") put(tid, { session, message: null });
      } else docs.set(tid, { session, message: null });
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
      const wanted = queryTerms(req.q);
      if (wanted.length === 0) return { results: [], total: 0 };
      const filtered = req.role !== undefined || req.directory !== undefined || req.since !== undefined || req.instance !== undefined;
      const passes = (ref: DocRef): boolean => {
        if (req.role && roleOf(ref) !== req.role) return false;
        if (req.directory !== undefined && ref.session.directory !== req.directory) return false;
        if (req.since !== undefined && timeOf(ref) < req.since) return false;
        return req.instance === undefined || instanceOf(ref.session.sessionId) === req.instance;
      };
      // No filter, no callback per hit (a common word hits most documents).
      const filter = (r: RawResult): boolean => {
        const ref = docs.get(r.id as string);
        return ref !== undefined && passes(ref);
      };
      const options = filtered ? { filter } : {};
      let raw = ms.search(req.q, { ...options, fuzzy: false });
      if (raw.length < FUZZY_BELOW_HITS) raw = ms.search(req.q, options);
      const ranked = rank(raw, wanted.length, docs);
      const page = ranked.slice(req.offset, req.offset + req.limit);
      return { results: page.map(({ raw: r, ref }) => toResult(r, ref, instanceOf)), total: ranked.length };
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

/**
 * Tier 0: the document has every query word; 1: its session has them all (across documents); 2: the
 * rest. MiniSearch answers by score (already weighted by how many query words matched), so a stable
 * partition keeps score order inside each tier, in linear time.
 */
function rank(raw: RawResult[], wantedCount: number, docs: Map<string, DocRef>): { raw: RawResult; ref: DocRef }[] {
  const hits: { raw: RawResult; ref: DocRef }[] = [];
  for (const r of raw) {
    const ref = docs.get(r.id as string);
    if (ref) hits.push({ raw: r, ref });
  }
  if (wantedCount < 2) return hits;
  const bySession = new Map<string, Set<string>>();
  for (const h of hits) {
    let seen = bySession.get(h.ref.session.sessionId);
    if (!seen) bySession.set(h.ref.session.sessionId, (seen = new Set()));
    for (const t of h.raw.queryTerms) seen.add(t);
  }
  const tiers: { raw: RawResult; ref: DocRef }[][] = [[], [], []];
  for (const h of hits) {
    const tier = h.raw.queryTerms.length >= wantedCount ? 0 : (bySession.get(h.ref.session.sessionId)?.size ?? 0) >= wantedCount ? 1 : 2;
    tiers[tier]?.push(h);
  }
  return tiers.flat();
}

function toResult(r: RawResult, ref: DocRef, instanceOf: (sessionId: string) => string | null): SearchResult {
  const matched = new Set(r.terms);
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
    score: Math.round(r.score * 1000) / 1000,
  };
}
