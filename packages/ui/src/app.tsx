import { Route, Router } from "@solidjs/router";
import { untrack, type JSX } from "solid-js";
import { createWorkspace, WorkspaceProvider } from "./components/workspace-services";
import { WorkspacePage } from "./pages/workspace-page";
import type { State, WorkspaceActions } from "./store/types";
import type { SessionShown } from "./components/common/after-session-shown";

/**
 * The SPA: one workspace page as the router's root so switching instance tabs never remounts it.
 * Routes: `/` (All), `/instance/:id`, `/machine/:id` (a peer machine's instances); the active
 * session is `?session=ID`. Unknown paths show All.
 */
export function App(props: { state: State; actions: WorkspaceActions; shown?: SessionShown }): JSX.Element {
  // The workspace context (components/workspace-services.tsx): the store and actions index.tsx
  // made, with the page's drafts, remembered tabs, composer lists and TUI clients. Made once.
  const workspace = untrack(() => createWorkspace({ state: props.state, actions: props.actions, shown: props.shown }));
  return (
    <WorkspaceProvider value={workspace}>
      <Router root={() => <WorkspacePage />}>
        <Route path="/" />
        <Route path="/instance/:id" />
        <Route path="/machine/:id" />
        <Route path="*rest" />
      </Router>
    </WorkspaceProvider>
  );
}
