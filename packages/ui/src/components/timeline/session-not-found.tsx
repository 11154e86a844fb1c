import { Show, splitProps, type JSX } from "solid-js";
import type { InstanceEntry, State } from "../../store/types";
import { connectionWords, instanceName } from "../instances/connection-summary";

/** What a tab shows when its session is on no server that could be asked; it comes back by itself if one lists it. */
export function SessionNotFound(props: { state: State; waitingFor: InstanceEntry[]; onClose?: () => void }): JSX.Element {
  const [local] = splitProps(props, ["state", "waitingFor", "onClose"]);
  const others = () =>
    local.waitingFor
      .map((entry) => `${instanceName(entry, Object.values(local.state.instances))} (${connectionWords(entry)})`)
      .join(", ");
  return (
    <div class="sv-not-found" role="status" data-session-missing="">
      <Show
        when={local.waitingFor.length > 0}
        fallback={
          <p>This session is not on any running OpenCode server. It may have been deleted, or its server is not running.</p>
        }
      >
        <p>
          This session is not on any connected OpenCode server. It may be on one that could not be asked: {others()}.
        </p>
      </Show>
      <Show when={local.onClose}>
        {(close) => (
          <button type="button" class="sv-btn" onClick={() => close()()}>
            Close tab
          </button>
        )}
      </Show>
    </div>
  );
}
