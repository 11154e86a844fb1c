/**
 * The lazy `+`: an empty composer bound to one instance. The first send creates the session on that
 * instance and prompts it (actions.startSession); then the page switches to the real session.
 */
import { onMount, Show, untrack, type JSX } from "solid-js";
import { Composer, focusComposer } from "../components/composer/composer";
import { instanceLabel } from "../components/session-owner";
import { kindLabel } from "../components/instances/instance-colour";
import { newSessionId } from "../store/ownership";
import type { PromptExtras } from "../store/types";
import { useWorkspace } from "../components/workspace-services";

/** Renders the new-session pane for `instanceId`. */
export function NewSessionPane(props: {
  instanceId: string;
  /** The first send created this session (its prompt is accepted). */
  onStarted: (sessionId: string) => void;
}): JSX.Element {
  const { state, actions } = useWorkspace();
  // One placeholder id for the life of this pane.
  const id = untrack(() => newSessionId(props.instanceId));
  const entry = () => state.instances[props.instanceId];
  const composerActions = {
    sendPrompt: async (_placeholder: string, text: string, extras?: PromptExtras) => {
      const id = extras ? actions.startSession(props.instanceId, text, extras) : actions.startSession(props.instanceId, text);
      props.onStarted(await id);
    },
    abort: (sessionId: string) => actions.abort(sessionId),
  };
  onMount(() => focusComposer(id));
  return (
    <section class="sv-root sv-session sv-new" data-session-id={id} data-new-session-for={props.instanceId} aria-label="New session">
      <header class="sv-header">
        <div class="sv-header-main">
          <h2 class="sv-title">New session</h2>
        </div>
        <Show when={entry()}>
          {(e) => (
            <div class="sv-header-sub">
              <span class="sv-dir" title={e().info.directory ?? undefined}>
                {e().info.directory ?? "unknown directory"}
              </span>
              <span>
                on {instanceLabel(e().info)} · {kindLabel(e().info.kind)} — created when you send
              </span>
            </div>
          )}
        </Show>
      </header>
      <div class="sv-body">
        <div class="sv-main">
          <div class="sv-new-hint">
            <p>Type the first message. The session is created on this OpenCode when you send it; leave this pane and nothing is created.</p>
          </div>
          <Composer sessionId={id} actions={composerActions} />
        </div>
      </div>
    </section>
  );
}
