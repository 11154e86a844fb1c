/** The tabs' attention badge over the store's selectors. */
import { attentionCount as instanceAttention, pendingBySession } from "../../store/selectors";
import type { State } from "../../store/types";

/** Tab badge: pending permissions + questions an instance owns, or of every session for the All tab (null). */
export function attentionCount(state: State, instanceId: string | null): number {
  if (instanceId !== null) return instanceAttention(state, instanceId);
  return pendingBySession(state).reduce((sum, { pending }) => sum + pending, 0);
}
