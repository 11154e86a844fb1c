import { batch, createMemo, createSignal, For, Show, type JSX } from "solid-js";
import type { InstanceEntry } from "../../store/types";
import { createNow } from "../common/create-now";
import { guessHome } from "../common/format";
import { instanceName } from "../instances/connection-summary";
import { canStartSessions, NewSessionButton } from "./new-session-button";
import { SessionRow } from "./session-row";
import { orderDirectories, orderInstances } from "../../store/order";
import { directoryRuns, runningDirectories } from "../../store/selectors";
import { selectedMachine } from "../../store/instance-route";
import { ArchivedToggle } from "../session-actions/archived-toggle";
import { createSessionContextMenu } from "../session-actions/action-menu";
import { buildListIndex, filterGroup, listItems, rowsById, type ListEmpty, type ListHead, type ListRow } from "./list-model";
import { SessionGroup, type GroupPart } from "./session-group";
import { createListVirtualizer } from "./create-list-virtualizer";
import { useWorkspace } from "../workspace-services";

const isLive = canStartSessions;

/**
 * The sidebar: filter box and sessions grouped by directory, children under parents. Virtualized:
 * only the rows on screen (and a few either side) are in the DOM, whatever the number of sessions.
 */
export function SessionList(props: {
  /** `+` of an instance: open an empty composer bound to it (nothing is created until it is sent). */
  onNewSession: (instanceId: string) => void;
  /** null = All. */
  instanceId: string | null;
  activeSessionId: string | null;
  isUnread: (sessionId: string) => boolean;
  onOpen: (sessionId: string) => void;
}): JSX.Element {
  const { state } = useWorkspace();
  const [filter, setFilter] = createSignal("");
  const [showArchived, setShowArchived] = createSignal(false);
  /** The user's own open/closed choice for "not running" folds, where it differs from the default. */
  const [foldChoice, setFoldChoice] = createSignal<ReadonlyMap<string, boolean>>(new Map());
  const menu = createSessionContextMenu();
  const now = createNow(30_000);
  let scrollElement: HTMLDivElement | undefined;

  const needle = createMemo(() => filter().trim().toLowerCase());
  const filtering = () => needle() !== "";
  /** Home as the filter sees it (shown as "~", so its letters match nothing). */
  const filterHome = createMemo(() => guessHome(Object.values(state.instances).map((entry) => entry.info.directory ?? "")));
  // Rebuilt when the store changes; a keystroke only filters its precomputed rows.
  let previousRows: ReadonlyMap<string, ListRow> = new Map();
  const index = createMemo(() => {
    const built = buildListIndex(state, { instanceId: props.instanceId ?? "all", archived: showArchived(), home: filterHome() }, previousRows);
    previousRows = rowsById(built);
    return built;
  });
  const filtered = createMemo(() => {
    const kept = new Map<string, readonly ListRow[]>();
    for (const [directory, rows] of index().groups) {
      const rest = filterGroup(rows, needle());
      if (rest.length > 0) kept.set(directory, rest);
    }
    return kept;
  });
  const instances = createMemo(() => orderInstances(Object.values(state.instances)));
  /** Running instances per launch directory (one directory can have several, e.g. a serve and a TUI). */
  const liveByDirectory = createMemo(() => {
    const map = new Map<string, InstanceEntry[]>();
    for (const entry of instances()) {
      const directory = entry.info.directory;
      if (directory === null || !isLive(entry)) continue;
      map.set(directory, [...(map.get(directory) ?? []), entry]);
    }
    return map;
  });
  const running = createMemo(() => runningDirectories(state));
  // Per store change, not per keystroke: whether a server runs each directory's sessions.
  const runs = createMemo(() => {
    const map = new Map<string, boolean>();
    for (const [directory, rows] of index().groups)
      map.set(
        directory,
        directoryRuns(
          state,
          running(),
          directory,
          rows.map((row) => row.id),
        ),
      );
    return map;
  });
  // A running instance's directory shows even before it has sessions, so it can get a first one.
  const directories = createMemo(() => {
    const withRows = [...filtered().keys()];
    if (filtering()) return orderDirectories(withRows, running());
    const empty = [...liveByDirectory().entries()]
      .filter(([directory, entries]) => !filtered().has(directory) && entries.some(inScope))
      .map(([directory]) => directory);
    // One stable order with the instance tabs: a directory getting its first session does not move.
    return orderDirectories([...withRows, ...empty], running());
  });
  const home = createMemo(() => guessHome([...directories(), ...Object.values(state.instances).map((entry) => entry.info.directory ?? "")]));
  const selectedInstance = createMemo(() => (props.instanceId ? state.instances[props.instanceId] : undefined));
  /** Whether an instance is under the selected tab: All, that instance, or a machine's tab (its instances). */
  function inScope(entry: InstanceEntry): boolean {
    if (props.instanceId === null) return true;
    const machine = selectedMachine(props.instanceId);
    return machine !== null ? entry.info.machine?.id === machine : entry.info.id === props.instanceId;
  }

  const isRunning = (directory: string) => runs().get(directory) ?? running().has(directory);
  /** A fold opens while filtering or when it holds the open session, unless the user chose otherwise. */
  const openByDefault = (directory: string) =>
    filtering() || (props.activeSessionId !== null && index().directoryOf.get(props.activeSessionId) === directory);
  const isOpen = (directory: string) => foldChoice().get(directory) ?? openByDefault(directory);
  const setOpen = (directory: string, open: boolean) => {
    const next = new Map(foldChoice());
    // Only a choice that differs from the default is kept (this also hears the toggles Solid makes).
    if (open === openByDefault(directory)) next.delete(directory);
    else next.set(directory, open);
    setFoldChoice(next);
  };

  const heads = new Map<string, ListHead>();
  const empties = new Map<string, ListEmpty>();
  const model = createMemo(() =>
    listItems({
      directories: directories(),
      rowsOf: (directory) => filtered().get(directory) ?? [],
      folded: (directory) => !isRunning(directory) && !isOpen(directory),
      heads,
      empties,
    }),
  );
  const virtual = createListVirtualizer({ model, scrollElement: () => scrollElement, activeSessionId: () => props.activeSessionId });

  /** The rendered items by directory, in list order. */
  const parts = createMemo(() => {
    const { items } = model();
    const byDirectory = new Map<string, GroupPart>();
    for (const v of virtual.items()) {
      const item = items[v.index];
      // The virtualizer may still hold the previous list's items for a moment.
      if (!item || item.key !== v.key) continue;
      const at = { index: v.index, start: v.start, end: v.end };
      if (item.kind === "head") byDirectory.set(item.directory, { head: at, rows: [] });
      else byDirectory.get(item.directory)?.rows.push({ item, at });
    }
    return byDirectory;
  });
  const shownDirectories = createMemo(() => [...parts().keys()]);

  return (
    <nav class="session-list" aria-label="Session list">
      <div class="sidebar-head">
        <input
          class="filter"
          type="search"
          aria-label="Filter sessions"
          placeholder="Filter sessions"
          value={filter()}
          onInput={(event) => {
            const value = event.currentTarget.value;
            // Starting or clearing a filter gives the folds back their default (one update, not two).
            batch(() => {
              if ((value.trim() === "") !== (filter().trim() === "")) setFoldChoice(new Map());
              setFilter(value);
            });
          }}
        />
        <Show when={selectedInstance()}>
          {(entry) => (
            <Show when={isLive(entry())}>
              <NewSessionButton instanceId={entry().info.id} label={instanceName(entry(), instances())} onNew={props.onNewSession} compact />
            </Show>
          )}
        </Show>
      </div>
      <ArchivedToggle checked={showArchived()} onChange={setShowArchived} />
      {menu.view()}
      <div class="session-scroll" ref={scrollElement}>
        <div class="session-window" style={{ height: `${virtual.totalSize()}px` }}>
          <For each={shownDirectories()}>
            {(directory) => (
              <Show when={parts().get(directory)}>
                {(part) => (
                  <SessionGroup
                    directory={directory}
                    part={part()}
                    running={isRunning(directory)}
                    open={isOpen(directory)}
                    onToggle={(open) => setOpen(directory, open)}
                    count={filtered().get(directory)?.length ?? 0}
                    home={home()}
                    // In All (and a machine's tab) every running instance of the directory offers New session; an instance tab has its own button on top.
                    live={selectedInstance() === undefined ? (liveByDirectory().get(directory) ?? []).filter(inScope) : []}
                    instances={instances()}
                    onNewSession={props.onNewSession}
                    measure={virtual.measure}
                    row={(item, at) => (
                      <SessionRow
                        sessionId={item.id}
                        depth={item.depth}
                        index={at().index}
                        top={at().start - part().head.end}
                        measure={virtual.measure}
                        now={now()}
                        active={props.activeSessionId === item.id}
                        unread={props.isUnread(item.id)}
                        onOpen={props.onOpen}
                        onContextMenu={menu.open}
                      />
                    )}
                  />
                )}
              </Show>
            )}
          </For>
        </div>
        <Show when={directories().length === 0}>
          <p class="sidebar-empty">
            {filtering()
              ? `No sessions match “${filter().trim()}”.`
              : selectedInstance()?.connection.state === "auth-required"
                ? "Unlock this server to see its sessions."
                : "No sessions yet."}
          </p>
        </Show>
      </div>
    </nav>
  );
}
