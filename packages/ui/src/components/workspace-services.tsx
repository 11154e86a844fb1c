/**
 * The workspace context: the store, the actions, and the page's shared state that is not the store
 * (composer drafts, remembered tabs, the composer's cached server lists, the TUI clients). One is
 * created at the app's root (app.tsx) and handed down; components take what they use from it
 * instead of props (no module singletons, so nothing needs a test-only reset). A view rendered on
 * its own (a unit test) is wrapped in `WorkspaceFixture` (workspace.fixture.tsx).
 */
import { createContext, untrack, useContext, type JSX } from "solid-js";
import type { Instance } from "../api/hub-types";
import { makeTuiClients, type TuiClient } from "../api/tui-client";
import { createDraftStore, type DraftStore } from "../store/drafts";
import { createRememberedTabs, type RememberedTabs } from "../store/remembered-tabs";
import type { State, WorkspaceActions } from "../store/types";
import { makeComposerListCache, type ComposerListCache } from "./composer/create-composer-data";
import { createSessionShown, type SessionShown } from "./common/after-session-shown";

/** What every view of the workspace shares besides the store and the actions. */
export interface WorkspaceServices {
  drafts: DraftStore;
  remembered: RememberedTabs;
  composerLists: ComposerListCache;
  /** The TUI client of an instance (one route check per process). */
  tui(info: Instance): TuiClient;
  /** The moment the opened session was first shown (work nobody sees at open waits for it). */
  shown: SessionShown;
}

/** The whole context: the store (reactive through its proxy), the actions, and the services. */
export interface Workspace extends WorkspaceServices {
  state: State;
  actions: WorkspaceActions;
}

/** Creates one set of services, saved to `storage` (default localStorage; null = memory only). */
export function createWorkspaceServices(options: { storage?: Storage | null; shown?: SessionShown } = {}): WorkspaceServices {
  return {
    drafts: createDraftStore(options),
    remembered: createRememberedTabs(options),
    composerLists: makeComposerListCache(),
    tui: makeTuiClients(),
    shown: options.shown ?? createSessionShown(),
  };
}

/** The workspace over a store and its actions, with fresh services saved to `storage`. */
export function createWorkspace(options: { state: State; actions: WorkspaceActions; storage?: Storage | null; shown?: SessionShown }): Workspace {
  return { state: options.state, actions: options.actions, ...createWorkspaceServices({ storage: options.storage, shown: options.shown }) };
}

const Ctx = createContext<Workspace>();

/** Hands the workspace to every view inside. */
export function WorkspaceProvider(props: { value: Workspace; children: JSX.Element }): JSX.Element {
  // Read once: a context value is not reactive (Solid's Provider reads it untracked too).
  return <Ctx.Provider value={untrack(() => props.value)}>{props.children}</Ctx.Provider>;
}

/** The workspace; throws outside a {@link WorkspaceProvider} (a programming error, not a user's). */
export function useWorkspace(): Workspace {
  const value = useContext(Ctx);
  if (!value) throw new Error("useWorkspace: no WorkspaceProvider above this view (tests: wrap it in WorkspaceFixture)");
  return value;
}
