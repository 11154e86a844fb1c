/** "Show in terminal": switches the TUI that runs a session to it. Hidden unless the owner is a TUI with the route. */
import { Show, createResource, type JSX } from "solid-js";
import type { State } from "../../store/types";
import { createAsyncAction } from "../common/create-async-action";
import { sessionOwner } from "../session-owner";
import "./attention.css";
import { ErrorText } from "../common/error-text";
import { useWorkspaceServices } from "../workspace-services";

/** Renders the button for the session's owner, when it can. */
export function ShowInTerminal(props: { state: State; sessionId: string }): JSX.Element {
  const owner = () => {
    const entry = sessionOwner(props.state.sessions[props.sessionId], props.state.instances);
    return entry && entry.info.kind === "tui" ? entry.info : null;
  };
  const { tui } = useWorkspaceServices();
  const [supported] = createResource(owner, (info) => tui(info).supported());
  const pending = createAsyncAction();
  const show = () => {
    const info = owner();
    if (info) void pending.run(() => tui(info).selectSession(props.sessionId), "show it in the terminal");
  };
  return (
    <Show when={owner() && supported()}>
      <button type="button" class="sv-btn attention-terminal" disabled={pending.pending()} onClick={show} title="Switch the TUI running this session to it">
        Show in terminal
      </button>
      <ErrorText message={pending.error()} inline />
    </Show>
  );
}
