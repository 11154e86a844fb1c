/** What "Revert to here" undoes: the turns from a user message on, and the files they changed. Pure. */
import type { FileDiff } from "../../../api/session-ops";
import type { Message, Part } from "../../../store/types";

/** One turn to undo: its user message and the first line of its prompt. */
export interface RevertTurn {
  messageId: string;
  prompt: string;
}

/** The turns `messageId` and after it (user messages only), oldest first, skipping turns already reverted. */
export function turnsFrom(
  messages: readonly Message[],
  parts: Readonly<Record<string, readonly Part[]>>,
  messageId: string,
  revertPoint?: string,
): RevertTurn[] {
  return messages
    .filter((m) => m.role === "user" && m.id >= messageId && !(revertPoint && m.id >= revertPoint))
    .map((m) => ({ messageId: m.id, prompt: firstLine(parts[m.id] ?? []) }));
}

function firstLine(parts: readonly Part[]): string {
  for (const p of parts) {
    if (p.type === "text" && !p.synthetic) {
      const line = p.text.trim().split("\n")[0] ?? "";
      if (line) return line.length > 120 ? `${line.slice(0, 119)}…` : line;
    }
  }
  return "(no text)";
}

/** The files the turns changed, each once, sorted. */
export function filesOf(diffs: ReadonlyArray<readonly FileDiff[]>): string[] {
  return [...new Set(diffs.flat().map((d) => d.file))].sort();
}
