import { Show, splitProps, type JSX } from "solid-js";

/** A full-width notice; `tone` picks the colour, `role` follows urgency (alert for errors). */
export function Banner(props: {
  tone: "error" | "warning" | "info";
  title: string;
  children?: JSX.Element;
  onDismiss?: () => void;
}): JSX.Element {
  const [local] = splitProps(props, ["tone", "title", "children", "onDismiss"]);
  return (
    <div class={`banner banner-${local.tone}`} role={local.tone === "error" ? "alert" : "status"}>
      <strong class="banner-title">{local.title}</strong>
      <Show when={local.children}>
        <span class="banner-body">{local.children}</span>
      </Show>
      <Show when={local.onDismiss}>
        {(dismiss) => (
          <button type="button" class="icon-button banner-dismiss" aria-label="Dismiss" onClick={() => dismiss()()}>
            ×
          </button>
        )}
      </Show>
    </div>
  );
}
