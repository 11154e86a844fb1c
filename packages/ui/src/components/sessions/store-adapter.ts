/**
 * Local stand-ins for the store's selectors (`src/store/selectors.ts`) while that module lands.
 * Same shapes as documented there; views import from here so the switch is one file.
 */
import { ownerOf as ownerOfEntry } from "../../store/ownership";
import type { SessionEntry, State } from "../../store/types";

/** Owner of a session by id (the store's ownership rule), null when unknown or unowned. */
export function ownerOf(state: State, sessionId: string): string | null {
  const entry = state.sessions[sessionId];
  return entry ? ownerOfEntry(entry, state.instances) : null;
}

/** Sessions shown under an instance tab (those it lists or streams), or all of them for "all". */
export function sessionsOf(state: State, instanceId: string | null): SessionEntry[] {
  const all = Object.values(state.sessions);
  if (instanceId === null) return all;
  return all.filter((entry) => entry.seenBy.includes(instanceId) || ownerOf(state, entry.info.id) === instanceId);
}

/** Pending permissions + questions of the sessions an instance owns (all instances for null). */
export function attentionCount(state: State, instanceId: string | null): number {
  let count = 0;
  const ids = new Set([...Object.keys(state.permissions), ...Object.keys(state.questions)]);
  for (const sessionId of ids) {
    if (instanceId !== null && ownerOf(state, sessionId) !== instanceId) continue;
    count += (state.permissions[sessionId]?.length ?? 0) + (state.questions[sessionId]?.length ?? 0);
  }
  return count;
}
