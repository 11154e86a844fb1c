import { type JSX } from "solid-js";

/** A small coloured dot; `kind` maps to a CSS modifier (connection or session state). */
export function StatusDot(props: { kind: string; label?: string }): JSX.Element {
  return (
    <span
      class={`dot dot-${props.kind}`}
      role={props.label ? "img" : undefined}
      aria-label={props.label}
      aria-hidden={props.label ? undefined : "true"}
    />
  );
}
