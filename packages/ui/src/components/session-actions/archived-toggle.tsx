/** "Show archived (N)" switch of the session list; hidden while nothing is archived. */
import { createMemo, Show, type JSX } from "solid-js";
import { useWorkspace } from "../workspace-services";
import "./session-actions.css";

/** The toggle; `checked` lists archived sessions too. */
export function ArchivedToggle(props: { checked: boolean; onChange: (on: boolean) => void }): JSX.Element {
  const { state } = useWorkspace();
  const count = createMemo(() => Object.values(state.sessions).filter((s) => s.info.time.archived).length);
  return (
    <Show when={count() > 0 || props.checked}>
      <label class="sl-archived-toggle">
        <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.currentTarget.checked)} />
        Show archived ({count()})
      </label>
    </Show>
  );
}
