import { Route, Router } from "@solidjs/router";
import { type JSX } from "solid-js";
import { createWorkspaceServices, WorkspaceServicesProvider } from "./components/workspace-services";
import { WorkspacePage } from "./pages/workspace-page";
import type { State, WorkspaceActions } from "./store/types";

/**
 * The SPA: one workspace page as the router's root so switching instance tabs never remounts it.
 * Routes: `/` (All), `/instance/:id`; the active session is `?session=ID`. Unknown paths show All.
 */
export function App(props: { state: State; actions: WorkspaceActions }): JSX.Element {
  // The page's drafts, remembered tabs, composer lists and TUI clients (components/workspace-services.tsx).
  const services = createWorkspaceServices();
  return (
    <WorkspaceServicesProvider value={services}>
      <Router root={() => <WorkspacePage state={props.state} actions={props.actions} />}>
        <Route path="/" />
        <Route path="/instance/:id" />
        <Route path="*rest" />
      </Router>
    </WorkspaceServicesProvider>
  );
}
