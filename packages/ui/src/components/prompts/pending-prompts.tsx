/** Every pending permission and question of a session, in arrival order. */
import { For } from "solid-js";
import type { State, WorkspaceActions } from "../../store/types";
import { PermissionPrompt } from "./permission-prompt";
import { QuestionPrompt } from "./question-prompt";

/** Props of {@link PendingPrompts}. */
export interface PendingPromptsProps {
  sessionId: string;
  state: State;
  actions: Pick<WorkspaceActions, "replyPermission" | "replyQuestion" | "rejectQuestion">;
}

/** True when the session has anything waiting for the user. */
export function hasPendingPrompts(state: State, sessionId: string): boolean {
  return (state.permissions[sessionId]?.length ?? 0) > 0 || (state.questions[sessionId]?.length ?? 0) > 0;
}

/** Renders the pending prompts of one session. */
export function PendingPrompts(props: PendingPromptsProps) {
  return (
    <div class="sv-prompts">
      <For each={props.state.permissions[props.sessionId] ?? []}>
        {(request) => <PermissionPrompt sessionId={props.sessionId} request={request} actions={props.actions} />}
      </For>
      <For each={props.state.questions[props.sessionId] ?? []}>
        {(request) => <QuestionPrompt sessionId={props.sessionId} request={request} actions={props.actions} />}
      </For>
    </div>
  );
}
