import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import { createQueryScorer, type ScoreQuery } from "./query-scorer.js";
import { processTerm, queryTerms, tokenize } from "./tokens.js";

const TEXTS = [
  "kafka consumer lag after the rebalance",
  "the kafka partition offsets are stuck again",
  "partition table of the disk, partition again",
  "authentication middleware refactored",
  "author of the authorization module",
  "midleware typo in the log",
  "nothing relevant here at all",
];

/** An index with the service's fields, and the scorer over it (documents 0..n, titles on even ones). */
function build() {
  const ms = new MiniSearch<{ id: string; text: string; title: string }>({ fields: ["text", "title"], storeFields: [], tokenize, processTerm });
  const scorer = createQueryScorer(ms, { text: 1, title: 1.5 });
  TEXTS.forEach((text, i) => {
    ms.add({ id: `d${i}`, text, title: i % 2 === 0 ? "kafka notes" : "" });
    scorer.added(`d${i}`, i % 3);
  });
  const idOf = (short: number) => `d${short}`;
  return { ms, scorer, idOf };
}

const query = (q: string, more: Partial<ScoreQuery> = {}): ScoreQuery => ({
  words: queryTerms(q),
  prefixLast: true,
  fuzzyMinLength: 5,
  fuzzyBelowHits: Infinity,
  maxExpansions: 1000,
  maxRanked: 1000,
  ...more,
});

describe("query scorer", () => {
  it.each(["kafka", "partition", "auth", "midleware", "kafka partition", "partition offsets stuck"])(
    "gives MiniSearch's own scores for %j (exact, prefix and typo matches)",
    (q) => {
      const { ms, scorer, idOf } = build();
      const theirs = ms.search(q, {
        boost: { title: 1.5 },
        prefix: (term, i, terms) => i === terms.length - 1 && term.length >= 3,
        fuzzy: (term) => (term.length >= 5 ? 1 : false),
        combineWith: "OR",
      });
      const ours = scorer.score(query(q), 100, null).top;
      expect(ours.length).toBe(theirs.length);
      const byId = new Map(ours.map((d) => [idOf(d.short), d.score]));
      for (const r of theirs) expect(byId.get(r.id as string)).toBeCloseTo(r.score, 9);
    },
  );

  it("ranks documents with every word first, then sessions with every word, each by score", () => {
    const { scorer, idOf } = build();
    // d0 (session 0) holds both words; d6's title "kafka notes" is in session 0 too; d1, d2, d4 have kafka only.
    const order = scorer.score(query("kafka consumer", { prefixLast: false }), 10, null).top.map((d) => idOf(d.short));
    expect(order.slice(0, 2)).toEqual(["d0", "d6"]);
    expect(new Set(order.slice(2))).toEqual(new Set(["d1", "d2", "d4"]));
  });

  it("keeps only the first `want`, counts every hit, filters, and skips removed documents", () => {
    const { scorer, idOf } = build();
    const all = scorer.score(query("kafka"), 100, null);
    const two = scorer.score(query("kafka"), 2, null);
    expect(two.total).toBe(all.total);
    expect(two.top.map((d) => d.short)).toEqual(all.top.slice(0, 2).map((d) => d.short));
    const kept = scorer.score(query("kafka"), 100, (short) => short !== 1);
    expect(kept.top.map((d) => idOf(d.short))).not.toContain("d1");
    scorer.removed(0);
    expect(scorer.score(query("kafka"), 100, null).top.map((d) => idOf(d.short))).not.toContain("d0");
  });

  it("caps prefix expansions to the shortest words, and says which index words matched", () => {
    const { scorer } = build();
    const capped = scorer.score(query("auth", { maxExpansions: 1 }), 100, null);
    expect([...capped.terms]).toEqual(["author"]);
    const full = scorer.score(query("auth"), 100, null);
    expect(new Set(full.terms)).toEqual(new Set(["author", "authentication", "authorization"]));
  });

  it("tries one-typo matches only when the exact words touch few documents", () => {
    const { scorer } = build();
    expect(scorer.score(query("middleware", { fuzzyBelowHits: 1 }), 100, null).terms).toEqual(new Set(["middleware"]));
    expect(scorer.score(query("middleware", { fuzzyBelowHits: 5 }), 100, null).terms).toEqual(new Set(["middleware", "midleware"]));
  });
});
