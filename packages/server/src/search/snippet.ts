/** Plain-text snippets around matched words, with the matches as offsets into the snippet. */
import { WORD_RE } from "./tokens.js";

/** A snippet and the [start, end) offsets of the matched words in it. */
export interface Snippet {
  snippet: string;
  matches: [number, number][];
}

/** Characters of context kept before the first match. */
const LEAD = 50;
/** Default snippet length (before the ellipses). */
export const SNIPPET_LENGTH = 180;

/**
 * Cuts `text` (whitespace collapsed) around its first matched word. `isMatch` gets each word in
 * lower case. The text stays text: nothing is escaped or interpreted, the renderer must do that.
 */
export function snippetOf(text: string, isMatch: (lowerWord: string) => boolean, length = SNIPPET_LENGTH): Snippet {
  const flat = text.replace(/\s+/g, " ").trim();
  const words = [...flat.matchAll(WORD_RE)].filter((m) => isMatch(m[0].toLowerCase()));
  const first = words[0]?.index ?? 0;
  let start = Math.max(0, first - LEAD);
  // Start on a word boundary: skip the cut word's tail.
  if (start > 0) {
    const space = flat.indexOf(" ", start);
    if (space !== -1 && space < first) start = space + 1;
  }
  let end = Math.min(flat.length, start + length);
  if (end < flat.length) {
    const space = flat.lastIndexOf(" ", end);
    if (space > first && space > start) end = space;
  }
  const prefix = start > 0 ? "…" : "";
  const suffix = end < flat.length ? "…" : "";
  const snippet = prefix + flat.slice(start, end) + suffix;
  const matches: [number, number][] = [];
  for (const m of words) {
    const s = (m.index ?? 0) - start;
    const e = s + m[0].length;
    if (s < 0 || e > end - start) continue;
    matches.push([s + prefix.length, e + prefix.length]);
  }
  return { snippet, matches };
}
