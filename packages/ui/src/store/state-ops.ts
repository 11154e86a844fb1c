/** Small in-place edits of State shared by the reducer, the resync and the store's mutations. */
import { removeById, replaceFields, upsertById } from "./sorted";
import type { Message, Part, Session, SessionEntry, State } from "./types";

/** The optimistic-id map, created on first use (the field is optional so older State literals stay valid). */
export function optimisticIds(state: State): Record<string, true> {
  return (state.optimistic ??= {});
}

/** Inserts or refreshes a session seen by `instanceId` (added to seenBy). Returns the entry. */
export function upsertSessionEntry(state: State, instanceId: string, info: Session): SessionEntry {
  const existing = state.sessions[info.id];
  if (!existing) {
    const entry: SessionEntry = { info, seenBy: [instanceId], liveOwner: null };
    state.sessions[info.id] = entry;
    return entry;
  }
  if (existing.info !== info) replaceFields(existing.info, info);
  if (!existing.seenBy.includes(instanceId)) existing.seenBy.push(instanceId);
  return existing;
}

/** Records that `instanceId` just streamed live work for the session (it is running there). */
export function markLive(state: State, sessionId: string, instanceId: string, at: number): void {
  const entry = state.sessions[sessionId];
  if (!entry) return;
  if (!entry.seenBy.includes(instanceId)) entry.seenBy.push(instanceId);
  const owner = entry.liveOwner;
  if (owner && owner.instanceId === instanceId) {
    if (at > owner.at) owner.at = at;
  } else {
    entry.liveOwner = { instanceId, at };
  }
}

/** Drops a message, its parts and their optimistic marks. */
export function removeMessageData(state: State, sessionId: string, messageId: string): boolean {
  const list = state.messages[sessionId];
  const removed = list ? removeById(list, messageId) !== undefined : false;
  const optimistic = optimisticIds(state);
  for (const part of state.parts[messageId] ?? []) delete optimistic[part.id];
  const hadParts = state.parts[messageId] !== undefined;
  delete state.parts[messageId];
  delete optimistic[messageId];
  return removed || hadParts;
}

/** Drops a session and everything keyed by it. */
export function removeSessionData(state: State, sessionId: string): void {
  const optimistic = optimisticIds(state);
  for (const message of state.messages[sessionId] ?? []) {
    for (const part of state.parts[message.id] ?? []) delete optimistic[part.id];
    delete state.parts[message.id];
    delete optimistic[message.id];
  }
  delete state.sessions[sessionId];
  delete state.messages[sessionId];
  delete state.status[sessionId];
  delete state.permissions[sessionId];
  delete state.questions[sessionId];
  delete state.todos[sessionId];
  delete state.sessionErrors[sessionId];
  delete state.historyCursor[sessionId];
  if (state.diffs) delete state.diffs[sessionId];
}

/** Inserts or updates a message in its session's sorted list. */
export function upsertMessage(state: State, message: Message): void {
  const list = state.messages[message.sessionID];
  if (!list) state.messages[message.sessionID] = [message];
  else upsertById(list, message, true);
}

/**
 * Inserts or replaces a part. The first server-made part for an optimistic message replaces the
 * optimistic parts the server has not sent back yet (their ids are client-made, so they would
 * otherwise show the prompt twice).
 */
export function upsertPart(state: State, part: Part): void {
  const messageId = part.messageID;
  const list = state.parts[messageId];
  const optimistic = optimisticIds(state);
  if (optimistic[messageId] && !optimistic[part.id]) {
    delete optimistic[messageId];
    if (list) {
      for (let i = list.length - 1; i >= 0; i--) {
        const id = (list[i] as Part).id;
        if (optimistic[id]) {
          delete optimistic[id];
          list.splice(i, 1);
        }
      }
    }
  }
  // The server's copy of one of our parts is the server's now: a later server-made part (the
  // synthetic "Called the Read tool…" of an @file) must not sweep it away with the optimistic ones.
  delete optimistic[part.id];
  // A copy: deltas later append to it in place, and the caller's object must stay untouched.
  const copy = { ...part };
  if (!list) state.parts[messageId] = [copy];
  else upsertById(list, copy, true);
}

/** Id of the newest message of a session, or null. */
export function lastMessageId(state: State, sessionId: string): string | null {
  const list = state.messages[sessionId];
  return list && list.length > 0 ? (list[list.length - 1] as Message).id : null;
}
