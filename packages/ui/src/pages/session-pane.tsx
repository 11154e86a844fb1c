import { Show, splitProps, type JSX } from "solid-js";
import { SessionView } from "../components/session-view";
import { IndexedSessionView } from "../components/search/indexed-session-view";
import { useSearch } from "../components/search/search-host";
import { ownerOf } from "../store/ownership";
import type { State, WorkspaceActions } from "../store/types";

/** The main pane under the session tabs: the SessionView of one session, or the index's read-only copy of a search hit whose server is gone. */
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
  const search = useSearch();
  // Opened from a search result whose server is gone: the index's copy, until a server lists it again.
  const indexed = () => {
    const entry = local.state.sessions[local.sessionId];
    return search?.indexedOnly(local.sessionId) && (!entry || ownerOf(entry, local.state.instances) === null) ? search : undefined;
  };
  return (
    <Show
      when={indexed()}
      fallback={
        <SessionView
          sessionId={local.sessionId}
          state={local.state}
          actions={local.actions}
          virtual={local.virtual}
          onClose={local.onClose}
          onOpenSession={local.onOpenSession}
          onNewSession={local.onNewSession}
        />
      }
    >
      {(s) => <IndexedSessionView sessionId={local.sessionId} client={s().client} hit={s().hitOf(local.sessionId)} />}
    </Show>
  );
}
