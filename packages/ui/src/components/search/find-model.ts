/** Find in session (pure): which messages hold every typed word, oldest first. */

/** A message's searchable text. */
export interface FindText {
  messageId: string;
  text: string;
  time: number;
}

/** The lower-cased words of a query. */
export function findWords(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/**
 * Ids of the messages whose text holds every word (case-insensitive), oldest first. A message
 * listed twice (the index keeps reply and tool text apart; the page has its own copy) counts once.
 */
export function findHits(texts: readonly FindText[], query: string): string[] {
  const words = findWords(query);
  if (words.length === 0) return [];
  const times = new Map<string, number>();
  const joined = new Map<string, string>();
  for (const t of texts) {
    joined.set(t.messageId, `${joined.get(t.messageId) ?? ""}\n${t.text.toLowerCase()}`);
    times.set(t.messageId, Math.min(times.get(t.messageId) ?? t.time, t.time));
  }
  const hits = [...joined].filter(([, text]) => words.every((w) => text.includes(w))).map(([id]) => id);
  return hits.sort((a, b) => (times.get(a) ?? 0) - (times.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
}

/** The next current index: `step` -1 goes to an older match, +1 to a newer one; from none, the newest. */
export function stepHit(count: number, current: number | null, step: 1 | -1): number | null {
  if (count === 0) return null;
  if (current === null || current >= count) return count - 1;
  return (current + step + count) % count;
}
