import { splitProps, type JSX } from "solid-js";
import { SessionView } from "../components/session-view";
import type { State, WorkspaceActions } from "../store/types";

/** The main pane under the session tabs: the timeline/composer teammate's SessionView for one session. */
export function SessionPane(props: {
  sessionId: string;
  state: State;
  actions: WorkspaceActions;
  /** false only in jsdom tests (no layout for the virtualizer). */
  virtual?: boolean;
  onClose?: () => void;
  onOpenSession?: (sessionId: string) => void;
  onNewSession?: (instanceId: string) => void;
}): JSX.Element {
  const [local] = splitProps(props, ["sessionId", "state", "actions", "virtual", "onClose", "onOpenSession", "onNewSession"]);
  return (
    <SessionView
      sessionId={local.sessionId}
      state={local.state}
      actions={local.actions}
      virtual={local.virtual}
      onClose={local.onClose}
      onOpenSession={local.onOpenSession}
      onNewSession={local.onNewSession}
    />
  );
}
