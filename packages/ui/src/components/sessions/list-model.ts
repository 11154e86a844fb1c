/**
 * The sidebar's rows as one flat list for the virtualizer (pure). Built in two steps so a filter
 * keystroke stays cheap with 10,000 sessions: {@link buildListIndex} runs when the store changes
 * (membership, tree, order, each row's lowercase filter text), {@link filterGroup} and
 * {@link listItems} run per keystroke over plain arrays, reusing the row objects.
 */
import { filterText, listedUnder } from "../../store/selectors";
import type { SessionEntry, State } from "../../store/types";

/** Room above every group but the first (folded into its header's measured size, padded by its section). */
export const GROUP_GAP = 10;

/** One session row, depth-first under its parent. The same object while the row does not change. */
export interface ListRow {
  kind: "row";
  /** The virtualizer's key: the session id. */
  key: string;
  id: string;
  depth: number;
  directory: string;
  /** {@link filterText}: what the filter matches, lowercased once. */
  haystack: string;
}

/** A directory's header line (sticky while its rows scroll under it). */
export interface ListHead {
  kind: "head";
  key: string;
  directory: string;
}

/** "No sessions yet." under a running directory that has none. */
export interface ListEmpty {
  kind: "empty";
  key: string;
  directory: string;
}

/** One entry of the flat list. */
export type ListItem = ListHead | ListRow | ListEmpty;

/** Every listed session, grouped by directory (store order of groups is decided later), rows depth-first, newest first. */
export interface ListIndex {
  groups: Map<string, ListRow[]>;
  /** Directory of each listed session. */
  directoryOf: Map<string, string>;
}

/** Which sessions the index holds: every instance ("all") or one tab's; archived ones only when asked. */
export interface ListQuery {
  instanceId: "all" | string;
  archived: boolean;
  /** The user's home folder, shown as "~" (the filter does not match its letters). */
  home: string | null;
}

/**
 * Builds the index. `previous` is the last index's rows by id: an unchanged row keeps its object,
 * so the view keeps its DOM and memo identities hold across store updates.
 */
export function buildListIndex(state: State, query: ListQuery, previous: ReadonlyMap<string, ListRow> = new Map()): ListIndex {
  const visible: SessionEntry[] = [];
  for (const entry of Object.values(state.sessions)) {
    if (entry.info.time.archived && !query.archived) continue;
    if (query.instanceId !== "all" && !listedUnder(state, entry, query.instanceId)) continue;
    visible.push(entry);
  }
  const ids = new Set(visible.map((entry) => entry.info.id));
  const children = new Map<string, SessionEntry[]>();
  const roots = new Map<string, SessionEntry[]>();
  for (const entry of visible) {
    const parent = entry.info.parentID;
    if (parent && ids.has(parent)) push(children, parent, entry);
    else push(roots, entry.info.directory, entry);
  }
  for (const list of children.values()) list.sort(newestFirst);

  const groups = new Map<string, ListRow[]>();
  const directoryOf = new Map<string, string>();
  for (const [directory, list] of roots) {
    const rows: ListRow[] = [];
    const walk = (entry: SessionEntry, depth: number): void => {
      const id = entry.info.id;
      const haystack = filterText(entry.info, query.home);
      const old = previous.get(id);
      rows.push(
        old && old.depth === depth && old.directory === directory && old.haystack === haystack
          ? old
          : { kind: "row", key: id, id, depth, directory, haystack },
      );
      directoryOf.set(id, directory);
      for (const child of children.get(id) ?? []) walk(child, depth + 1);
    };
    for (const entry of list.sort(newestFirst)) walk(entry, 0);
    groups.set(directory, rows);
  }
  return { groups, directoryOf };
}

/** Rows of the index by session id (the `previous` of the next build). */
export function rowsById(index: ListIndex): Map<string, ListRow> {
  const map = new Map<string, ListRow>();
  for (const rows of index.groups.values()) for (const row of rows) map.set(row.id, row);
  return map;
}

/**
 * The rows of one group the filter keeps: a match keeps its whole subtree and its ancestors
 * (one pass over the depth-first rows). `needle` is trimmed and lowercased; "" keeps all.
 */
export function filterGroup(rows: readonly ListRow[], needle: string): readonly ListRow[] {
  if (needle === "") return rows;
  const kept: ListRow[] = [];
  /** The ancestors of the current row, and whether each is in `kept` already. */
  const path: Array<{ row: ListRow; kept: boolean }> = [];
  let matchedDepth = Infinity;
  for (const row of rows) {
    while (path.length > 0 && (path[path.length - 1] as { row: ListRow }).row.depth >= row.depth) path.pop();
    if (row.depth <= matchedDepth) matchedDepth = Infinity;
    if (row.depth > matchedDepth) {
      kept.push(row);
      continue;
    }
    const matches = row.haystack.includes(needle);
    if (matches) {
      for (const step of path) {
        if (step.kept) continue;
        kept.push(step.row);
        step.kept = true;
      }
      kept.push(row);
      matchedDepth = row.depth;
    }
    path.push({ row, kept: matches });
  }
  return kept;
}

/** What {@link listItems} needs besides the index. */
export interface ItemsInput {
  /** Directories to show, in display order (those with matching rows, plus empty running ones). */
  directories: readonly string[];
  /** Each directory's rows after the filter. */
  rowsOf: (directory: string) => readonly ListRow[];
  /** Whether a directory's rows are folded away (a "not running" group that is closed). */
  folded: (directory: string) => boolean;
  /** The head objects by directory, reused across calls. */
  heads: Map<string, ListHead>;
  empties: Map<string, ListEmpty>;
}

/** The flat list and, for each item, the index of its group's head (always rendered with it). */
export interface ListItems {
  items: ListItem[];
  headIndex: number[];
}

/** Flattens groups into head, rows (or "No sessions yet.") per directory. */
export function listItems(input: ItemsInput): ListItems {
  const items: ListItem[] = [];
  const headIndex: number[] = [];
  for (const directory of input.directories) {
    const head = cached<ListHead>(input.heads, directory, () => ({ kind: "head", key: `head:${directory}`, directory }));
    const at = items.length;
    items.push(head);
    headIndex.push(at);
    if (input.folded(directory)) continue;
    const rows = input.rowsOf(directory);
    if (rows.length === 0) {
      items.push(cached<ListEmpty>(input.empties, directory, () => ({ kind: "empty", key: `empty:${directory}`, directory })));
      headIndex.push(at);
      continue;
    }
    for (const row of rows) {
      items.push(row);
      headIndex.push(at);
    }
  }
  return { items, headIndex };
}

function cached<T>(map: Map<string, T>, key: string, make: () => T): T {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Newest activity first; ties by id, descending (the order store/selectors' sessionList keeps). */
function newestFirst(a: SessionEntry, b: SessionEntry): number {
  return b.info.time.updated - a.info.time.updated || (a.info.id < b.info.id ? 1 : -1);
}
