/**
 * Pure derivations for the session list and tabs. The store's selectors own ownership and
 * list membership; this file only shapes their answer for the sidebar (groups, tree rows).
 */
import type { SessionEntry, State } from "../../store/types";

/** What a row's pill and `data-session-status` show. */
export type SessionStatusKind = "idle" | "busy" | "retry";

/** `data-session-status` of one session (absent status = idle). */
export function statusKind(state: State, sessionId: string): SessionStatusKind {
  const type = state.status[sessionId]?.type;
  return type === "busy" || type === "retry" ? type : "idle";
}

/** What the session is waiting for from the user, if anything (permission wins over question). */
export function attentionOf(state: State, sessionId: string): "permission" | "question" | null {
  if ((state.permissions[sessionId]?.length ?? 0) > 0) return "permission";
  if ((state.questions[sessionId]?.length ?? 0) > 0) return "question";
  return null;
}

/** One row of the sidebar: a session at a nesting depth (children sit under their parent). */
export interface SessionRow {
  id: string;
  depth: number;
}

/** A directory group of the sidebar, newest activity first. */
export interface SessionGroup {
  directory: string;
  rows: SessionRow[];
  /** Newest `time.updated` in the group, for ordering. */
  latest: number;
}

/** Case-insensitive match of the filter against title, directory, slug and id. */
export function matchesFilter(entry: SessionEntry, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (needle === "") return true;
  const info = entry.info;
  return [info.title, info.directory, info.slug, info.id].some((field) =>
    (field ?? "").toLowerCase().includes(needle),
  );
}

/**
 * Groups sessions by directory and nests children under their parents. A child whose parent
 * is not in `entries` shows at top level; a filter hit on a child keeps its parent visible.
 */
export function groupSessions(entries: readonly SessionEntry[], filter: string): SessionGroup[] {
  const byId = new Map(entries.map((entry) => [entry.info.id, entry]));
  const visible = new Set<string>();
  for (const entry of entries) {
    if (!matchesFilter(entry, filter)) continue;
    // Keep the whole ancestor chain so a matching child still reads in context.
    let current: SessionEntry | undefined = entry;
    while (current && !visible.has(current.info.id)) {
      visible.add(current.info.id);
      current = current.info.parentID ? byId.get(current.info.parentID) : undefined;
    }
  }
  const children = new Map<string, SessionEntry[]>();
  const roots: SessionEntry[] = [];
  for (const entry of entries) {
    if (!visible.has(entry.info.id)) continue;
    const parentId = entry.info.parentID;
    if (parentId && visible.has(parentId)) {
      const list = children.get(parentId) ?? [];
      list.push(entry);
      children.set(parentId, list);
    } else {
      roots.push(entry);
    }
  }
  const newestFirst = (a: SessionEntry, b: SessionEntry) =>
    b.info.time.updated - a.info.time.updated || (a.info.id < b.info.id ? 1 : -1);
  const groups = new Map<string, SessionGroup>();
  for (const root of [...roots].sort(newestFirst)) {
    const directory = root.info.directory;
    const group = groups.get(directory) ?? { directory, rows: [], latest: 0 };
    const walk = (entry: SessionEntry, depth: number) => {
      group.rows.push({ id: entry.info.id, depth });
      group.latest = Math.max(group.latest, entry.info.time.updated);
      const kids = children.get(entry.info.id);
      if (!kids) return;
      // Children read in creation order, like the steps of their parent's work.
      for (const kid of [...kids].sort((a, b) => a.info.time.created - b.info.time.created)) walk(kid, depth + 1);
    };
    walk(root, 0);
    groups.set(directory, group);
  }
  return [...groups.values()].sort((a, b) => b.latest - a.latest || a.directory.localeCompare(b.directory));
}
