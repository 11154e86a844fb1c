/** The session actions offered in menus and the palette, and whether each can run now (pure). */
import type { State } from "../../store/types";
import { redoStep, undoTarget } from "../../store/undo-redo";

/** Every session action by id. */
export type SessionActionId = "rename" | "archive" | "unarchive" | "fork" | "undo" | "redo" | "compact" | "export" | "changes" | "delete";

/** One entry of a menu. */
export interface SessionActionItem {
  id: SessionActionId;
  label: string;
  /** Why it cannot run now, or null when it can. */
  disabledReason: string | null;
  /** Shown beside the label (see shortcuts/keymap). */
  shortcut?: string;
  danger?: boolean;
}

/** The actions for one session, in menu order. */
export function sessionActionItems(state: State, sessionId: string): SessionActionItem[] {
  const entry = state.sessions[sessionId];
  if (!entry) return [];
  const messages = state.messages[sessionId] ?? [];
  const archived = Boolean(entry.info.time.archived);
  const hasTurns = messages.some((m) => m.role === "user");
  const item = (id: SessionActionId, label: string, disabledReason: string | null = null, extra: Partial<SessionActionItem> = {}) => ({
    id,
    label,
    disabledReason,
    ...extra,
  });
  return [
    item("rename", "Rename…"),
    archived ? item("unarchive", "Unarchive") : item("archive", "Archive"),
    item("fork", "Fork session", null),
    item("undo", "Undo last turn", undoTarget(entry.info, messages) ? null : "Nothing to undo.", { shortcut: "Ctrl+Alt+Z" }),
    item("redo", "Redo turn", redoStep(entry.info, messages) ? null : "Nothing was undone.", { shortcut: "Ctrl+Alt+Shift+Z" }),
    item("compact", "Compact", hasTurns ? null : "Nothing to compact yet."),
    item("changes", "Show changes", null, { shortcut: "Ctrl+Alt+D" }),
    item("export", "Export as Markdown"),
    item("delete", "Delete…", null, { danger: true }),
  ];
}
