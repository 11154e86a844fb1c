/**
 * Query evaluation over MiniSearch's own postings: the same BM25+ formula, field boosts and
 * prefix/typo weights as `MiniSearch.search()`, but it ranks into a bounded top-K instead of
 * building two objects per matching document and sorting them all. That full materialization
 * was most of a query's cost (a common word or a 3-letter prefix matches tens of thousands of
 * documents: 80–240 ms of CPU per query at 100,000 messages; dev-docs/benchmarks.md "Search").
 * The index itself stays MiniSearch's (pinned 7.2.0); this reads its internals, whose shape
 * `search-index.test.ts` checks against MiniSearch's own ranking.
 */
import type MiniSearch from "minisearch";

/** fieldId → (document short id → term frequency): one term's postings. */
type TermData = Map<number, Map<number, number>>;

/** The parts of MiniSearch 7.2.0 read here (private there; same names since 6.0). */
interface Internals {
  _index: {
    get(term: string): TermData | undefined;
    atPrefix(prefix: string): Iterable<[string, TermData]>;
    fuzzyGet(term: string, maxDistance: number): Map<string, [TermData, number]>;
  };
  _documentCount: number;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _nextId: number;
}

/** MiniSearch's defaults (BM25+ k, b, d; prefix and fuzzy weights). */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
/** Query words scored (a bit each in a signed 32-bit mask). */
const MAX_WORDS = 31;

/** What the scorer is asked: the query's normalized words and how to expand them. */
export interface ScoreQuery {
  /** Distinct normalized words (at most 31 are used: one bit each). */
  words: string[];
  /** The last word also matches as a prefix (it is being typed). */
  prefixLast: boolean;
  /** Words at least this long also match with one typo… */
  fuzzyMinLength: number;
  /** …when the exact and prefix matches touch fewer documents than this. */
  fuzzyBelowHits: number;
  /** At most this many prefix expansions, the shortest (then most frequent) first. */
  maxExpansions: number;
  /** Documents ranked at most (offset + limit is capped to it). */
  maxRanked: number;
}

/** One ranked document: its MiniSearch short id, score and which query words it holds (bit i = word i). */
export interface ScoredDoc {
  short: number;
  score: number;
  words: number;
}

/** The ranked top of a query, how many documents matched (capped at maxRanked), and the index words it matched (for highlighting). */
export interface Scored {
  top: ScoredDoc[];
  total: number;
  terms: Set<string>;
}

/**
 * Ranks documents: tier 0 holds every query word, tier 1 is in a session holding every word, tier
 * 2 the rest; inside a tier by score (MiniSearch's: BM25+ sum × words matched). Per document it
 * keeps, in arrays by MiniSearch's short id, what a query reads for every hit (field lengths,
 * session, liveness), so no hit costs a string-keyed lookup.
 */
export interface QueryScorer {
  /** Call right after `ms.add(doc)`: records the document (its session as a small number); returns its short id. */
  added(id: string | number, session: number): number;
  /** Call before `ms.discard(id)`. */
  removed(short: number): void;
  /** The first `want` documents in rank order; `keep` filters them by short id (null: all). */
  score(q: ScoreQuery, want: number, keep: ((short: number) => boolean) | null): Scored;
}

/** A scorer over `ms`; `boosts` are the field boosts (fields not named are not searched). */
export function createQueryScorer(ms: MiniSearch, boosts: Record<string, number>): QueryScorer {
  const inner = ms as unknown as Internals & { _idToShortId: Map<string | number, number> };
  const fields = Object.entries(boosts).map(([name, boost]) => {
    const id = inner._fieldIds[name];
    if (id === undefined) throw new Error(`search: no field ${name} in the index`);
    return { id, boost };
  });
  let capacity = 0;
  let score = new Float64Array(0);
  let mask = new Uint32Array(0);
  let sessionOf = new Int32Array(0);
  let alive = new Uint8Array(0);
  let lengths = fields.map(() => new Float64Array(0));

  function grow(size: number): void {
    if (size <= capacity) return;
    capacity = Math.max(1024, size * 2);
    const copy = <T extends Float64Array | Uint32Array | Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    score = new Float64Array(capacity);
    mask = new Uint32Array(capacity);
    sessionOf = copy(sessionOf, (n) => new Int32Array(n));
    alive = copy(alive, (n) => new Uint8Array(n));
    lengths = lengths.map((old) => copy(old, (n) => new Float64Array(n)));
  }

  function scoreTerm(data: TermData, weight: number, bit: number, touched: number[]): void {
    fields.forEach((field, f) => {
      const postings = data.get(field.id);
      if (!postings) return;
      const n = postings.size;
      const avg = inner._avgFieldLength[field.id] ?? 1;
      const w = weight * field.boost * Math.log(1 + (inner._documentCount - n + 0.5) / (n + 0.5));
      const len = lengths[f] as Float64Array;
      for (const [doc, tf] of postings) {
        // Discarded documents keep their postings until MiniSearch vacuums.
        if (alive[doc] !== 1) continue;
        if (mask[doc] === 0) touched.push(doc);
        score[doc] =
          (score[doc] as number) + w * (BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * (len[doc] as number)) / avg)));
        mask[doc] = (mask[doc] as number) | bit;
      }
    });
  }

  return {
    added(id, session) {
      const short = inner._idToShortId.get(id);
      if (short === undefined) throw new Error("search: a document was recorded before MiniSearch added it");
      grow(inner._nextId);
      const fl = inner._fieldLength.get(short) ?? [];
      fields.forEach((field, f) => ((lengths[f] as Float64Array)[short] = fl[field.id] ?? 0));
      sessionOf[short] = session;
      alive[short] = 1;
      return short;
    },
    removed(short) {
      alive[short] = 0;
    },
    score(q, want, keep) {
      const words = q.words.slice(0, MAX_WORDS);
      grow(inner._nextId);
      const touched: number[] = [];
      const terms = new Set<string>();
      words.forEach((word, i) => {
        const bit = 2 ** i;
        const exact = inner._index.get(word);
        if (exact) {
          terms.add(word);
          scoreTerm(exact, 1, bit, touched);
        }
        if (q.prefixLast && i === words.length - 1) {
          for (const [term, data] of expansions(inner, word, q.maxExpansions)) {
            terms.add(term);
            scoreTerm(data, (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * (term.length - word.length)), bit, touched);
          }
        }
      });
      if (touched.length < q.fuzzyBelowHits) {
        words.forEach((word, i) => {
          if (word.length < q.fuzzyMinLength) return;
          for (const [term, [data, distance]] of inner._index.fuzzyGet(word, 1)) {
            if (distance === 0 || terms.has(term)) continue;
            terms.add(term);
            scoreTerm(data, (FUZZY_WEIGHT * term.length) / (term.length + distance), 2 ** i, touched);
          }
        });
      }
      const full = 2 ** words.length - 1;
      // Tier 1 needs every session's words first (over the kept documents only).
      const sessionWords = new Map<number, number>();
      if (words.length >= 2)
        for (const doc of touched) {
          if (keep && !keep(doc)) continue;
          const s = sessionOf[doc] as number;
          sessionWords.set(s, (sessionWords.get(s) ?? 0) | (mask[doc] as number));
        }
      const heap = createTopHeap(Math.min(want, q.maxRanked));
      let total = 0;
      for (const doc of touched) {
        if (keep && !keep(doc)) continue;
        total++;
        const m = mask[doc] as number;
        const tier = m === full ? 0 : sessionWords.get(sessionOf[doc] as number) === full ? 1 : 2;
        // Tier first, then score; ties: the older document (smaller short id) first.
        heap.offer((2 - tier) * 1e12 + (score[doc] as number) * popcount(m), doc, -doc);
      }
      const top = heap
        .sorted()
        .map((doc) => ({ short: doc, score: (score[doc] as number) * popcount(mask[doc] as number), words: mask[doc] as number }));
      for (const doc of touched) {
        score[doc] = 0;
        mask[doc] = 0;
      }
      return { top, total: Math.min(total, q.maxRanked), terms };
    },
  };
}

/** The prefix's longer index words: the shortest first (they weigh most), then the most frequent. */
function expansions(inner: Internals, prefix: string, max: number): [string, TermData][] {
  const all: [string, TermData, number][] = [];
  for (const [term, data] of inner._index.atPrefix(prefix)) {
    if (term === prefix) continue;
    let df = 0;
    for (const postings of data.values()) df += postings.size;
    all.push([term, data, df]);
  }
  if (all.length > max) all.sort((a, b) => a[0].length - b[0].length || b[2] - a[2]);
  return all.slice(0, max).map(([term, data]) => [term, data]);
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v; v &= v - 1) n++;
  return n;
}

/** A bounded min-heap keeping the `size` largest (key, tie) pairs; `sorted()` gives their docs, largest first. */
function createTopHeap(size: number): { offer(key: number, doc: number, tie: number): void; sorted(): number[] } {
  const keys: number[] = [];
  const ties: number[] = [];
  const docs: number[] = [];
  const less = (i: number, j: number): boolean =>
    (keys[i] as number) < (keys[j] as number) || (keys[i] === keys[j] && (ties[i] as number) < (ties[j] as number));
  const swap = (i: number, j: number): void => {
    [keys[i], keys[j]] = [keys[j] as number, keys[i] as number];
    [ties[i], ties[j]] = [ties[j] as number, ties[i] as number];
    [docs[i], docs[j]] = [docs[j] as number, docs[i] as number];
  };
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < keys.length && less(l, m)) m = l;
      if (r < keys.length && less(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  return {
    offer(key, doc, tie) {
      if (size <= 0) return;
      if (keys.length < size) {
        keys.push(key);
        ties.push(tie);
        docs.push(doc);
        for (let i = keys.length - 1; i > 0;) {
          const p = (i - 1) >> 1;
          if (!less(i, p)) break;
          swap(i, p);
          i = p;
        }
        return;
      }
      if (key < (keys[0] as number) || (key === keys[0] && tie <= (ties[0] as number))) return;
      keys[0] = key;
      ties[0] = tie;
      docs[0] = doc;
      down(0);
    },
    sorted() {
      const order = keys.map((_, i) => i).sort((a, b) => (less(a, b) ? 1 : less(b, a) ? -1 : 0));
      return order.map((i) => docs[i] as number);
    },
  };
}
