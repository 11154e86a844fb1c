/**
 * Which message Undo and Redo revert to, as OpenCode's TUI decides: Undo reverts the last user
 * message before the current revert point; Redo moves the point to the next user message, or
 * unreverts when there is none after it.
 */
import type { Message, Session } from "./types";

/** What Redo should do. */
export type RedoStep = { kind: "revert"; messageID: string } | { kind: "unrevert" } | null;

/** The user message Undo reverts to, or null when there is nothing to undo. */
export function undoTarget(session: Pick<Session, "revert">, messages: readonly Message[]): string | null {
  const point = session.revert?.messageID;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m && m.role === "user" && (!point || m.id < point)) return m.id;
  }
  return null;
}

/** What Redo does, or null when nothing is reverted. */
export function redoStep(session: Pick<Session, "revert">, messages: readonly Message[]): RedoStep {
  const point = session.revert?.messageID;
  if (!point) return null;
  const next = messages.find((m) => m.role === "user" && m.id > point);
  return next ? { kind: "revert", messageID: next.id } : { kind: "unrevert" };
}

/** True for messages hidden by the session's revert point (the reverted turn and what followed). */
export function isReverted(session: Pick<Session, "revert"> | undefined, messageId: string): boolean {
  const point = session?.revert?.messageID;
  return point !== undefined && messageId >= point;
}
