import { createMemo, createSignal, For, Show, splitProps, type JSX } from "solid-js";
import type { InstanceEntry, State, WorkspaceActions } from "../../store/types";
import { createNow } from "../common/create-now";
import { guessHome, shortenHome } from "../common/format";
import { instanceName } from "../instances/connection-summary";
import { NewSessionButton } from "./new-session-button";
import { SessionRow } from "./session-row";
import { sessionList, type SessionRow as ListRow } from "../../store/selectors";

/** Depth-first rows with their nesting depth (children right under their parent). */
function flatten(rows: readonly ListRow[], depth: number): Array<{ id: string; depth: number }> {
  return rows.flatMap((row) => [{ id: row.id, depth }, ...flatten(row.children, depth + 1)]);
}

/** Can take new sessions: listed by the hub, unlocked. */
function isLive(entry: InstanceEntry): boolean {
  return !entry.gone && entry.info.status === "ready" && entry.connection.state !== "auth-required";
}

/** The sidebar: filter box and sessions grouped by directory, children under parents. */
export function SessionList(props: {
  state: State;
  actions: Pick<WorkspaceActions, "createSession">;
  /** null = All. */
  instanceId: string | null;
  activeSessionId: string | null;
  isUnread: (sessionId: string) => boolean;
  onOpen: (sessionId: string) => void;
}): JSX.Element {
  const [local] = splitProps(props, ["state", "actions", "instanceId", "activeSessionId", "isUnread", "onOpen"]);
  const [filter, setFilter] = createSignal("");
  const now = createNow(30_000);

  // The store's selector owns membership, filtering and order; the sidebar flattens its tree into indented rows.
  const groups = createMemo(() =>
    sessionList(local.state, { instanceId: local.instanceId ?? "all", filter: filter() }).map((group) => ({
      directory: group.directory,
      rows: flatten(group.sessions, 0),
    })),
  );
  const groupByDirectory = createMemo(() => new Map(groups().map((group) => [group.directory, group])));
  const directories = createMemo(() => groups().map((group) => group.directory));
  const home = createMemo(() =>
    guessHome([...directories(), ...Object.values(local.state.instances).map((entry) => entry.info.directory ?? "")]),
  );
  const instances = createMemo(() => Object.values(local.state.instances));
  const selectedInstance = createMemo(() => (local.instanceId ? local.state.instances[local.instanceId] : undefined));
  const liveInstanceFor = (directory: string) =>
    instances().find((entry) => isLive(entry) && entry.info.directory === directory);
  const count = createMemo(() => groups().reduce((sum, group) => sum + group.rows.length, 0));

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
              <NewSessionButton
                instanceId={entry().info.id}
                label={instanceName(entry(), instances())}
                actions={local.actions}
                onCreated={local.onOpen}
                compact
              />
            </Show>
          )}
        </Show>
      </div>
      <div class="session-scroll">
        <For each={directories()}>
          {(directory) => {
            const group = () => groupByDirectory().get(directory);
            const live = () => (local.instanceId === null ? liveInstanceFor(directory) : undefined);
            return (
              <section class="session-group" aria-label={directory}>
                <header class="group-head" title={directory}>
                  <span class="group-name">{shortenHome(directory, home())}</span>
                  <Show when={live()}>
                    {(entry) => (
                      <NewSessionButton
                        instanceId={entry().info.id}
                        label={instanceName(entry(), instances())}
                        actions={local.actions}
                        onCreated={local.onOpen}
                        compact
                      />
                    )}
                  </Show>
                </header>
                <ul class="session-rows">
                  <For each={group()?.rows.map((row) => row.id) ?? []}>
                    {(id) => (
                      <SessionRow
                        state={local.state}
                        sessionId={id}
                        depth={group()?.rows.find((row) => row.id === id)?.depth ?? 0}
                        now={now()}
                        active={local.activeSessionId === id}
                        unread={local.isUnread(id)}
                        onOpen={local.onOpen}
                      />
                    )}
                  </For>
                </ul>
              </section>
            );
          }}
        </For>
        <Show when={count() === 0}>
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
