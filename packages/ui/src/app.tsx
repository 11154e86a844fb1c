import { Route, Router } from "@solidjs/router";
import { splitProps, type JSX } from "solid-js";
import { WorkspacePage } from "./pages/workspace-page";
import type { State, WorkspaceActions } from "./store/types";

/**
 * The SPA: one workspace page as the router's root so switching instance tabs never remounts it.
 * Routes: `/` (All), `/instance/:id`; the active session is `?session=ID`. Unknown paths show All.
 */
export function App(props: { state: State; actions: WorkspaceActions }): JSX.Element {
  const [local] = splitProps(props, ["state", "actions"]);
  return (
    <Router root={() => <WorkspacePage state={local.state} actions={local.actions} />}>
      <Route path="/" />
      <Route path="/instance/:id" />
      <Route path="*rest" />
    </Router>
  );
}
