import { Show, untrack, type JSX } from "solid-js";
import type { InstanceEntry } from "../../store/types";
import { startCommand, type RememberedTabs } from "../../store/remembered-tabs";
import { useWorkspace } from "../workspace-services";
import { connectionWords, instanceName } from "../instances/connection-summary";

/**
 * What a tab shows when its session is on no server that could be asked; it comes back by itself if
 * one lists it. A restored tab remembers its title, folder and instance, so it says which folder's
 * OpenCode to start, with the command.
 */
export function SessionNotFound(props: {
  sessionId: string;
  waitingFor: InstanceEntry[];
  onClose?: () => void;
  /** Default: the page's shared store. */
  remembered?: RememberedTabs;
}): JSX.Element {
  const workspace = useWorkspace();
  // The remembered-tabs store is chosen once, for the life of the view.
  const remembered = untrack(() => props.remembered) ?? workspace.remembered;
  const memory = () => remembered.get(props.sessionId);
  const others = () =>
    props.waitingFor.map((entry) => `${instanceName(entry, Object.values(workspace.state.instances))} (${connectionWords(entry)})`).join(", ");
  return (
    <div class="sv-not-found" role="status" data-session-missing="">
      <Show when={memory()}>
        {(tab) => (
          <div class="sv-restart">
            <p>
              <strong>{tab().title || "Untitled session"}</strong> was in <code>{tab().directory}</code>
              {tab().instance ? ` (on ${tab().instance})` : ""}. No running OpenCode serves that folder now. Start one there, and this tab comes back
              by itself:
            </p>
            <pre class="sv-command" data-start-command="">
              <code>{startCommand(tab().directory)}</code>
            </pre>
          </div>
        )}
      </Show>
      <Show
        when={props.waitingFor.length > 0}
        fallback={
          <Show when={!memory()}>
            <p>This session is not on any running OpenCode server. It may have been deleted, or its server is not running.</p>
          </Show>
        }
      >
        <p>This session is not on any connected OpenCode server. It may be on one that could not be asked: {others()}.</p>
      </Show>
      <Show when={props.onClose}>
        {(close) => (
          <button type="button" class="sv-btn" onClick={() => close()()}>
            Close tab
          </button>
        )}
      </Show>
    </div>
  );
}
