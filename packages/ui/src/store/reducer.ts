/**
 * The pure event reducer: one OpenCode event → in-place edits of a plain State. It runs inside Solid's
 * `produce` in the app and on plain objects in tests. It never throws: frames of unknown or malformed
 * shape are reported ("unknown" / "ignored") and the caller counts them.
 */
import { asMessage, asPart, asPermission, asQuestion, asSession, asStatus, asTodos, isFileDiff, isRecord, str } from "./guards";
import { removeById, searchById, upsertById } from "./sorted";
import {
  lastMessageId,
  markLive,
  optimisticIds,
  removeMessageData,
  removeSessionData,
  upsertMessage,
  upsertPart,
  upsertSessionEntry,
} from "./state-ops";
import type { IncomingEvent, Part, SessionErrorEntry, State } from "./types";

/** "applied": the state changed or was confirmed; "ignored": known type, nothing to do; "unknown": unknown type or malformed. */
export type ApplyResult = "applied" | "ignored" | "unknown";

/** Event types that are known but carry nothing the store keeps (the stream layer handles server.*). */
const KNOWN_IGNORED = new Set(["server.connected", "server.heartbeat", "session.compacted"]);

/** Applies one event to `state` in place. Never throws. */
export function applyEvent(state: State, ev: IncomingEvent): ApplyResult {
  try {
    if (!isRecord(ev.properties)) return "unknown";
    return dispatch(state, ev, ev.properties);
  } catch {
    // A payload shaped unlike anything we know (e.g. a future version) must not break the stream loop.
    return "unknown";
  }
}

function dispatch(state: State, ev: IncomingEvent, p: Record<string, unknown>): ApplyResult {
  if (KNOWN_IGNORED.has(ev.type)) return "ignored";
  switch (ev.type) {
    case "session.created":
    case "session.updated": {
      const info = asSession(p.info);
      if (!info) return "unknown";
      upsertSessionEntry(state, ev.instanceId, info);
      markLive(state, info.id, ev.instanceId, ev.receivedAt);
      return "applied";
    }
    case "session.deleted": {
      const id = asSession(p.info)?.id ?? str(p.sessionID);
      if (!id) return "unknown";
      removeSessionData(state, id);
      return "applied";
    }
    case "session.status": {
      const sessionId = str(p.sessionID);
      const status = asStatus(p.status);
      if (!sessionId || !status) return "unknown";
      if (status.type === "idle") delete state.status[sessionId];
      else state.status[sessionId] = status;
      markLive(state, sessionId, ev.instanceId, ev.receivedAt);
      return "applied";
    }
    case "session.idle": {
      const sessionId = str(p.sessionID);
      if (!sessionId) return "unknown";
      delete state.status[sessionId];
      markLive(state, sessionId, ev.instanceId, ev.receivedAt);
      return "applied";
    }
    case "session.error":
      return sessionError(state, ev, p);
    case "message.updated": {
      const info = asMessage(p.info);
      if (!info) return "unknown";
      upsertMessage(state, info);
      // 1.0.x sends no session.status: its running turn shows only as an unfinished assistant
      // message (session.idle ends it). Without this a legacy session looked idle mid-reply.
      if (info.role === "assistant" && info.time.completed === undefined && state.instances[ev.instanceId]?.info.protocol === "legacy") {
        state.status[info.sessionID] ??= { type: "busy" };
      }
      markLive(state, info.sessionID, ev.instanceId, ev.receivedAt);
      return "applied";
    }
    case "message.removed": {
      const sessionId = str(p.sessionID);
      const messageId = str(p.messageID);
      if (!sessionId || !messageId) return "unknown";
      removeMessageData(state, sessionId, messageId);
      markLive(state, sessionId, ev.instanceId, ev.receivedAt);
      return "applied";
    }
    case "message.part.updated": {
      // On 1.0.x the part already holds the full text so far (plus a sibling `delta`): replacing is exact.
      const part = asPart(p.part);
      if (!part) return "unknown";
      upsertPart(state, part);
      markLive(state, part.sessionID, ev.instanceId, ev.receivedAt);
      return "applied";
    }
    case "message.part.removed": {
      const messageId = str(p.messageID);
      const partId = str(p.partID);
      if (!messageId || !partId) return "unknown";
      const list = state.parts[messageId];
      if (list) removeById(list, partId);
      delete optimisticIds(state)[partId];
      const sessionId = str(p.sessionID);
      if (sessionId) markLive(state, sessionId, ev.instanceId, ev.receivedAt);
      return "applied";
    }
    case "message.part.delta":
      return partDelta(state, ev, p);
    case "permission.asked":
    case "permission.updated": {
      const request = asPermission(p);
      if (!request) return "unknown";
      const list = (state.permissions[request.sessionID] ??= []);
      upsertById(list, request, true);
      markLive(state, request.sessionID, ev.instanceId, ev.receivedAt);
      return "applied";
    }
    case "permission.replied": {
      // 1.2+: requestID; 1.0.x: permissionID.
      const sessionId = str(p.sessionID);
      const requestId = str(p.requestID) ?? str(p.permissionID);
      if (!sessionId || !requestId) return "unknown";
      dropRequest(state.permissions, sessionId, requestId);
      markLive(state, sessionId, ev.instanceId, ev.receivedAt);
      return "applied";
    }
    case "question.asked": {
      const question = asQuestion(p);
      if (!question) return "unknown";
      const list = (state.questions[question.sessionID] ??= []);
      upsertById(list, question, true);
      markLive(state, question.sessionID, ev.instanceId, ev.receivedAt);
      return "applied";
    }
    case "question.replied":
    case "question.rejected": {
      const sessionId = str(p.sessionID);
      const requestId = str(p.requestID);
      if (!sessionId || !requestId) return "unknown";
      dropRequest(state.questions, sessionId, requestId);
      markLive(state, sessionId, ev.instanceId, ev.receivedAt);
      return "applied";
    }
    case "session.diff": {
      // The whole-session list of changed files (1.18.33 sends [] here; per-turn lists ride on user messages).
      const sessionId = str(p.sessionID);
      if (!sessionId || !Array.isArray(p.diff)) return "unknown";
      (state.diffs ??= {})[sessionId] = p.diff.filter(isFileDiff);
      return "applied";
    }
    case "todo.updated": {
      const sessionId = str(p.sessionID);
      const todos = asTodos(p.todos);
      if (!sessionId || !todos) return "unknown";
      state.todos[sessionId] = todos;
      markLive(state, sessionId, ev.instanceId, ev.receivedAt);
      return "applied";
    }
    default:
      return "unknown";
  }
}

function sessionError(state: State, ev: IncomingEvent, p: Record<string, unknown>): ApplyResult {
  const sessionId = str(p.sessionID);
  // An error with no session (e.g. a provider failing at startup) has no place in a timeline.
  if (!sessionId) return "ignored";
  const error = isRecord(p.error) ? p.error : {};
  const data = isRecord(error.data) ? error.data : {};
  const entry: SessionErrorEntry = {
    afterMessageId: lastMessageId(state, sessionId),
    name: str(error.name) ?? "Error",
    message: str(data.message) ?? str(error.message) ?? "The session reported an error without details.",
    at: ev.receivedAt,
  };
  (state.sessionErrors[sessionId] ??= []).push(entry);
  markLive(state, sessionId, ev.instanceId, ev.receivedAt);
  return "applied";
}

/**
 * Appends a streamed delta to a known part. A delta for a part the store does not hold is dropped
 * ("ignored"): OpenCode always sends `message.part.updated` before the deltas, so an unknown part means
 * we joined mid-stream or the session is not loaded. Its text then comes whole from the resync that
 * follows every (re)connect (or from the final `message.part.updated`), whereas a placeholder built
 * from the deltas alone would miss the part's beginning.
 */
function partDelta(state: State, ev: IncomingEvent, p: Record<string, unknown>): ApplyResult {
  const messageId = str(p.messageID);
  const partId = str(p.partID);
  const field = str(p.field);
  const delta = p.delta;
  if (!messageId || !partId || !field || typeof delta !== "string") return "unknown";
  const sessionId = str(p.sessionID);
  if (sessionId) markLive(state, sessionId, ev.instanceId, ev.receivedAt);
  const list = state.parts[messageId];
  if (!list) return "ignored";
  const found = searchById(list, partId);
  if (!found.found) return "ignored";
  const part = list[found.index] as Part & Record<string, unknown>;
  const current = part[field];
  if (current !== undefined && typeof current !== "string") return "ignored";
  part[field] = (current ?? "") + delta;
  return "applied";
}

function dropRequest<T extends { id: string }>(map: Record<string, T[]>, sessionId: string, requestId: string): void {
  const list = map[sessionId];
  if (!list) return;
  removeById(list, requestId);
  if (list.length === 0) delete map[sessionId];
}
