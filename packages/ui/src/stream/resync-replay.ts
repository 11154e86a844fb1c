/**
 * Which recorded events to re-apply after a snapshot (pure).
 *
 * While a snapshot (session list, message page) is loading, the instance's events are applied
 * live and also recorded. The snapshot then replaces what it covers and the recorded events are
 * replayed on top, in order, so nothing that happened after the server answered is lost.
 * Replaying is safe for full-state events (a later `message.part.updated` wins again), but a
 * `message.part.delta` appends: one the snapshot already contains would double its text. The
 * deltas a snapshot contains are a prefix of those recorded for that part (events arrive in
 * order), so for each part field we drop the longest prefix of recorded deltas whose text the
 * snapshot's field ends with. Deltas after a recorded `message.part.updated` of the same part are
 * always kept: that update resets the text to a point before them.
 */
import { markInterrupted } from "../store/interrupted";
import type { IncomingEvent, MessagePage, Part } from "../store/types";

/**
 * A text or reasoning part that has started and not ended: 1.x sets the part's `time.end` when it
 * ends; OpenCode 2's text entries carry no time, so there it is the reply that has not completed.
 */
function isStreamingText(part: Part, info: MessagePage["messages"][number]["info"]): part is Part & { text: string } {
  if (part.type !== "text" && part.type !== "reasoning") return false;
  const time = (part as { time?: { end?: number } }).time;
  if (time !== undefined) return time.end === undefined;
  return info.role === "assistant" && info.time.completed === undefined;
}

/**
 * OpenCode stores a text part's text when the part ends; while it streams, the stored text is ""
 * (measured on 1.18.33, and on 2.1.2 for a reply cut off by kill -9). A snapshot taken mid-stream would therefore wipe the text the page has
 * already shown. For parts that never ended, the store's text is kept when it extends the
 * snapshot's: in sessions the snapshot's server runs (`busy`) the reply is still coming; in the
 * others the server stopped mid-reply (killed, restarted), so the part is marked interrupted.
 * Patches `pages` in place; returns how many parts it patched.
 */
export function keepStreamedText(
  pages: readonly MessagePage[],
  stored: Readonly<Record<string, readonly Part[]>>,
  busy: (sessionId: string) => boolean,
): number {
  let patched = 0;
  for (const page of pages) {
    for (const { info, parts } of page.messages) {
      const local = stored[info.id];
      if (!local) continue;
      for (const part of parts) {
        if (!isStreamingText(part, info)) continue;
        const mine = local.find((p) => p.id === part.id);
        const text = mine && (mine.type === "text" || mine.type === "reasoning") ? mine.text : undefined;
        if (typeof text === "string" && text.length > part.text.length && text.startsWith(part.text)) {
          part.text = text;
          if (!busy(info.sessionID)) markInterrupted(part);
          patched++;
        }
      }
    }
  }
  return patched;
}

const partKey = (messageId: unknown, partId: unknown) => `${String(messageId)}\u0000${String(partId)}`;

/** The events to replay over `pages`, with deltas the pages already contain left out. */
export function eventsToReplay(recorded: readonly IncomingEvent[], pages: readonly MessagePage[]): IncomingEvent[] {
  const snapshotParts = new Map<string, Part>();
  for (const page of pages) {
    for (const { info, parts } of page.messages) {
      for (const part of parts) snapshotParts.set(partKey(info.id, part.id), part);
    }
  }
  if (snapshotParts.size === 0) return [...recorded];

  // Leading deltas per part+field (before any full update of that part), by index into `recorded`.
  const leading = new Map<string, number[]>();
  const resetParts = new Set<string>();
  recorded.forEach((ev, index) => {
    const p = ev.properties;
    if (ev.type === "message.part.updated") {
      const part = p.part as { id?: unknown; messageID?: unknown } | undefined;
      if (part) resetParts.add(partKey(part.messageID, part.id));
      return;
    }
    if (ev.type !== "message.part.delta" || typeof p.delta !== "string" || typeof p.field !== "string") return;
    const key = partKey(p.messageID, p.partID);
    if (resetParts.has(key) || !snapshotParts.has(key)) return;
    const fieldKey = `${key}\u0000${p.field}`;
    const list = leading.get(fieldKey) ?? [];
    list.push(index);
    leading.set(fieldKey, list);
  });

  const drop = new Set<number>();
  for (const [fieldKey, indices] of leading) {
    const [messageId, partId, field] = fieldKey.split("\u0000");
    const part = snapshotParts.get(partKey(messageId, partId)) as Record<string, unknown> | undefined;
    const text = part?.[field ?? ""];
    if (typeof text !== "string") continue;
    const deltas = indices.map((i) => String(recorded[i]?.properties.delta));
    let prefix = "";
    let contained = 0;
    for (let k = 1; k <= deltas.length; k++) {
      prefix += deltas[k - 1];
      if (prefix.length > text.length) break;
      if (text.endsWith(prefix)) contained = k;
    }
    for (let k = 0; k < contained; k++) drop.add(indices[k] as number);
  }
  return recorded.filter((_, index) => !drop.has(index));
}
