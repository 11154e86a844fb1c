import { Show, type JSX } from "solid-js";
import { Dynamic } from "solid-js/web";

/**
 * Error words where the failure happened, announced at once (`role="alert"`); renders nothing
 * while `message` is empty. `children` replaces the bare message (a prefix, a Retry button).
 */
export function ErrorText(props: {
  message: string | null | undefined;
  /** Default `sv-error-text`. */
  class?: string;
  /** A `<span>` inside a line of text instead of a `<p>`. */
  inline?: boolean;
  children?: JSX.Element;
}): JSX.Element {
  return (
    <Show when={props.message}>
      <Dynamic component={props.inline ? "span" : "p"} class={props.class ?? "sv-error-text"} role="alert">
        {props.children ?? props.message}
      </Dynamic>
    </Show>
  );
}
