import { splitProps, type JSX } from "solid-js";

/** A centred message for an empty area, with optional follow-up content. */
export function EmptyState(props: { title: string; children?: JSX.Element }): JSX.Element {
  const [local] = splitProps(props, ["title", "children"]);
  return (
    <div class="empty-state">
      <h2>{local.title}</h2>
      <div class="empty-body">{local.children}</div>
    </div>
  );
}
