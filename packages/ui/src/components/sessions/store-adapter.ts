/** Id-based conveniences over the store's ownership and selectors, as the tabs use them. */
import { ownerOf as ownerOfEntry } from "../../store/ownership";
import { attentionCount as instanceAttention } from "../../store/selectors";
import type { State } from "../../store/types";

/** Owner of a session by id (the store's ownership rule), null when unknown or unowned. */
export function ownerOf(state: State, sessionId: string): string | null {
  const entry = state.sessions[sessionId];
  return entry ? ownerOfEntry(entry, state.instances) : null;
}

/** Tab badge: pending permissions + questions an instance owns, or of every session for the All tab (null). */
export function attentionCount(state: State, instanceId: string | null): number {
  if (instanceId !== null) return instanceAttention(state, instanceId);
  let count = 0;
  for (const sessionId of Object.keys(state.sessions)) {
    count += (state.permissions[sessionId]?.length ?? 0) + (state.questions[sessionId]?.length ?? 0);
  }
  return count;
}
