import { type JSX } from "solid-js";

/** A centred message for an empty area, with optional follow-up content. */
export function EmptyState(props: { title: string; children?: JSX.Element }): JSX.Element {
  return (
    <div class="empty-state">
      <h2>{props.title}</h2>
      <div class="empty-body">{props.children}</div>
    </div>
  );
}
