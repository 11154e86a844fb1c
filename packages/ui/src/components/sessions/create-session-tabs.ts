import { createEffect, createSignal, on, untrack, type Accessor } from "solid-js";
import { ownerOf } from "../../store/ownership";
import { createRememberedTabs, type RememberedTabs } from "../../store/remembered-tabs";
import type { State } from "../../store/types";
import { instanceName } from "../instances/connection-summary";
import { closeTab, openTab, parseTabs, serializeTabs, TABS_STORAGE_KEY, type TabsState } from "./tabs-model";

/** Open session tabs, persisted in localStorage; views call these, never a raw setter. */
export interface SessionTabs {
  tabs: Accessor<TabsState>;
  open(id: string, options?: { activate?: boolean; after?: string }): void;
  close(id: string): void;
  activate(id: string): void;
}

/** How recent a child session must be to get a tab of its own (older children load with history). */
const CHILD_FRESHNESS_MS = 60_000;

function readStorage(storage: Storage | null): TabsState {
  try {
    return parseTabs(storage?.getItem(TABS_STORAGE_KEY) ?? null);
  } catch (error) {
    console.warn("switchboard: could not read saved tabs", error);
    return { open: [], active: null };
  }
}

/**
 * Session tabs restored from `storage`, saved on every change. A session that appears with a
 * parent whose tab is open gets a tab beside that parent without becoming active.
 */
export function createSessionTabs(options: {
  state: State;
  storage?: Storage | null;
  now?: () => number;
  /** Where each open tab's title, directory and instance label are remembered (default: a new one over `storage`). */
  remembered?: RememberedTabs;
}): SessionTabs {
  const storage = options.storage === undefined ? (globalThis.localStorage ?? null) : options.storage;
  const now = options.now ?? Date.now;
  const [tabs, setTabs] = createSignal<TabsState>(readStorage(storage));
  const remembered = options.remembered ?? createRememberedTabs({ storage });

  // Remember what each open tab showed, so a restored tab whose server is gone can still say it.
  // Tracks the tabs and the store only: the remembered map it writes is read untracked.
  createEffect(() => {
    const open = tabs().open;
    const all = Object.values(options.state.instances);
    const shown = open.flatMap((id) => {
      const entry = options.state.sessions[id];
      if (!entry) return [];
      const ownerId = ownerOf(entry, options.state.instances);
      const owner = ownerId ? options.state.instances[ownerId] : undefined;
      return [{ id, title: entry.info.title, directory: entry.info.directory, instance: owner ? instanceName(owner, all) : null }];
    });
    untrack(() => {
      remembered.keepOnly(open);
      for (const tab of shown) {
        remembered.set(tab.id, {
          title: tab.title,
          directory: tab.directory,
          // Keep the last known label while no instance owns it (that is when it matters).
          instance: tab.instance ?? remembered.get(tab.id)?.instance ?? null,
        });
      }
    });
  });

  createEffect(
    on(tabs, (value) => {
      try {
        storage?.setItem(TABS_STORAGE_KEY, serializeTabs(value));
      } catch (error) {
        console.warn("switchboard: could not save tabs", error);
      }
    }),
  );

  // Sessions already known when a parent is open are history, not news: only ids that appear
  // later (and were created recently) open tabs, and each only once so a closed child stays closed.
  const known = new Set(Object.keys(options.state.sessions));
  createEffect(() => {
    const fresh: Array<{ id: string; parentId: string }> = [];
    for (const id of Object.keys(options.state.sessions)) {
      if (known.has(id)) continue;
      known.add(id);
      const info = options.state.sessions[id]?.info;
      if (!info?.parentID) continue;
      if (now() - info.time.created > CHILD_FRESHNESS_MS) continue;
      fresh.push({ id, parentId: info.parentID });
    }
    if (fresh.length === 0) return;
    // The tabs are read untracked: this effect writes them, and only new sessions are its news.
    const current = untrack(tabs);
    let next = current;
    for (const child of fresh) {
      if (!next.open.includes(child.parentId)) continue;
      // Place after the parent's last open descendant so siblings keep their order.
      let after = child.parentId;
      for (const openId of next.open.slice(next.open.indexOf(child.parentId) + 1)) {
        if (options.state.sessions[openId]?.info.parentID === child.parentId) after = openId;
        else break;
      }
      next = openTab(next, child.id, { activate: false, after });
    }
    if (next !== current) setTabs(next);
  });

  return {
    tabs,
    open: (id, opts) => setTabs((current) => openTab(current, id, { activate: opts?.activate ?? true, after: opts?.after })),
    close: (id) => setTabs((current) => closeTab(current, id)),
    activate: (id) => setTabs((current) => (current.active === id ? current : openTab(current, id, { activate: true }))),
  };
}
