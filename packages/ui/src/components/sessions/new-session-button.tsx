import { createSignal, Show, splitProps, type JSX } from "solid-js";
import type { WorkspaceActions } from "../../store/types";

/** Creates a session on one instance and opens it; failures are shown in words beside the button. */
export function NewSessionButton(props: {
  instanceId: string;
  /** Where it will be created, for the title. */
  label: string;
  actions: Pick<WorkspaceActions, "createSession">;
  onCreated: (sessionId: string) => void;
  compact?: boolean;
  /** Shows the label beside the + (when several instances share one directory). */
  named?: boolean;
}): JSX.Element {
  const [local] = splitProps(props, ["instanceId", "label", "actions", "onCreated", "compact", "named"]);
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const create = async () => {
    setPending(true);
    setError(null);
    try {
      const session = await local.actions.createSession(local.instanceId);
      local.onCreated(session.id);
    } catch (failure) {
      console.warn("switchboard: create session failed", failure);
      setError(failure instanceof Error && failure.message ? failure.message : "Could not create a session.");
    } finally {
      setPending(false);
    }
  };
  return (
    <span class="new-session">
      <button
        type="button"
        class={`${local.compact ? "icon-button" : "button"} new-session-button${local.named ? " is-named" : ""}`}
        aria-label="New session"
        data-new-session-for={local.instanceId}
        title={`New session on ${local.label}`}
        disabled={pending()}
        onClick={create}
      >
        <span aria-hidden="true">+</span>
        <Show when={!local.compact}> New session</Show>
        <Show when={local.named}>
          <span class="new-session-name" aria-hidden="true">
            {local.label}
          </span>
        </Show>
      </button>
      <Show when={error()}>
        <span class="form-error" role="alert">
          {error()}
        </span>
      </Show>
    </span>
  );
}
