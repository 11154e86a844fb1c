/**
 * What deserves a desktop notification, found by comparing two snapshots of the store: a request
 * asked, a root session finishing a turn (busy → idle), a session error. Each event has a key
 * (request id, finished message id, errored message) so a resync that re-lists the same request or a
 * reconnect that flaps a status never notifies twice. Pure.
 */
import { isErrored } from "./activity";
import { attentionItems } from "./attention";
import type { State } from "./types";

/** One notification-worthy moment. */
export interface AttentionEvent {
  /** Dedupe key: the same event seen again (reconnect, resync) has the same key. */
  key: string;
  kind: "permission" | "question" | "finished" | "errored";
  sessionId: string;
  /** Notification title and body (plain text). */
  title: string;
  body: string;
}

/** What the comparison needs from one moment of the store. */
export interface AttentionSnapshot {
  /** Request id → its event, for every pending request. */
  requests: Map<string, AttentionEvent>;
  /** Busy (or retrying) root sessions → the key their finish would have. */
  busy: Map<string, string>;
  /** One key per session error entry. */
  errors: Map<string, AttentionEvent>;
  /** Instances whose first resync has landed: requests listed before that are the backlog, not news. */
  listed: Set<string>;
}

const title = (state: State, sessionId: string) => state.sessions[sessionId]?.info.title || "Untitled session";

/** Key of a session's current turn: its newest message id, else its update time. */
function turnKey(state: State, sessionId: string): string {
  const messages = state.messages[sessionId] ?? [];
  const last = messages[messages.length - 1];
  return `finished:${sessionId}:${last?.id ?? state.sessions[sessionId]?.info.time.updated ?? ""}`;
}

/** Reads a snapshot of the store (call it inside a memo: it tracks what it reads). */
export function attentionSnapshot(state: State): AttentionSnapshot {
  const requests = new Map<string, AttentionEvent>();
  for (const item of attentionItems(state)) {
    const where = item.chain.map((link) => link.title ?? "…").join(" › ");
    const body =
      item.kind === "permission"
        ? `${item.request.permission}: ${String(item.request.metadata["command"] ?? item.request.patterns.join(", "))}\n${where}`
        : `${item.request.questions[0]?.question ?? "A question"}\n${where}`;
    requests.set(item.id, {
      key: item.id,
      kind: item.kind,
      sessionId: item.sessionId,
      title: item.kind === "permission" ? "Permission needed" : "Question for you",
      body,
    });
  }
  const busy = new Map<string, string>();
  for (const sessionId of Object.keys(state.status)) {
    const info = state.sessions[sessionId]?.info;
    // A sub-agent finishing is part of its parent's turn; the parent's finish is the news.
    if (info && info.parentID === undefined) busy.set(sessionId, turnKey(state, sessionId));
  }
  const errors = new Map<string, AttentionEvent>();
  for (const [sessionId, list] of Object.entries(state.sessionErrors)) {
    for (const error of list) {
      if (error.name === "MessageAbortedError") continue;
      const key = `errored:${sessionId}:${error.afterMessageId ?? ""}:${error.at}`;
      errors.set(key, {
        key,
        kind: "errored",
        sessionId,
        title: "Session failed",
        body: `${title(state, sessionId)}\n${error.name}: ${error.message}`,
      });
    }
  }
  const listed = new Set<string>();
  for (const [id, entry] of Object.entries(state.instances)) if (entry.listed) listed.add(id);
  return { requests, busy, errors, listed };
}

/** The events between two snapshots; `state` names sessions and turns (read at the later moment). */
export function attentionEvents(previous: AttentionSnapshot, next: AttentionSnapshot, state: State): AttentionEvent[] {
  const out: AttentionEvent[] = [];
  const failed = new Set<string>();
  for (const [key, event] of next.errors) {
    if (previous.errors.has(key)) continue;
    out.push(event);
    failed.add(event.sessionId);
  }
  for (const [id, event] of next.requests) {
    if (previous.requests.has(id)) continue;
    // Listed by a first resync (the backlog at page load) rather than asked live: not news.
    const seenBy = state.sessions[event.sessionId]?.seenBy ?? [];
    if (seenBy.length > 0 && !seenBy.some((instance) => previous.listed.has(instance))) continue;
    out.push(event);
  }
  for (const [sessionId, key] of previous.busy) {
    // A turn that ended in an error is told once, as the error (its session.error may come a frame earlier).
    if (next.busy.has(sessionId) || failed.has(sessionId) || !state.sessions[sessionId] || isErrored(state, sessionId)) continue;
    // The finished turn is the one that was running; its newest message may have arrived since.
    const finalKey = turnKey(state, sessionId);
    out.push({
      key: finalKey.startsWith(`finished:${sessionId}:msg_`) ? finalKey : key,
      kind: "finished",
      sessionId,
      title: "Agent finished",
      body: title(state, sessionId),
    });
  }
  return out;
}
