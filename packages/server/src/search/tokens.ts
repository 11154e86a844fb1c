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

/** Normalizes a word for the index and for queries (MiniSearch's `processTerm`); null drops it. */
export function processTerm(term: string): string | null {
  if (term.length > MAX_TERM_LENGTH) return null;
  return term.toLowerCase();
}

/** The distinct normalized words of a query. */
export function queryTerms(q: string): string[] {
  return [...new Set(tokenize(q).flatMap((t) => processTerm(t) ?? []))];
}
