/**
 * Where the search for a session named by a restored tab or deep link stands: a session the store
 * does not know is only "gone" once every running instance has had its sessions listed.
 */
import type { InstanceEntry, State } from "./types";

/** `known`: listed; `searching`: some instance may still list it; `missing`: nobody lists it. */
export type SessionLookup =
  | { kind: "known" }
  | { kind: "searching" }
  /** `waitingFor`: running instances that could not be asked (locked, offline, failing); empty = none left. */
  | { kind: "missing"; waitingFor: InstanceEntry[] };

const TRYING = new Set(["connecting", "connected"]);

/** Running instances whose sessions are not listed yet (their first resync has not been applied). */
const unlisted = (state: Pick<State, "instances">): InstanceEntry[] => Object.values(state.instances).filter((entry) => !entry.gone && !entry.listed);

/**
 * Whether every instance has answered: the hub's list is in, and each running instance has had its
 * sessions listed or is not trying to (locked, offline, failing). The one rule for "the search is
 * over", for the engine's waits and the views alike.
 */
export function allAnswered(state: Pick<State, "hub" | "instances">): boolean {
  if (state.hub.state !== "connected") return false;
  // An instance connecting, or connected with its first resync in flight, may list a session any moment.
  return !unlisted(state).some((entry) => TRYING.has(entry.connection.state));
}

/** Looks `sessionId` up in the store, telling "not listed yet" from "not on any running server". */
export function sessionLookup(state: State, sessionId: string): SessionLookup {
  if (state.sessions[sessionId]) return { kind: "known" };
  if (!allAnswered(state)) return { kind: "searching" };
  return { kind: "missing", waitingFor: unlisted(state) };
}
