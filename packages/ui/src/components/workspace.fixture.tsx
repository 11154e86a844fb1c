/**
 * Test support: a view rendered on its own gets the workspace context it would find in the page,
 * over the test's store and (by default) actions that succeed and do nothing.
 */
import { untrack, type JSX } from "solid-js";
import type { State, WorkspaceActions } from "../store/types";
import { fakeActions } from "./session-view.fixture";
import { createWorkspace, WorkspaceProvider } from "./workspace-services";

/** Wraps `children` in a workspace over `state` (services memory-only unless `storage` is given). */
export function WorkspaceFixture(props: { state: State; actions?: WorkspaceActions; storage?: Storage | null; children: JSX.Element }): JSX.Element {
  const workspace = untrack(() => createWorkspace({ state: props.state, actions: props.actions ?? fakeActions(), storage: props.storage ?? null }));
  return <WorkspaceProvider value={workspace}>{props.children}</WorkspaceProvider>;
}
