import { createMemo, createSignal, For, Show, type JSX } from "solid-js";
import type { InstanceEntry, State } from "../../store/types";
import { createNow } from "../common/create-now";
import { basename, guessHome, shortenHome } from "../common/format";
import { instanceName } from "../instances/connection-summary";
import { canStartSessions, NewSessionButton } from "./new-session-button";
import { SessionRow } from "./session-row";
import { orderDirectories, orderInstances } from "../../store/order";
import { directoryRuns, runningDirectories, sessionList, type SessionRow as ListRow } from "../../store/selectors";
import { ArchivedToggle } from "../session-actions/archived-toggle";
import { createSessionContextMenu } from "../session-actions/action-menu";

/** Depth-first rows with their nesting depth (children right under their parent). */
function flatten(rows: readonly ListRow[], depth: number): Array<{ id: string; depth: number }> {
  return rows.flatMap((row) => [{ id: row.id, depth }, ...flatten(row.children, depth + 1)]);
}

/** "~/src/api" → "~/src"; "/api" → "/". */
function parentPath(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, "");
  const at = Math.max(trimmed.lastIndexOf("/"), trimmed.lastIndexOf("\\"));
  return at > 0 ? trimmed.slice(0, at) : at === 0 ? "/" : "";
}

const isLive = canStartSessions;

/** The sidebar: filter box and sessions grouped by directory, children under parents. */
export function SessionList(props: {
  state: State;
  /** `+` of an instance: open an empty composer bound to it (nothing is created until it is sent). */
  onNewSession: (instanceId: string) => void;
  /** null = All. */
  instanceId: string | null;
  activeSessionId: string | null;
  isUnread: (sessionId: string) => boolean;
  onOpen: (sessionId: string) => void;
}): JSX.Element {
  const [filter, setFilter] = createSignal("");
  const [showArchived, setShowArchived] = createSignal(false);
  const menu = createSessionContextMenu();
  const now = createNow(30_000);

  /** Home as the filter sees it (shown as "~", so its letters match nothing). */
  const filterHome = createMemo(() => guessHome(Object.values(props.state.instances).map((entry) => entry.info.directory ?? "")));
  // The store's selector owns membership, filtering and order; the sidebar flattens its tree into indented rows.
  const groups = createMemo(() =>
    sessionList(props.state, { instanceId: props.instanceId ?? "all", filter: filter(), home: filterHome(), archived: showArchived() }).map(
      (group) => ({
        directory: group.directory,
        rows: flatten(group.sessions, 0),
      }),
    ),
  );
  const groupByDirectory = createMemo(() => new Map(groups().map((group) => [group.directory, group])));
  const instances = createMemo(() => orderInstances(Object.values(props.state.instances)));
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
  // A running instance's directory shows even before it has sessions, so it can get a first one.
  const directories = createMemo(() => {
    const withSessions = groups().map((group) => group.directory);
    if (filter().trim() !== "") return withSessions;
    const own = props.instanceId === null ? null : props.state.instances[props.instanceId];
    const empty = [...liveByDirectory().entries()]
      .filter(([directory, entries]) => !groupByDirectory().has(directory) && (own === null || entries.includes(own as InstanceEntry)))
      .map(([directory]) => directory);
    // One stable order with the instance tabs: a directory getting its first session does not move.
    return orderDirectories([...withSessions, ...empty], runningDirectories(props.state));
  });
  const home = createMemo(() => guessHome([...directories(), ...Object.values(props.state.instances).map((entry) => entry.info.directory ?? "")]));
  const selectedInstance = createMemo(() => (props.instanceId ? props.state.instances[props.instanceId] : undefined));
  const running = createMemo(() => runningDirectories(props.state));

  return (
    <nav class="session-list" aria-label="Session list">
      <div class="sidebar-head">
        <input
          class="filter"
          type="search"
          aria-label="Filter sessions"
          placeholder="Filter sessions"
          value={filter()}
          onInput={(event) => setFilter(event.currentTarget.value)}
        />
        <Show when={selectedInstance()}>
          {(entry) => (
            <Show when={isLive(entry())}>
              <NewSessionButton instanceId={entry().info.id} label={instanceName(entry(), instances())} onNew={props.onNewSession} compact />
            </Show>
          )}
        </Show>
      </div>
      {menu.view()}
      <div class="session-scroll">
        <ArchivedToggle state={props.state} checked={showArchived()} onChange={setShowArchived} />
        <For each={directories()}>
          {(directory) => {
            const group = () => groupByDirectory().get(directory);
            // In All every running instance of the directory offers New session; an instance tab has its own button on top.
            const live = () => (props.instanceId === null ? (liveByDirectory().get(directory) ?? []) : []);
            /* The folder's own name first; its parent path (often long and shared) after it, truncated. */
            const name = () => (
              <span class="group-name">
                <span class="group-base">{basename(directory)}</span>
                <span class="group-parent">{parentPath(shortenHome(directory, home()))}</span>
              </span>
            );
            const rows = () => (
              <ul class="session-rows">
                <For each={group()?.rows.map((row) => row.id) ?? []}>
                  {(id) => (
                    <SessionRow
                      state={props.state}
                      sessionId={id}
                      depth={group()?.rows.find((row) => row.id === id)?.depth ?? 0}
                      now={now()}
                      active={props.activeSessionId === id}
                      unread={props.isUnread(id)}
                      onOpen={props.onOpen}
                      onContextMenu={menu.open}
                    />
                  )}
                </For>
              </ul>
            );
            // A folder no server runs in (its sessions listed by a server of the same project): old
            // history, folded away unless the user is filtering or has one of its sessions open.
            const opened = () => filter().trim() !== "" || (group()?.rows.some((row) => row.id === props.activeSessionId) ?? false);
            const notRunning = (
              <section class="session-group is-not-running" aria-label={directory}>
                <details open={opened()}>
                  <summary class="group-head" title={`${directory} — no OpenCode server runs here`}>
                    {name()}
                    <span class="group-state">not running · {group()?.rows.length ?? 0}</span>
                  </summary>
                  {rows()}
                </details>
              </section>
            );
            return (
              <Show when={directoryRuns(props.state, running(), directory, group()?.rows.map((row) => row.id) ?? [])} fallback={notRunning}>
                <section class="session-group" aria-label={directory}>
                  <header class="group-head" title={directory}>
                    {name()}
                    <For each={live()}>
                      {(entry) => (
                        <NewSessionButton
                          instanceId={entry.info.id}
                          label={instanceName(entry, instances())}
                          onNew={props.onNewSession}
                          compact
                          named={live().length > 1}
                        />
                      )}
                    </For>
                  </header>
                  <Show when={!group()}>
                    <p class="group-empty">No sessions yet.</p>
                  </Show>
                  {rows()}
                </section>
              </Show>
            );
          }}
        </For>
        <Show when={directories().length === 0}>
          <p class="sidebar-empty">
            {filter().trim() !== ""
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
