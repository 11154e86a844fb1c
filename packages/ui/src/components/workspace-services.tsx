/**
 * The page's shared state that is not the store: composer drafts, remembered tabs, the composer's
 * cached server lists and the TUI clients. One set is created at the app's root and handed down by
 * context (no module singletons, so nothing needs a test-only reset); a view rendered on its own
 * (a unit test) gets a fresh set.
 */
import { createContext, useContext, type JSX } from "solid-js";
import type { Instance } from "../api/hub-types";
import { makeTuiClients, type TuiClient } from "../api/tui-client";
import { createDraftStore, type DraftStore } from "../store/drafts";
import { createRememberedTabs, type RememberedTabs } from "../store/remembered-tabs";
import { makeComposerListCache, type ComposerListCache } from "./composer/create-composer-data";

/** What every view of the workspace shares besides the store and the actions. */
export interface WorkspaceServices {
  drafts: DraftStore;
  remembered: RememberedTabs;
  composerLists: ComposerListCache;
  /** The TUI client of an instance (one route check per process). */
  tui(info: Instance): TuiClient;
}

/** Creates one set, saved to `storage` (default localStorage; null = memory only). */
export function createWorkspaceServices(options: { storage?: Storage | null } = {}): WorkspaceServices {
  return {
    drafts: createDraftStore(options),
    remembered: createRememberedTabs(options),
    composerLists: makeComposerListCache(),
    tui: makeTuiClients(),
  };
}

const Ctx = createContext<WorkspaceServices>();

/** Hands `value` to every view inside. */
export function WorkspaceServicesProvider(props: { value: WorkspaceServices; children: JSX.Element }): JSX.Element {
  return <Ctx.Provider value={props.value}>{props.children}</Ctx.Provider>;
}

/**
 * The workspace's services; outside a provider, `fallback()` (default: a fresh memory-only set, for
 * a view rendered on its own).
 */
export function useWorkspaceServices(fallback: () => WorkspaceServices = () => createWorkspaceServices({ storage: null })): WorkspaceServices {
  return useContext(Ctx) ?? fallback();
}
