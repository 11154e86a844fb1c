/**
 * "Show in terminal": switches the TUI that runs a session to it. Hidden unless the owner is a TUI
 * with the route; where the owner's OpenCode generation has no such route at all (2.1.2) but a
 * terminal runs the session, words say why there is no button.
 */
import { Show, createMemo, createResource, type JSX } from "solid-js";
import { adapterFor } from "../../adapters";
import type { Instance } from "../../store/types";
import { createAsyncAction } from "../common/create-async-action";
import { ErrorText } from "../common/error-text";
import { sessionOwner } from "../session-owner";
import { useWorkspace } from "../workspace-services";
import "./attention.css";

/** A terminal shows this instance's sessions: it is a TUI, or TUIs are attached to it (2.x's service). */
function hasTerminal(info: Instance): boolean {
  return info.kind === "tui" || info.attachedTuis.length > 0;
}

/** Renders the button for the session's owner, when it can. */
export function ShowInTerminal(props: { sessionId: string }): JSX.Element {
  const { state, tui } = useWorkspace();
  const ownerInfo = createMemo(() => sessionOwner(state.sessions[props.sessionId], state.instances)?.info ?? null);
  /** Why a terminal that runs this session cannot be switched to it (null: it can, or none runs it). */
  const cannot = () => {
    const info = ownerInfo();
    return info && hasTerminal(info) ? adapterFor(info.protocol).noTuiControl : null;
  };
  const owner = () => {
    const info = ownerInfo();
    return info && info.kind === "tui" && adapterFor(info.protocol).capabilities.tuiControl ? info : null;
  };
  const [supported] = createResource(owner, (info) => tui(info).supported());
  const pending = createAsyncAction();
  const show = () => {
    const info = owner();
    if (info) void pending.run(() => tui(info).selectSession(props.sessionId), "show it in the terminal");
  };
  return (
    <>
      <Show when={cannot()}>{(why) => <span class="sv-muted attention-terminal-note">{why()}</span>}</Show>
      <Show when={owner() && supported()}>
        <button
          type="button"
          class="sv-btn attention-terminal"
          disabled={pending.pending()}
          onClick={show}
          title="Switch the TUI running this session to it"
        >
          Show in terminal
        </button>
        <ErrorText message={pending.error()} inline />
      </Show>
    </>
  );
}
