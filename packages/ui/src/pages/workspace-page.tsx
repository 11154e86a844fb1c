import { useLocation, useMatch, useNavigate, useSearchParams } from "@solidjs/router";
import { createEffect, createMemo, createSignal, Match, on, Show, Switch, type JSX } from "solid-js";
import { machineSelection, resolveInstanceId, selectedMachine } from "../store/instance-route";
import { createPageVisible } from "../components/common/create-now";
import { InstanceTabs } from "../components/instances/instance-tabs";
import { AttentionBar } from "../components/attention/attention-bar";
import { createDrawer, DrawerBackdrop, DrawerToggle } from "../components/layout/drawer";
import { createNewSessionIn, NewSessionIn } from "../components/workbench/new-session/new-session-in";
import { ProjectsHome } from "../components/projects/projects-home";
import { createSessionTabs, type SessionTabs as SessionTabsController } from "../components/sessions/create-session-tabs";
import { InstanceOverview } from "../components/instances/instance-overview";
import { listedUnder } from "../store/selectors";
import { NewSessionPane } from "./new-session-pane";
import { paneView } from "./pane-view";
import { createUnreadTracker } from "../components/sessions/create-unread";
import { SessionList } from "../components/sessions/session-list";
import { SessionTabs } from "../components/sessions/session-tabs";
import { StatusBanners } from "./status-banners";
import { SessionActionsHost } from "../components/session-actions/session-actions-host";
import { SessionPane } from "./session-pane";
import { useWorkspace } from "../components/workspace-services";
import { WorkspaceKeyboard } from "../components/shortcuts/workspace-keyboard";
import { ThemeSwitch } from "../components/theme/theme-switch";
import { SearchHost } from "../components/search/search-host";
import { SearchButton } from "../components/search/search-button";
import type { SearchClient } from "../api/search-client";
import { MachinesPanel } from "../components/machines/machines-panel";

/** Props of {@link WorkspacePage}; the store, actions and services come from the workspace context. */
export interface WorkspacePageProps {
  /** false only in jsdom tests: the timeline virtualizer needs layout. */
  virtualTimeline?: boolean;
  /** The hub's search API (tests pass a fake). */
  searchClient?: SearchClient;
}

/** The whole workspace: instance tabs, banners, session sidebar, session tabs and the active session. */
export function WorkspacePage(props: WorkspacePageProps): JSX.Element {
  const { state, actions, remembered } = useWorkspace();
  const navigate = useNavigate();
  const location = useLocation();
  const instanceMatch = useMatch(() => "/instance/:id");
  const machineMatch = useMatch(() => "/machine/:id");
  const [search, setSearch] = useSearchParams<{ session?: string }>();
  const selectedInstance = createMemo(() => {
    const machine = machineMatch()?.params.id;
    return resolveInstanceId(state, machine !== undefined ? machineSelection(machine) : (instanceMatch()?.params.id ?? "all"));
  });
  /** A machine's tab filters the session list only: the pane and shortcuts treat it like All. */
  const selectedForPane = createMemo(() => (selectedMachine(selectedInstance()) === null ? selectedInstance() : "all"));

  const visible = createPageVisible();
  const drawer = createDrawer();
  const tabs = createSessionTabs({ state, remembered });
  const active = createMemo(() => tabs.tabs().active);
  /** `+` was pressed for this instance: its empty composer shows until it is sent or left. */
  const [newFor, setNewFor] = createSignal<string | null>(null);
  /** The instance tab was selected after the last session was opened: show its overview. */
  const [overview, setOverview] = createSignal(false);
  const pane = createMemo(() => {
    const id = active();
    const entry = id ? state.sessions[id] : undefined;
    return paneView({
      selected: selectedForPane(),
      active: id,
      newFor: newFor(),
      overview: overview(),
      activeListedUnderSelected: entry !== undefined && listedUnder(state, entry, selectedForPane()),
    });
  });
  const shownSession = createMemo(() => {
    const view = pane();
    return view.kind === "session" ? view.sessionId : null;
  });
  /** Opening or activating a session shows it (and leaves a new session's composer, which creates nothing). */
  const showSession = () => {
    setNewFor(null);
    setOverview(false);
  };
  const openSession = (id: string) => {
    showSession();
    drawer.close();
    tabs.open(id, { activate: true });
  };
  /** The session tabs as the pane shows them: no tab is selected while an overview or new session shows. */
  const paneTabs: SessionTabsController = {
    tabs: () => ({ ...tabs.tabs(), active: shownSession() }),
    open: tabs.open,
    close: tabs.close,
    activate: (id) => {
      showSession();
      tabs.activate(id);
    },
  };
  const startNew = (instanceId: string) => {
    setOverview(false);
    setNewFor(instanceId);
    drawer.close();
  };
  const sessionCount = (instanceId: string) =>
    Object.values(state.sessions).filter((entry) => !entry.info.time.archived && listedUnder(state, entry, instanceId)).length;
  const unread = createUnreadTracker({ state, isViewing: (id) => visible() && shownSession() === id });
  // Opening a session (a row, New session, a deep link) shows it: the drawer gets out of the way.
  createEffect(on(active, () => drawer.close(), { defer: true }));

  // Only what the tabs show is refetched after a reconnect (not every session ever opened).
  createEffect(
    on(
      () => tabs.tabs().open,
      (open) => actions.showSessions(open),
    ),
  );

  // The URL names the active session so deep links work; the tabs follow it and it follows them.
  createEffect(
    on(
      () => search.session,
      (id) => {
        if (id && id !== active()) openSession(id);
      },
    ),
  );
  createEffect(
    on(active, (id) => {
      if ((search.session ?? null) !== id) setSearch({ session: id ?? undefined }, { replace: true });
    }),
  );

  const selectInstance = (id: string) => {
    setNewFor(null);
    const machine = selectedMachine(id);
    setOverview(id !== "all" && machine === null);
    const path = id === "all" ? "/" : machine !== null ? `/machine/${encodeURIComponent(machine)}` : `/instance/${encodeURIComponent(id)}`;
    navigate(`${path}${location.search}`);
  };
  const liveInstances = createMemo(() => Object.values(state.instances).filter((entry) => !entry.gone));
  const noServers = createMemo(() => state.hub.state === "connected" && liveInstances().length === 0);
  /** "New session in…": the sidebar's button and the projects home open the same dialog. */
  const newSessionIn = createNewSessionIn();

  return (
    <SessionActionsHost openSession={(id) => tabs.open(id, { activate: true })} onDeleted={(id) => tabs.close(id)}>
      <SearchHost onOpenSession={openSession} client={props.searchClient}>
        <div class="app">
          <header class="topbar">
            <DrawerToggle drawer={drawer} controls="sidebar" />
            <div class="brand" aria-hidden="true">
              <span class="brand-mark">◧</span> Switchboard
            </div>
            <InstanceTabs selected={selectedInstance()} onSelect={selectInstance} />
            <AttentionBar isUnread={unread.isUnread} isViewing={(id) => visible() && shownSession() === id} onOpen={openSession} />
            <SearchButton />
            <ThemeSwitch />
          </header>
          <StatusBanners />
          <div class="workspace" classList={{ "is-drawer-open": drawer.open() }}>
            <DrawerBackdrop drawer={drawer} />
            <aside class="sidebar" id="sidebar">
              <NewSessionIn onNewOn={startNew} onOpenSession={openSession} control={newSessionIn} />
              <SessionList
                onNewSession={startNew}
                instanceId={selectedInstance() === "all" ? null : selectedInstance()}
                activeSessionId={shownSession()}
                isUnread={unread.isUnread}
                onOpen={openSession}
              />
              <MachinesPanel />
            </aside>
            <main class="main">
              <Show when={tabs.tabs().open.length > 0}>
                <SessionTabs tabs={paneTabs} isUnread={unread.isUnread} />
              </Show>
              <div
                class="session-panel"
                id="session-panel"
                role={shownSession() ? "tabpanel" : undefined}
                aria-labelledby={shownSession() ? `session-tab-${shownSession()}` : undefined}
              >
                <Switch>
                  <Match when={pane().kind === "new" && newFor()} keyed>
                    {(instanceId) => (
                      <NewSessionPane
                        instanceId={instanceId}
                        onStarted={(id) => {
                          openSession(id);
                        }}
                      />
                    )}
                  </Match>
                  <Match when={pane().kind === "instance" && selectedForPane()} keyed>
                    {(instanceId) => <InstanceOverview instanceId={instanceId} sessionCount={sessionCount(instanceId)} onNewSession={startNew} />}
                  </Match>
                  <Match when={pane().kind === "empty"}>
                    <ProjectsHome control={newSessionIn} onOpenSession={openSession}>
                      <Show
                        when={noServers()}
                        fallback={
                          <>
                            <p class="only-wide">No session open. Pick a session on the left or a project below, or start a new one with +.</p>
                            {/* On a phone the list is behind ☰ (phone.css shows this line instead). */}
                            <p class="only-phone">Open the menu ☰ at the top left to pick a session, or start a new one with +.</p>
                          </>
                        }
                      >
                        <p>
                          No OpenCode servers are running. Start one with <code>opencode serve</code> or <code>opencode --port 0</code> — they appear
                          here within a second.
                        </p>
                      </Show>
                    </ProjectsHome>
                  </Match>
                  <Match when={shownSession()} keyed>
                    {(id) => (
                      <SessionPane
                        sessionId={id}
                        virtual={props.virtualTimeline}
                        onClose={() => tabs.close(id)}
                        onOpenSession={openSession}
                        onNewSession={startNew}
                      />
                    )}
                  </Match>
                </Switch>
              </div>
            </main>
          </div>
          <WorkspaceKeyboard tabs={paneTabs} selectedInstance={selectedForPane()} onNewSession={startNew} />
        </div>
      </SearchHost>
    </SessionActionsHost>
  );
}
