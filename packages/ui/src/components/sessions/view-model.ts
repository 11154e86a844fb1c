/** Per-session status words for rows and tabs (pure; the list itself comes from store/selectors). */
import { ownerOf, shownStatus, type ShownStatus } from "../../store/ownership";
import type { ConnectionState, State } from "../../store/types";

/** What a row's pill and `data-session-status` show. */
export type SessionStatusKind = ShownStatus;

/** `data-session-status` of one session: the store's ownership rule ({@link shownStatus}). */
export function statusKind(state: State, sessionId: string): SessionStatusKind {
  return shownStatus(state, sessionId);
}

/** What the session is waiting for from the user, if anything (permission wins over question). */
export function attentionOf(state: State, sessionId: string): "permission" | "question" | null {
  if ((state.permissions[sessionId]?.length ?? 0) > 0) return "permission";
  if ((state.questions[sessionId]?.length ?? 0) > 0) return "question";
  return null;
}

/** {@link ownerLinkWords} when no running instance can take the session. */
export const NO_SERVER = "no running server";

/**
 * Why a session's server cannot stream it now, in a word or two ("reconnecting", "no running server"),
 * or null when its owner is connected (or the session is not known yet).
 */
export function ownerLinkWords(state: State, sessionId: string): string | null {
  const session = state.sessions[sessionId];
  if (!session) return null;
  const ownerId = ownerOf(session, state.instances);
  const owner = ownerId === null ? undefined : state.instances[ownerId];
  if (!owner) return NO_SERVER;
  return LINK_WORDS[owner.connection.state];
}

const LINK_WORDS: Record<ConnectionState, string | null> = {
  connected: null,
  connecting: "connecting",
  reconnecting: "reconnecting",
  stalled: "stalled",
  offline: "offline",
  "auth-required": "password required",
  error: "error",
};
