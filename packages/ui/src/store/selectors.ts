/** Pure derivations for the views (each view wraps them in createMemo). */
import { selectedMachine } from "./instance-route";
import { orderDirectories } from "./order";
import { ownerOf, servesDirectory, shownStatus, type ShownStatus } from "./ownership";
import type { Message, Part, SessionEntry, SessionErrorEntry, State } from "./types";

/** One row of the session list, with its children nested. */
export interface SessionRow {
  id: string;
  entry: SessionEntry;
  status: ShownStatus;
  /** What the session waits for from the user, if anything (permission first). */
  attention: "permission" | "question" | null;
  /** The instance prompts go to, or null when none runs it. */
  ownerId: string | null;
  children: SessionRow[];
}

/** Sessions of one project directory, newest activity first (the groups themselves keep store/order.ts's order). */
export interface SessionGroup {
  directory: string;
  sessions: SessionRow[];
}

/** Which sessions the list shows: every instance ("all") or one tab, and a text filter. */
export interface SessionListQuery {
  instanceId: "all" | string;
  filter: string;
  /** The user's home folder, shown as "~": the filter does not match its letters (every row would). */
  home?: string | null;
  /** Archived sessions are listed only when true. */
  archived?: boolean;
}

/** The session list: groups by directory in the one stable order (store/order.ts), children under parents. */
export function sessionList(state: State, query: SessionListQuery): SessionGroup[] {
  const visible = Object.values(state.sessions).filter(
    (entry) => (!entry.info.time.archived || query.archived === true) && (query.instanceId === "all" || listedUnder(state, entry, query.instanceId)),
  );

  const rows = new Map<string, SessionRow>();
  for (const entry of visible) rows.set(entry.info.id, row(state, entry));
  const roots: SessionRow[] = [];
  for (const r of rows.values()) {
    const parent = r.entry.info.parentID ? rows.get(r.entry.info.parentID) : undefined;
    if (parent) parent.children.push(r);
    else roots.push(r);
  }

  const needle = query.filter.trim().toLowerCase();
  const home = query.home ?? null;
  const kept = needle ? roots.map((r) => prune(r, needle, home)).filter((r): r is SessionRow => r !== null) : roots;

  const groups = new Map<string, SessionRow[]>();
  for (const r of kept) {
    const list = groups.get(r.entry.info.directory);
    if (list) list.push(r);
    else groups.set(r.entry.info.directory, [r]);
  }
  return orderDirectories(groups.keys(), runningDirectories(state)).map((directory) => ({
    directory,
    sessions: sortRows(groups.get(directory) ?? []),
  }));
}

/** Launch directories of the instances the hub still lists. */
export function runningDirectories(state: State): Set<string> {
  const running = new Set<string>();
  for (const entry of Object.values(state.instances)) if (!entry.gone && entry.info.directory !== null) running.add(entry.info.directory);
  return running;
}

/**
 * Whether a server runs the sessions of `directory`: one launched there, or an OpenCode 2 service
 * (it serves every folder) that lists a session of it.
 */
export function directoryRuns(state: State, running: ReadonlySet<string>, directory: string, sessionIds: readonly string[]): boolean {
  if (running.has(directory)) return true;
  return sessionIds.some((id) => {
    const entry = state.sessions[id];
    return (
      !!entry &&
      entry.seenBy.some((instanceId) => {
        const instance = state.instances[instanceId];
        return !!instance && !instance.gone && servesDirectory(instance.info, directory);
      })
    );
  });
}

/**
 * Whether an instance's tab lists the session: it saw the session, or the session is of its
 * directory. A machine's tab (`machine:<id>`) lists what any of that machine's instances lists.
 */
export function listedUnder(state: Pick<State, "instances">, entry: SessionEntry, instanceId: string): boolean {
  const machine = selectedMachine(instanceId);
  if (machine !== null) return Object.values(state.instances).some((i) => i.info.machine?.id === machine && listedUnder(state, entry, i.info.id));
  const directory = state.instances[instanceId]?.info.directory ?? null;
  return entry.seenBy.includes(instanceId) || (directory !== null && entry.info.directory === directory);
}

function row(state: State, entry: SessionEntry): SessionRow {
  const id = entry.info.id;
  const status = shownStatus(state, id);
  const attention = (state.permissions[id]?.length ?? 0) > 0 ? "permission" : (state.questions[id]?.length ?? 0) > 0 ? "question" : null;
  return { id, entry, status, attention, ownerId: ownerOf(entry, state.instances), children: [] };
}

/** What the filter matches: the words a row shows (its title and folder), never its id. */
export function filterText(info: SessionEntry["info"], home: string | null): string {
  const dir = info.directory;
  const shown = home && home !== "/" && (dir === home || dir.startsWith(`${home}/`)) ? `~${dir.slice(home.length)}` : dir;
  return `${info.title || "Untitled session"}\n${shown}`.toLowerCase();
}

/** Keeps a row when it or a descendant matches; a matching parent keeps all its children. */
function prune(r: SessionRow, needle: string, home: string | null): SessionRow | null {
  if (filterText(r.entry.info, home).includes(needle)) return r;
  const children = r.children.map((c) => prune(c, needle, home)).filter((c): c is SessionRow => c !== null);
  return children.length > 0 ? { ...r, children } : null;
}

function sortRows(rows: SessionRow[]): SessionRow[] {
  for (const r of rows) if (r.children.length > 1) sortRows(r.children);
  return rows.sort((a, b) => b.entry.info.time.updated - a.entry.info.time.updated || (a.id < b.id ? 1 : -1));
}

/**
 * Pending permissions + questions per listed session, visiting only the sessions that have some
 * (a handful) instead of every session: a badge read from each tab made that a pass over every
 * session per tab, each reading two missing store keys (a tracked node apiece), ~0.5 s of a
 * 10,000-session list's first paint.
 */
export function pendingBySession(state: State): Array<{ entry: SessionEntry; pending: number }> {
  const out: Array<{ entry: SessionEntry; pending: number }> = [];
  const ids = new Set([...Object.keys(state.permissions), ...Object.keys(state.questions)]);
  for (const id of ids) {
    const pending = (state.permissions[id]?.length ?? 0) + (state.questions[id]?.length ?? 0);
    const entry = state.sessions[id];
    if (pending > 0 && entry) out.push({ entry, pending });
  }
  return out;
}

/** Pending permissions + questions of the sessions an instance owns (its tab's badge). */
export function attentionCount(state: State, instanceId: string): number {
  let count = 0;
  for (const { entry, pending } of pendingBySession(state)) if (ownerOf(entry, state.instances) === instanceId) count += pending;
  return count;
}

/** One entry of a session's timeline. */
export type TimelineItem = { kind: "message"; id: string; message: Message; parts: Part[] } | { kind: "error"; id: string; error: SessionErrorEntry };

/**
 * A session's messages (oldest first) with their parts, and each error placed right after the
 * message that was last when it arrived (after any older one if that message was since removed).
 * While older history is still unloaded (a `historyCursor` string), errors from before the first
 * loaded message are left out: they belong in history the view has not shown yet.
 */
export function timeline(state: State, sessionId: string): TimelineItem[] {
  const messages = state.messages[sessionId] ?? [];
  const historyComplete = typeof state.historyCursor[sessionId] !== "string" || messages.length === 0;
  // Keyed by arrival order so a view keeps each error's identity as more arrive.
  const errors = (state.sessionErrors[sessionId] ?? [])
    .map((error, index) => ({ error, id: `error:${sessionId}:${index}` }))
    .sort((a, b) => compareAnchor(a.error.afterMessageId, b.error.afterMessageId) || a.error.at - b.error.at);
  const items: TimelineItem[] = [];
  let next = 0;
  for (const message of messages) {
    // An error anchored to X goes before the first message newer than X (null anchors go first).
    while (next < errors.length) {
      const item = errors[next] as { error: SessionErrorEntry; id: string };
      const anchor = item.error.afterMessageId;
      if (anchor !== null && anchor >= message.id) break;
      if (items.length > 0 || historyComplete) items.push({ kind: "error", id: item.id, error: item.error });
      next++;
    }
    items.push({ kind: "message", id: message.id, message, parts: state.parts[message.id] ?? [] });
  }
  for (const item of errors.slice(next)) items.push({ kind: "error", id: item.id, error: item.error });
  return items;
}

function compareAnchor(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
