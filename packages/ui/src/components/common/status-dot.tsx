import { splitProps, type JSX } from "solid-js";

/** A small coloured dot; `kind` maps to a CSS modifier (connection or session state). */
export function StatusDot(props: { kind: string; label?: string }): JSX.Element {
  const [local] = splitProps(props, ["kind", "label"]);
  return (
    <span
      class={`dot dot-${local.kind}`}
      role={local.label ? "img" : undefined}
      aria-label={local.label}
      aria-hidden={local.label ? undefined : "true"}
    />
  );
}
