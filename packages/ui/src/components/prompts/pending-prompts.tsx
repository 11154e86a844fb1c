/** Every pending permission and question of a session, in arrival order. */
import { For } from "solid-js";
import type { State } from "../../store/types";
import { useWorkspace } from "../workspace-services";
import { PermissionPrompt } from "./permission-prompt";
import { QuestionPrompt } from "./question-prompt";

/** Props of {@link PendingPrompts}. */
export interface PendingPromptsProps {
  sessionId: string;
}

/** True when the session has anything waiting for the user. */
export function hasPendingPrompts(state: State, sessionId: string): boolean {
  return (state.permissions[sessionId]?.length ?? 0) > 0 || (state.questions[sessionId]?.length ?? 0) > 0;
}

/** Renders the pending prompts of one session. */
export function PendingPrompts(props: PendingPromptsProps) {
  const { state, actions } = useWorkspace();
  return (
    <div class="sv-prompts">
      <For each={state.permissions[props.sessionId] ?? []}>
        {(request) => <PermissionPrompt sessionId={props.sessionId} request={request} actions={actions} />}
      </For>
      <For each={state.questions[props.sessionId] ?? []}>
        {(request) => <QuestionPrompt sessionId={props.sessionId} request={request} actions={actions} />}
      </For>
    </div>
  );
}
