/**
 * Switchboard's keyboard shortcuts, one table for the handler, the `?` help and the palette.
 * Never Ctrl+T, Ctrl+W, Ctrl+1…9 or other keys the browser keeps: everything else is Ctrl+Alt+…,
 * except Ctrl/Cmd+K (the palette, as in most apps), Ctrl/Cmd+Shift+F (search), Ctrl/Cmd+F (find in
 * the shown session; the browser's own find when none is shown) and `?` outside text fields.
 */

/** What a shortcut does. */
export type ShortcutId =
  | "palette"
  | "search"
  | "find"
  | "help"
  | "new-session"
  | "next-tab"
  | "prev-tab"
  | "close-tab"
  | "reopen-tab"
  | "focus-composer"
  | "focus-prompt"
  | "inbox"
  | "changes"
  | "undo"
  | "redo"
  | "terminal";

/** One shortcut: how it is matched and how it is written for people. */
export interface Shortcut {
  id: ShortcutId;
  label: string;
  keys: string;
  /** Handled elsewhere (listed in help only). */
  external?: boolean;
}

/** The table, in help order. */
export const SHORTCUTS: readonly Shortcut[] = [
  { id: "palette", label: "Command palette: jump to a session, run an action", keys: "Ctrl+K  /  ⌘K" },
  { id: "search", label: "Search messages on every server", keys: "Ctrl+Shift+F  /  ⌘⇧F" },
  { id: "find", label: "Find in this session", keys: "Ctrl+F  /  ⌘F" },
  { id: "help", label: "Show keyboard shortcuts", keys: "?" },
  { id: "new-session", label: "New session (on the active session's server)", keys: "Ctrl+Alt+N" },
  { id: "next-tab", label: "Next session tab", keys: "Ctrl+Alt+]" },
  { id: "prev-tab", label: "Previous session tab", keys: "Ctrl+Alt+[" },
  { id: "close-tab", label: "Close session tab", keys: "Ctrl+Alt+W", external: true },
  { id: "reopen-tab", label: "Reopen the last closed tab", keys: "Ctrl+Alt+Shift+T" },
  { id: "focus-composer", label: "Focus the message box", keys: "Ctrl+Alt+M" },
  { id: "focus-prompt", label: "Go to the waiting permission or question", keys: "Ctrl+Alt+A" },
  { id: "inbox", label: "Open the Needs you inbox", keys: "Ctrl+Alt+I" },
  { id: "changes", label: "Show or hide Changes", keys: "Ctrl+Alt+D" },
  { id: "undo", label: "Undo the last turn", keys: "Ctrl+Alt+Z" },
  { id: "redo", label: "Redo the undone turn", keys: "Ctrl+Alt+Shift+Z" },
  // The terminal button's own capture listener handles it (so it also works from inside xterm).
  { id: "terminal", label: "Show or hide the terminal", keys: "Ctrl+`", external: true },
];

/** The parts of a KeyboardEvent the matcher reads. */
export type KeyInput = Pick<KeyboardEvent, "key" | "code" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">;

const CTRL_ALT: Record<string, ShortcutId> = {
  KeyN: "new-session",
  BracketRight: "next-tab",
  BracketLeft: "prev-tab",
  KeyM: "focus-composer",
  KeyA: "focus-prompt",
  KeyI: "inbox",
  KeyD: "changes",
  KeyZ: "undo",
};

/** Which shortcut an event is, or null. `inText`: focus is in a field (then `?` types a question mark). */
export function matchShortcut(e: KeyInput, inText: boolean): ShortcutId | null {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.code === "KeyK") return "palette";
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.code === "KeyF") return e.shiftKey ? "search" : "find";
  if (e.ctrlKey && e.altKey && !e.metaKey) {
    if (e.shiftKey) return e.code === "KeyT" ? "reopen-tab" : e.code === "KeyZ" ? "redo" : null;
    return CTRL_ALT[e.code] ?? null;
  }
  if (!inText && e.key === "?" && !e.ctrlKey && !e.metaKey && !e.altKey) return "help";
  return null;
}

/** True when keys typed there are text (inputs, textareas, editable content). */
export function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit"].includes(target.type);
}
