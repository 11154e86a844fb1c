import { Show, splitProps, type JSX } from "solid-js";
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
  const [local] = splitProps(props, ["instanceId", "label", "onNew", "compact", "named"]);
  return (
    <span class="new-session">
      <button
        type="button"
        class={`${local.compact ? "icon-button" : "button"} new-session-button${local.named ? " is-named" : ""}`}
        aria-label="New session"
        data-new-session-for={local.instanceId}
        title={`New session on ${local.label}`}
        onClick={() => local.onNew(local.instanceId)}
      >
        <span aria-hidden="true">+</span>
        <Show when={!local.compact}> New session</Show>
        <Show when={local.named}>
          <span class="new-session-name" aria-hidden="true">
            {local.label}
          </span>
        </Show>
      </button>
    </span>
  );
}
