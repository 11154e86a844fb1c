/** Per-message buttons: Copy (the message's text) and Fork (a new session from this point). */
import { Show, type JSX } from "solid-js";
import type { Message, Part } from "../../store/types";
import { copyText } from "../common/download";
import { useSessionActions } from "./session-actions-host";
import { RevertButton } from "../workbench/revert/revert-button";
import { errorMessage } from "../../store/error-message";

/** The text a user would copy from a message: its visible text parts. */
export function messageText(parts: readonly Part[]): string {
  return parts
    .flatMap((p) => (p.type === "text" && !p.synthetic && !p.ignored ? [p.text.trim()] : []))
    .filter(Boolean)
    .join("\n\n");
}

/**
 * Buttons in a message header. Fork from a user message starts the fork before it (as the TUI's
 * /fork does, so the prompt can be asked differently); from an assistant reply it keeps the reply.
 */
export function MessageActions(props: { message: Message; parts: readonly Part[] }): JSX.Element {
  const host = useSessionActions();
  const copy = async () => {
    try {
      await copyText(messageText(props.parts));
      host?.announce("Copied the message.");
    } catch (err) {
      host?.announce(errorMessage(err), true);
    }
  };
  return (
    <span class="sa-msg-actions">
      <button type="button" class="sa-msg-btn" aria-label="Copy message" title="Copy message" onClick={() => void copy()}>
        Copy
      </button>
      <Show when={host}>
        {(api) => (
          <button
            type="button"
            class="sa-msg-btn"
            aria-label="Fork from here"
            title={
              props.message.role === "user"
                ? "Fork: a new session with the history before this prompt"
                : "Fork: a new session with the history up to this reply"
            }
            onClick={() => api().forkFrom(props.message)}
          >
            Fork
          </button>
        )}
      </Show>
      <Show when={host && props.message.role === "user" && !host.reverted(props.message.sessionID, props.message.id) ? host : undefined}>
        {(api) => <RevertButton onAsk={() => api().revertFrom(props.message)} />}
      </Show>
    </span>
  );
}
