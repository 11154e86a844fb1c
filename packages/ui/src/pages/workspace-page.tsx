import { useLocation, useMatch, useNavigate, useSearchParams } from "@solidjs/router";
import { createEffect, createMemo, on, Show, splitProps, type JSX } from "solid-js";
import { resolveInstanceId } from "../store/instance-route";
import type { State, WorkspaceActions } from "../store/types";
import { createPageVisible } from "../components/common/create-now";
import { EmptyState } from "../components/common/empty-state";
import { InstanceTabs } from "../components/instances/instance-tabs";
import { AttentionBar } from "../components/attention/attention-bar";
import { createDrawer, DrawerBackdrop, DrawerToggle } from "../components/layout/drawer";
import { createSessionTabs } from "../components/sessions/create-session-tabs";
import { createUnreadTracker } from "../components/sessions/create-unread";
import { SessionList } from "../components/sessions/session-list";
import { SessionTabs } from "../components/sessions/session-tabs";
import { SessionPane } from "./session-pane";
import { StatusBanners } from "./status-banners";

/** The whole workspace: instance tabs, banners, session sidebar, session tabs and the active session. */
export function WorkspacePage(props: {
  state: State;
  actions: WorkspaceActions;
  /** Where tabs persist (default localStorage). */
  storage?: Storage | null;
  /** false only in jsdom tests: the timeline virtualizer needs layout. */
  virtualTimeline?: boolean;
}): JSX.Element {
  const [local] = splitProps(props, ["state", "actions", "storage", "virtualTimeline"]);
  const navigate = useNavigate();
  const location = useLocation();
  const instanceMatch = useMatch(() => "/instance/:id");
  const [search, setSearch] = useSearchParams<{ session?: string }>();
  const selectedInstance = createMemo(() => resolveInstanceId(local.state, instanceMatch()?.params.id ?? "all"));

  const visible = createPageVisible();
  const drawer = createDrawer();
  const tabs = createSessionTabs({ state: local.state, storage: local.storage });
  const active = createMemo(() => tabs.tabs().active);
  const unread = createUnreadTracker({ state: local.state, isViewing: (id) => visible() && active() === id });
  // Opening a session (a row, New session, a deep link) shows it: the drawer gets out of the way.
  createEffect(on(active, () => drawer.close(), { defer: true }));

  // The URL names the active session so deep links work; the tabs follow it and it follows them.
  createEffect(
    on(
      () => search.session,
      (id) => {
        if (id && id !== active()) tabs.open(id, { activate: true });
      },
    ),
  );
  createEffect(
    on(active, (id) => {
      if ((search.session ?? null) !== id) setSearch({ session: id ?? undefined }, { replace: true });
    }),
  );

  const selectInstance = (id: string) => {
    const path = id === "all" ? "/" : `/instance/${encodeURIComponent(id)}`;
    navigate(`${path}${location.search}`);
  };
  const liveInstances = createMemo(() => Object.values(local.state.instances).filter((entry) => !entry.gone));
  const noServers = createMemo(() => local.state.hub.state === "connected" && liveInstances().length === 0);

  return (
    <div class="app">
      <header class="topbar">
        <DrawerToggle drawer={drawer} controls="sidebar" />
        <div class="brand" aria-hidden="true">
          <span class="brand-mark">◧</span> Switchboard
        </div>
        <InstanceTabs
          state={local.state}
          actions={local.actions}
          selected={selectedInstance()}
          onSelect={selectInstance}
        />
        <AttentionBar
          state={local.state}
          actions={local.actions}
          isUnread={unread.isUnread}
          isViewing={(id) => visible() && active() === id}
          onOpen={(id) => tabs.open(id, { activate: true })}
        />
      </header>
      <StatusBanners state={local.state} />
      <div class="workspace" classList={{ "is-drawer-open": drawer.open() }}>
        <DrawerBackdrop drawer={drawer} />
        <aside class="sidebar" id="sidebar">
          <SessionList
            state={local.state}
            actions={local.actions}
            instanceId={selectedInstance() === "all" ? null : selectedInstance()}
            activeSessionId={active()}
            isUnread={unread.isUnread}
            onOpen={(id) => {
              drawer.close();
              tabs.open(id, { activate: true });
            }}
          />
        </aside>
        <main class="main">
          <Show when={tabs.tabs().open.length > 0}>
            <SessionTabs state={local.state} tabs={tabs} isUnread={unread.isUnread} />
          </Show>
          <div
            class="session-panel"
            id="session-panel"
            role={active() ? "tabpanel" : undefined}
            aria-labelledby={active() ? `session-tab-${active()}` : undefined}
          >
            <Show
              when={active()}
              keyed
              fallback={
                <Show
                  when={noServers()}
                  fallback={
                    <EmptyState title="No session open">
                      <p>Pick a session on the left, or start a new one with +.</p>
                    </EmptyState>
                  }
                >
                  <EmptyState title="No OpenCode servers found">
                    <p>
                      No OpenCode servers are running. Start one with <code>opencode serve</code> or{" "}
                      <code>opencode --port 0</code> — they appear here within a second.
                    </p>
                  </EmptyState>
                </Show>
              }
            >
              {(id) => (
                <SessionPane
                  sessionId={id}
                  state={local.state}
                  actions={local.actions}
                  virtual={local.virtualTimeline}
                  onClose={() => tabs.close(id)}
                />
              )}
            </Show>
          </div>
        </main>
      </div>
    </div>
  );
}
