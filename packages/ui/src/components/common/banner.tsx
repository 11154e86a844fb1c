import { Show, type JSX } from "solid-js";

/** A full-width notice; `tone` picks the colour, `role` follows urgency (alert for errors). */
export function Banner(props: { tone: "error" | "warning" | "info"; title: string; children?: JSX.Element; onDismiss?: () => void }): JSX.Element {
  return (
    <div class={`banner banner-${props.tone}`} role={props.tone === "error" ? "alert" : "status"}>
      <strong class="banner-title">{props.title}</strong>
      <Show when={props.children}>
        <span class="banner-body">{props.children}</span>
      </Show>
      <Show when={props.onDismiss}>
        {(dismiss) => (
          <button type="button" class="icon-button banner-dismiss" aria-label="Dismiss" onClick={() => dismiss()()}>
            ×
          </button>
        )}
      </Show>
    </div>
  );
}
