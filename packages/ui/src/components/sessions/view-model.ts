/** Per-session status words for rows and tabs (pure; the list itself comes from store/selectors). */
import type { State } from "../../store/types";

/** What a row's pill and `data-session-status` show. */
export type SessionStatusKind = "idle" | "busy" | "retry";

/** `data-session-status` of one session (absent status = idle). */
export function statusKind(state: State, sessionId: string): SessionStatusKind {
  const type = state.status[sessionId]?.type;
  return type === "busy" || type === "retry" ? type : "idle";
}

/** What the session is waiting for from the user, if anything (permission wins over question). */
export function attentionOf(state: State, sessionId: string): "permission" | "question" | null {
  if ((state.permissions[sessionId]?.length ?? 0) > 0) return "permission";
  if ((state.questions[sessionId]?.length ?? 0) > 0) return "question";
  return null;
}
