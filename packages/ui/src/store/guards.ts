/**
 * Minimal shape checks for OpenCode payloads. Frames come from other processes (and other versions),
 * so the reducer checks the fields it indexes by before trusting the SDK types.
 */
import type { FileDiff, Message, Part, PermissionRequest, QuestionRequest, Session, SessionStatus, Todo } from "./types";

/** A non-null, non-array object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value when it is a non-empty string, else null. */
export function str(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}

/** A Session, if the value has the fields the store relies on. */
export function asSession(value: unknown): Session | null {
  if (!isRecord(value) || !str(value.id) || typeof value.directory !== "string") return null;
  if (!isRecord(value.time)) return null;
  return value as unknown as Session;
}

/** A Message, if it has an id, a sessionID and a role. */
export function asMessage(value: unknown): Message | null {
  if (!isRecord(value) || !str(value.id) || !str(value.sessionID)) return null;
  if (value.role !== "user" && value.role !== "assistant") return null;
  return value as unknown as Message;
}

/** A Part, if it has an id, a messageID, a sessionID and a type. */
export function asPart(value: unknown): Part | null {
  if (!isRecord(value) || !str(value.id) || !str(value.messageID) || !str(value.sessionID) || !str(value.type)) {
    return null;
  }
  return value as unknown as Part;
}

/** A SessionStatus of a known type. */
export function asStatus(value: unknown): SessionStatus | null {
  if (!isRecord(value)) return null;
  if (value.type === "idle" || value.type === "busy" || value.type === "retry") return value as unknown as SessionStatus;
  return null;
}

/**
 * A PermissionRequest from either shape: 1.2+ `permission.asked` (already a PermissionRequest) or the
 * 1.0.x `permission.updated` Permission `{id, type, pattern?, sessionID, messageID, callID?, title, metadata}`.
 */
export function asPermission(value: unknown): PermissionRequest | null {
  if (!isRecord(value) || !str(value.id) || !str(value.sessionID)) return null;
  if (typeof value.permission === "string" && Array.isArray(value.patterns)) {
    return value as unknown as PermissionRequest;
  }
  const kind = str(value.type);
  if (!kind) return null;
  const pattern = value.pattern;
  const patterns = Array.isArray(pattern) ? pattern.filter((p): p is string => typeof p === "string") : typeof pattern === "string" ? [pattern] : [];
  const metadata = isRecord(value.metadata) ? { ...value.metadata } : {};
  if (typeof value.title === "string") metadata.title = value.title;
  const messageID = str(value.messageID);
  const callID = str(value.callID);
  const request: PermissionRequest = {
    id: value.id as string,
    sessionID: value.sessionID as string,
    permission: kind,
    patterns,
    metadata,
    always: [],
  };
  if (messageID && callID) request.tool = { messageID, callID };
  return request;
}

/** A QuestionRequest, if it has an id, a sessionID and a questions array. */
export function asQuestion(value: unknown): QuestionRequest | null {
  if (!isRecord(value) || !str(value.id) || !str(value.sessionID) || !Array.isArray(value.questions)) return null;
  return value as unknown as QuestionRequest;
}

/** The todos array, if it is one of objects. */
export function asTodos(value: unknown): Todo[] | null {
  if (!Array.isArray(value) || !value.every(isRecord)) return null;
  return value as unknown as Todo[];
}

/** Narrows one entry of a diff answer or `session.diff` event (unknown shapes are dropped, not trusted). */
export function isFileDiff(value: unknown): value is FileDiff {
  if (!value || typeof value !== "object") return false;
  const d = value as Record<string, unknown>;
  return typeof d.file === "string" && typeof d.additions === "number" && typeof d.deletions === "number";
}
