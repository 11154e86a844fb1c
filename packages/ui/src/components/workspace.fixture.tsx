/**
 * Test support: a view rendered on its own gets the workspace context it would find in the page,
 * over the test's store and (by default) actions that succeed and do nothing.
 */
import { untrack, type JSX } from "solid-js";
import type { State, WorkspaceActions } from "../store/types";
import type { SessionShown } from "./common/after-session-shown";
import { fakeActions } from "./session-view.fixture";
import { createWorkspace, WorkspaceProvider } from "./workspace-services";

/** Wraps `children` in a workspace over `state` (services memory-only unless `storage` is given; `shown` as the page's, default not yet reached). */
export function WorkspaceFixture(props: {
  state: State;
  actions?: WorkspaceActions;
  storage?: Storage | null;
  shown?: SessionShown;
  children: JSX.Element;
}): JSX.Element {
  const workspace = untrack(() =>
    createWorkspace({ state: props.state, actions: props.actions ?? fakeActions(), storage: props.storage ?? null, shown: props.shown }),
  );
  return <WorkspaceProvider value={workspace}>{props.children}</WorkspaceProvider>;
}
