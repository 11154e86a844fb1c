import { Show, splitProps, type JSX } from "solid-js";
import type { State, WorkspaceActions } from "../store/types";

/**
 * The main pane under the session tabs. The timeline/composer teammate's `SessionView`
 * plugs in here; until it lands this shows what is known about the session.
 */
export function SessionPane(props: { sessionId: string; state: State; actions: WorkspaceActions }): JSX.Element {
  const [local] = splitProps(props, ["sessionId", "state", "actions"]);
  const info = () => local.state.sessions[local.sessionId]?.info;
  return (
    <div class="session-placeholder">
      <Show when={info()} fallback={<p class="muted">Loading session {local.sessionId}…</p>}>
        {(session) => (
          <>
            <h2>{session().title || "Untitled session"}</h2>
            <p class="muted mono">{session().directory}</p>
            <p class="muted">{local.state.messages[local.sessionId]?.length ?? 0} messages loaded</p>
          </>
        )}
      </Show>
    </div>
  );
}
