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

/** Looks `sessionId` up in the store, telling "not listed yet" from "not on any running server". */
export function sessionLookup(state: State, sessionId: string): SessionLookup {
  if (state.sessions[sessionId]) return { kind: "known" };
  if (state.hub.state !== "connected") return { kind: "searching" };
  const unlisted = Object.values(state.instances).filter((entry) => !entry.gone && !entry.listed);
  // An instance connecting, or connected with its first resync in flight, may list it any moment.
  if (unlisted.some((entry) => TRYING.has(entry.connection.state))) return { kind: "searching" };
  return { kind: "missing", waitingFor: unlisted };
}
