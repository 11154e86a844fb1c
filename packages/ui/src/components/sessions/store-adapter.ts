/** The tabs' attention badge over the store's selectors. */
import { attentionCount as instanceAttention } from "../../store/selectors";
import type { State } from "../../store/types";

/** Tab badge: pending permissions + questions an instance owns, or of every session for the All tab (null). */
export function attentionCount(state: State, instanceId: string | null): number {
  if (instanceId !== null) return instanceAttention(state, instanceId);
  let count = 0;
  for (const sessionId of Object.keys(state.sessions)) {
    count += (state.permissions[sessionId]?.length ?? 0) + (state.questions[sessionId]?.length ?? 0);
  }
  return count;
}
