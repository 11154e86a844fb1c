/** What the command palette offers: every session on every server, and every action (pure). */
import fuzzysort from "fuzzysort";
import type { SearchResult } from "../../api/hub-types";
import type { State } from "../../store/types";
import { ownerOf } from "../../store/ownership";
import { sessionActionItems, type SessionActionId } from "../session-actions/action-catalog";
import { SHORTCUTS, type ShortcutId } from "../shortcuts/keymap";

/** One palette entry. */
export type PaletteEntry =
  | { kind: "session"; key: string; sessionId: string; title: string; detail: string; archived: boolean }
  | { kind: "action"; key: string; action: SessionActionId; sessionId: string; title: string; detail: string; disabled: string | null }
  | { kind: "command"; key: string; command: ShortcutId | "theme"; title: string; detail: string }
  /** A message the hub's search found (the "Messages" group, filled as the user types). */
  | {
      kind: "message";
      key: string;
      sessionId: string;
      messageId: string;
      instanceId: string | null;
      title: string;
      detail: string;
      snippet: string;
      matches: Array<[number, number]>;
    };

const basename = (path: string) =>
  path
    .replace(/[\\/]+$/, "")
    .split(/[\\/]/)
    .pop() || path;

/** All entries: the active session's actions, app commands, then sessions newest first. */
export function paletteEntries(state: State, activeSessionId: string | null): PaletteEntry[] {
  const out: PaletteEntry[] = [];
  if (activeSessionId && state.sessions[activeSessionId]) {
    for (const item of sessionActionItems(state, activeSessionId)) {
      out.push({
        kind: "action",
        key: `action:${item.id}`,
        action: item.id,
        sessionId: activeSessionId,
        title: item.label.replace(/…$/, ""),
        // Only the action's own words are searched: the session title would make every action match it.
        detail: item.shortcut ?? "",
        disabled: item.disabledReason,
      });
    }
  }
  const commands: Array<[ShortcutId, string]> = [
    ["new-session", "New session"],
    ["search", "Search messages"],
    ["help", "Keyboard shortcuts"],
    ["inbox", "Open Needs you"],
    ["reopen-tab", "Reopen closed tab"],
  ];
  for (const [command, title] of commands) {
    out.push({ kind: "command", key: `command:${command}`, command, title, detail: SHORTCUTS.find((s) => s.id === command)?.keys ?? "" });
  }
  out.push({ kind: "command", key: "command:theme", command: "theme", title: "Switch theme (light, dark, system)", detail: "" });
  const sessions = Object.values(state.sessions).sort((a, b) => b.info.time.updated - a.info.time.updated);
  for (const entry of sessions) {
    const owner = ownerOf(entry, state.instances);
    const port = owner ? state.instances[owner]?.info.port : undefined;
    out.push({
      kind: "session",
      key: `session:${entry.info.id}`,
      sessionId: entry.info.id,
      title: entry.info.title || "Untitled session",
      detail: `${basename(entry.info.directory)}${port ? ` :${port}` : " · no running server"}`,
      archived: Boolean(entry.info.time.archived),
    });
  }
  return out;
}

/** Entries matching `query` (fuzzy on title and detail), best first; empty query = all, capped. */
export function filterEntries(entries: readonly PaletteEntry[], query: string, limit = 50): PaletteEntry[] {
  const q = query.trim();
  if (!q) return entries.slice(0, limit);
  const results = fuzzysort.go(q, entries, { keys: ["title", "detail"], limit, threshold: 0.2 });
  return results.map((r) => r.obj);
}

/** Message hits as palette entries: the session's title, its folder, the snippet with its marks. */
export function messageEntries(results: readonly SearchResult[]): PaletteEntry[] {
  return results.map((hit) => ({
    kind: "message",
    key: `message:${hit.sessionId}/${hit.messageId}/${hit.role}`,
    sessionId: hit.sessionId,
    messageId: hit.messageId,
    instanceId: hit.instanceId,
    title: hit.title || "Untitled session",
    detail: `${basename(hit.directory)}${hit.instanceId === null && !hit.machine ? " · no running server" : ""}`,
    snippet: hit.snippet,
    matches: hit.matches,
  }));
}
