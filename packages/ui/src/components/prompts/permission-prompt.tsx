/** An inline card asking the user to allow or reject one tool permission request. */
import { For, Show } from "solid-js";
import type { PermissionRequest, WorkspaceActions } from "../../store/types";
import { createAsyncAction } from "../common/create-async-action";
import { focusComposer } from "../composer/composer";
import "../controls.css";
import "./prompts.css";
import { ErrorText } from "../common/error-text";

/** Props of {@link PermissionPrompt}. */
export interface PermissionPromptProps {
  sessionId: string;
  request: PermissionRequest;
  actions: Pick<WorkspaceActions, "replyPermission">;
}

/** Strings from the request's metadata worth showing verbatim (the command, the file…). */
function metadataLines(metadata: Record<string, unknown>): Array<[string, string]> {
  return Object.entries(metadata)
    .filter((e): e is [string, string] => typeof e[1] === "string" && e[1].trim() !== "")
    .slice(0, 6);
}

/** Renders one pending permission request with "Allow once", "Always allow" and "Reject". */
export function PermissionPrompt(props: PermissionPromptProps) {
  const pending = createAsyncAction();
  const reply = async (answer: "once" | "always" | "reject") => {
    const ok = await pending.run(() => props.actions.replyPermission(props.sessionId, props.request.id, answer), "send your answer");
    // Answered: the card goes away, so the keyboard continues in the composer (a failure keeps focus here).
    if (ok) focusComposer(props.sessionId);
  };
  const command = () => {
    const c = props.request.metadata["command"];
    return typeof c === "string" ? c : null;
  };
  const details = () => metadataLines(props.request.metadata).filter(([k]) => k !== "command");

  return (
    <section class="sv-prompt sv-permission" data-permission-id={props.request.id} aria-label={`Permission request: ${props.request.permission}`}>
      <div class="sv-prompt-title">
        <span class="sv-prompt-kind">Permission</span>
        <code>{props.request.permission}</code>
      </div>
      <Show when={command()}>{(c) => <pre class="sv-pre sv-prompt-command">{c()}</pre>}</Show>
      <Show when={!command() && props.request.patterns.length > 0}>
        <ul class="sv-prompt-patterns">
          <For each={props.request.patterns}>
            {(p) => (
              <li>
                <code>{p}</code>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={details().length > 0}>
        <dl class="sv-prompt-meta">
          <For each={details()}>
            {([k, v]) => (
              <>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </>
            )}
          </For>
        </dl>
      </Show>
      <div class="sv-prompt-actions">
        <button type="button" class="sv-btn sv-btn-primary" disabled={pending.pending()} onClick={() => void reply("once")}>
          Allow once
        </button>
        <button type="button" class="sv-btn" disabled={pending.pending()} onClick={() => void reply("always")}>
          Always allow
        </button>
        <button type="button" class="sv-btn sv-btn-danger" disabled={pending.pending()} onClick={() => void reply("reject")}>
          Reject
        </button>
        <Show when={props.request.always.length > 0}>
          <span class="sv-muted sv-prompt-hint">
            "Always" covers: <code>{props.request.always.join(", ")}</code>
          </span>
        </Show>
      </div>
      <ErrorText message={pending.error()} />
    </section>
  );
}
