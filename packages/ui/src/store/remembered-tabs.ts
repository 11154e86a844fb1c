/**
 * What the page last knew about each open session tab (title, directory, the instance's label),
 * saved with the tabs so a restored tab whose server is gone can still say what it was and which
 * folder's OpenCode to start. Only open tabs are kept, so it stays as small as the tab bar.
 */
import { createSignal } from "solid-js";

/** One remembered tab. */
export interface RememberedTab {
  title: string;
  directory: string;
  /** The owning instance's label when last seen ("alpha :4096"), or null. */
  instance: string | null;
}

/** Read and write access; `get` is reactive. */
export interface RememberedTabs {
  get(sessionId: string): RememberedTab | undefined;
  set(sessionId: string, tab: RememberedTab): void;
  /** Forgets every session not in `open` (closed tabs). */
  keepOnly(open: readonly string[]): void;
}

/** localStorage key (beside the tabs' own key). */
export const REMEMBERED_TABS_KEY = "switchboard.tabs.remembered.v1";

/** Reads the saved map, dropping anything malformed. */
export function parseRemembered(raw: string | null): Record<string, RememberedTab> {
  const result: Record<string, RememberedTab> = {};
  if (!raw) return result;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== "object" || value === null) return result;
    for (const [id, tab] of Object.entries(value as Record<string, unknown>)) {
      if (typeof tab !== "object" || tab === null) continue;
      const { title, directory, instance } = tab as Record<string, unknown>;
      if (typeof title !== "string" || typeof directory !== "string") continue;
      result[id] = { title, directory, instance: typeof instance === "string" ? instance : null };
    }
  } catch {
    // A corrupt entry is forgotten, never fatal.
  }
  return result;
}

const same = (a: RememberedTab | undefined, b: RememberedTab) =>
  a !== undefined && a.title === b.title && a.directory === b.directory && a.instance === b.instance;

/** Creates the store, saved to `storage` (default localStorage; null = memory only). */
export function createRememberedTabs(options: { storage?: Storage | null } = {}): RememberedTabs {
  const storage = options.storage === undefined ? (globalThis.localStorage ?? null) : options.storage;
  let initial: Record<string, RememberedTab> = {};
  try {
    initial = parseRemembered(storage?.getItem(REMEMBERED_TABS_KEY) ?? null);
  } catch (error) {
    console.warn("switchboard: could not read remembered tabs", error);
  }
  const [map, setMap] = createSignal(initial);
  const save = (next: Record<string, RememberedTab>) => {
    setMap(next);
    try {
      storage?.setItem(REMEMBERED_TABS_KEY, JSON.stringify(next));
    } catch (error) {
      console.warn("switchboard: could not save remembered tabs", error);
    }
  };
  return {
    get: (id) => map()[id],
    set(id, tab) {
      if (!same(map()[id], tab)) save({ ...map(), [id]: { ...tab } });
    },
    keepOnly(open) {
      const keep = new Set(open);
      const current = map();
      if (Object.keys(current).every((id) => keep.has(id))) return;
      save(Object.fromEntries(Object.entries(current).filter(([id]) => keep.has(id))));
    },
  };
}

/** The shell command that starts an OpenCode for `directory` (quoted when it needs to be). */
export function startCommand(directory: string): string {
  const quoted = /^[\w@%+=:,./~-]+$/.test(directory) ? directory : `'${directory.replace(/'/g, `'\\''`)}'`;
  return `cd ${quoted} && opencode --port 0`;
}
