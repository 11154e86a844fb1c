/**
 * The timeline as a list of stable row keys (strings), so the virtual list and Solid's <For>
 * keep each row's DOM (and its open/closed disclosures) while the store updates parts in place.
 * Local stand-in for the store's `timeline(state, sessionId)` selector; same placement rule.
 */
import type { Message, SessionErrorEntry } from "../../store/types";

/** One row of the timeline. */
export type TimelineRow =
  | { kind: "message"; key: string; messageId: string }
  | { kind: "error"; key: string; index: number };

/** Key prefixes: the row kind is recoverable from the key alone. */
export const messageKey = (id: string): string => `m:${id}`;
export const errorKey = (index: number): string => `e:${index}`;

/** Parses a key made by {@link messageKey} / {@link errorKey}. */
export function parseRowKey(key: string): TimelineRow | null {
  if (key.startsWith("m:")) return { kind: "message", key, messageId: key.slice(2) };
  if (key.startsWith("e:")) {
    const index = Number(key.slice(2));
    return Number.isInteger(index) ? { kind: "error", key, index } : null;
  }
  return null;
}

/**
 * Row keys in display order: messages (sorted by id) with each session error placed right after
 * the message that was last when it arrived. Message ids are time-ordered, so an error whose
 * message is not loaded goes after the last loaded message that is older than it; an error that
 * predates the loaded window is left out while older history remains to be loaded.
 */
export function timelineRowKeys(
  messages: readonly Message[],
  errors: readonly SessionErrorEntry[],
  historyComplete: boolean,
): string[] {
  const keys: string[] = [];
  const pending = errors
    .map((error, index) => ({ error, index }))
    .sort((a, b) => compareAfter(a.error.afterMessageId, b.error.afterMessageId) || a.index - b.index);
  const firstId = messages[0]?.id ?? null;
  let e = 0;
  // Errors before the first loaded message (or before any message at all).
  while (e < pending.length) {
    const after = pending[e]!.error.afterMessageId;
    if (after !== null && firstId !== null && after >= firstId) break;
    if (after === null ? historyComplete || firstId === null : historyComplete) keys.push(errorKey(pending[e]!.index));
    e++;
  }
  for (let i = 0; i < messages.length; i++) {
    const msg = messages[i]!;
    keys.push(messageKey(msg.id));
    const nextId = messages[i + 1]?.id ?? null;
    while (e < pending.length) {
      const after = pending[e]!.error.afterMessageId;
      if (after === null || (nextId !== null && after >= nextId)) break;
      keys.push(errorKey(pending[e]!.index));
      e++;
    }
  }
  return keys;
}

function compareAfter(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
