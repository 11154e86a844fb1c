import { Show, type JSX } from "solid-js";
import type { InstanceEntry } from "../../store/types";

/** Can take new sessions: listed by the hub, ready, unlocked. */
export function canStartSessions(entry: InstanceEntry): boolean {
  return !entry.gone && entry.info.status === "ready" && entry.connection.state !== "auth-required";
}

/**
 * `+`: opens an empty composer bound to one instance. Nothing is created on the server until the
 * first send, so changing one's mind leaves nothing behind.
 */
export function NewSessionButton(props: {
  instanceId: string;
  /** Where it will be created, for the title. */
  label: string;
  onNew: (instanceId: string) => void;
  compact?: boolean;
  /** Shows the label beside the + (when several instances share one directory). */
  named?: boolean;
}): JSX.Element {
  return (
    <span class="new-session">
      <button
        type="button"
        class={`${props.compact ? "icon-button" : "button"} new-session-button${props.named ? " is-named" : ""}`}
        aria-label="New session"
        data-new-session-for={props.instanceId}
        title={`New session on ${props.label}`}
        onClick={() => props.onNew(props.instanceId)}
      >
        <span aria-hidden="true">+</span>
        <Show when={!props.compact}> New session</Show>
        <Show when={props.named}>
          <span class="new-session-name" aria-hidden="true">
            {props.label}
          </span>
        </Show>
      </button>
    </span>
  );
}
