import { Show, type JSX } from "solid-js";
import { SessionView } from "../components/session-view";
import { IndexedSessionView } from "../components/search/indexed-session-view";
import { useSearch } from "../components/search/search-host";
import { ownerOf } from "../store/ownership";
import { useWorkspace } from "../components/workspace-services";

/** The main pane under the session tabs (not a pass-through: it picks the live view or the index's copy): the SessionView of one session, or the index's read-only copy of a search hit whose server is gone. */
export function SessionPane(props: {
  sessionId: string;
  /** false only in jsdom tests (no layout for the virtualizer). */
  virtual?: boolean;
  onClose?: () => void;
  onOpenSession?: (sessionId: string) => void;
  onNewSession?: (instanceId: string) => void;
}): JSX.Element {
  const { state } = useWorkspace();
  const search = useSearch();
  // Opened from a search result whose server is gone: the index's copy, until a server lists it again.
  const indexed = () => {
    const entry = state.sessions[props.sessionId];
    return search?.indexedOnly(props.sessionId) && (!entry || ownerOf(entry, state.instances) === null) ? search : undefined;
  };
  return (
    <Show
      when={indexed()}
      fallback={
        <SessionView
          sessionId={props.sessionId}
          virtual={props.virtual}
          onClose={props.onClose}
          onOpenSession={props.onOpenSession}
          onNewSession={props.onNewSession}
        />
      }
    >
      {(s) => <IndexedSessionView sessionId={props.sessionId} client={s().client} hit={s().hitOf(props.sessionId)} />}
    </Show>
  );
}
