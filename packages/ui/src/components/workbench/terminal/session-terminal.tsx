/**
 * The session view's terminal pieces, bound to the session's owner: the header button and the
 * panel (shown while open). The owner's protocol adapter supplies the PTY routes.
 */
import { createMemo, Show, type JSX } from "solid-js";
import { adapterFor } from "../../../adapters";
import type { PtyApi } from "../../../adapters/pty";
import { sessionOwner } from "../../session-owner";
import { TerminalButton } from "./terminal-button";
import { TerminalPanel } from "./terminal-panel";
import { terminalStore } from "./terminal-store";
import { useWorkspace } from "../../workspace-services";

/** The owner's PTY routes for the session's folder (a new API only when the owner changes). */
function createPtyApi(props: { sessionId: string }): () => PtyApi | null {
  const { state } = useWorkspace();
  const owner = createMemo(
    () => {
      const entry = state.sessions[props.sessionId];
      const info = sessionOwner(entry, state.instances)?.info;
      return info ? { info, directory: entry?.info.directory ?? null } : null;
    },
    null,
    {
      equals: (a, b) =>
        a?.info.id === b?.info.id && a?.info.url === b?.info.url && a?.info.eventsUrl === b?.info.eventsUrl && a?.directory === b?.directory,
    },
  );
  const api = createMemo(() => {
    const o = owner();
    return o ? adapterFor(o.info.protocol).pty(o.info, o.directory) : null;
  });
  return api;
}

/** Header button ("Terminal", Ctrl+`). */
export function SessionTerminalButton(props: { sessionId: string }): JSX.Element {
  return <TerminalButton sessionId={props.sessionId} store={terminalStore()} />;
}

/** The panel, while open for this session. */
export function SessionTerminalPanel(props: { sessionId: string }): JSX.Element {
  const api = createPtyApi(props);
  const store = terminalStore();
  return (
    <Show when={store.of(props.sessionId).open}>
      <TerminalPanel sessionId={props.sessionId} api={api()} store={store} />
    </Show>
  );
}
