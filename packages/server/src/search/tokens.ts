/**
 * What a word is, for the index and for snippets alike (one rule, so every highlighted word is a
 * word the index matched): a run of letters, digits and combining marks. `src/auth/login.ts` is
 * `src auth login ts`; `getUserById` stays one word, found by its prefix.
 */

/** A word in text (global: use with matchAll or a fresh lastIndex). */
export const WORD_RE = /[\p{L}\p{N}\p{M}]+/gu;

/** Longer "words" are blobs (base64, hashes, minified code): not indexed, so they cannot bloat the index. */
export const MAX_TERM_LENGTH = 40;

/** Splits text into words (MiniSearch's `tokenize`). */
export function tokenize(text: string): string[] {
  return text.match(WORD_RE) ?? [];
}

/**
 * English stop words (Lucene's classic set): in most messages, so they rank nothing, and indexing
 * them costs a posting in nearly every document and makes every query that holds one score most of
 * the index. Neither indexed nor searched.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  "a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with".split(" "),
);

/** Normalizes a word for the index and for queries (MiniSearch's `processTerm`); null drops it. */
export function processTerm(term: string): string | null {
  if (term.length > MAX_TERM_LENGTH) return null;
  const lower = term.toLowerCase();
  return STOP_WORDS.has(lower) ? null : lower;
}

/** The distinct normalized words of a query. */
export function queryTerms(q: string): string[] {
  return [...new Set(tokenize(q).flatMap((t) => processTerm(t) ?? []))];
}
