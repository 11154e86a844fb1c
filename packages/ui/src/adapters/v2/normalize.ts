/**
 * OpenCode 2's `/api/event` frames → the reducer's IncomingEvents (1.x vocabulary), so the reducer and
 * views never branch on the generation (STYLE rule 13). One frame yields 0..n events. Never throws.
 *
 *  - `server.connected` → `{kind:"connected"}`, `server.heartbeat` → `{kind:"heartbeat"}`, bad JSON or no
 *    type → `{kind:"malformed"}` (the SSE comment `: heartbeat` never reaches here).
 *  - Known types that carry nothing the store keeps (usage, instructions, viewed, shell.*, project.*, …)
 *    → no events.
 *  - Unknown types → one event typed `v2.<type>`, which the reducer reports as "unknown" (counted, never
 *    applied: the prefix keeps a future 2.x event that reuses a 1.x name from being misread).
 *
 * The full table and the part-id rule: dev-docs/live-engine.md, "OpenCode 2 adapter: normalization".
 */
import type { NormalizedFrame } from "../../store/normalize-event";
import type { IncomingEvent, Message, Part, QuestionRequest, Session } from "../../store/types";
import { shellRecords, stepError, userRecords } from "./normalize-parts";
import { isRecord, num, readError, readModel, readShell, rec, str, type V2Shell, type V2User } from "./normalize-shapes";
import { TurnProjection, type TurnOutput } from "./normalize-turn";
import { IGNORED } from "./normalize-ignored";
import { permissionFromV2, questionFromForm } from "./records";

/** The v2 normalizer of one connection. */
export interface V2Normalizer {
  normalize(data: string, receivedAt: number): NormalizedFrame[];
  /** Forget per-connection state (a new connection starts). */
  reset(): void;
  /** Sessions read over REST, so later renames/archives (which carry only the change) can update them. */
  learnSessions(sessions: readonly Session[]): void;
  /** A raw `GET /api/session/{id}/message` page, so a turn joined mid-way continues at the right part ids. */
  learnMessages(sessionID: string, raw: readonly unknown[]): void;
  /** The same from the page as the store got it (`messagesFromV2`): what the engine holds after a resync. */
  learnPage(sessionID: string, messages: ReadonlyArray<{ info: Message; parts: readonly Part[] }>): void;
}

/** Makes the normalizer of one v2 connection (state: sessions seen, streaming messages, queued prompts). */
export function makeV2Normalizer(instanceId: string): V2Normalizer {
  const sessions = new Map<string, Session>();
  const turns = new TurnProjection();
  /** inboxID → the queued user message (re-dated when delivered: 2.x stores the delivery time). */
  const inbox = new Map<string, { sessionID: string; msg: V2User }>();
  /** shellID → the user's running shell command (its message is re-sent when it ends). */
  const shells = new Map<string, { sessionID: string; shell: V2Shell; parentID: string }>();
  /** Sessions whose current execution already reported its error (a step failure precedes the execution's). */
  const errorShown = new Set<string>();

  return {
    normalize(data, receivedAt) {
      let frame: unknown;
      try {
        frame = JSON.parse(data);
      } catch {
        return [{ kind: "malformed", reason: "not JSON" }];
      }
      if (!isRecord(frame)) return [{ kind: "malformed", reason: "not an object" }];
      const type = str(frame.type);
      if (!type) return [{ kind: "malformed", reason: "no event type" }];
      if (type === "server.connected") return [{ kind: "connected" }];
      if (type === "server.heartbeat") return [{ kind: "heartbeat" }];
      const d = rec(frame.data);
      const frameId = str(frame.id);
      const directory = str(rec(frame.location).directory);
      // Records carry the server's clock (as the REST answers do), so live and fetched copies agree.
      const at = num(frame.created) ?? receivedAt;
      const event = (t: string, properties: Record<string, unknown>): IncomingEvent => ({ instanceId, directory, type: t, properties, receivedAt });
      const fromTurn = (outputs: TurnOutput[]): IncomingEvent[] => outputs.map((o) => event(o.type, o.properties));
      const sessionID = str(d.sessionID);

      try {
        return dispatch();
      } catch {
        // A payload shaped unlike anything known must not break the stream loop.
        return [event(`v2.${type}`, d)];
      }

      function sessionUpdate(id: string | null, edit: (s: Session) => Session): IncomingEvent[] {
        const current = id ? sessions.get(id) : undefined;
        // Unknown session: nothing to merge into; the next session list brings the change.
        if (!current) return [];
        const next = edit({ ...current, time: { ...current.time, updated: Math.max(current.time.updated, at) } });
        sessions.set(next.id, next);
        return [event("session.updated", { info: next })];
      }

      function errorEvent(id: string, error: { type?: string; message?: string }): IncomingEvent {
        errorShown.add(id);
        return event("session.error", { sessionID: id, error: stepError(error) });
      }

      function dispatch(): IncomingEvent[] {
        if (IGNORED.has(type ?? "")) return [];
        switch (type) {
          case "session.created": {
            const id = sessionID;
            if (!id) return [event(`v2.${type}`, d)];
            const session: Session = {
              id,
              slug: str(d.slug) ?? "",
              projectID: str(d.projectID) ?? "",
              directory: str(rec(d.location).directory) ?? directory ?? "",
              title: typeof d.title === "string" ? d.title : "",
              version: "2",
              time: { created: at, updated: at },
            };
            const parentID = str(d.parentID);
            if (parentID) session.parentID = parentID;
            const agent = str(d.agent);
            if (agent) session.agent = agent;
            if (isRecord(d.model) && str(d.model.id)) session.model = readModel(d.model);
            sessions.set(id, session);
            return [event("session.created", { info: session })];
          }
          case "session.renamed":
            return sessionUpdate(sessionID, (s) => ({ ...s, title: typeof d.title === "string" ? d.title : s.title }));
          case "session.archived":
            return sessionUpdate(sessionID, (s) => ({ ...s, time: { ...s.time, archived: at } }));
          case "session.unarchived":
            return sessionUpdate(sessionID, (s) => {
              const { archived: _archived, ...time } = s.time;
              return { ...s, time };
            });
          case "session.revert.staged": {
            // 2.1.2 sends `{sessionID, revert: {messageID, snapshot, files}}` (measured); a flat messageID is read too.
            const messageID = str(rec(d.revert).messageID) ?? str(d.messageID);
            return messageID ? sessionUpdate(sessionID, (s) => ({ ...s, revert: { messageID } })) : [];
          }
          case "session.compaction.failed": {
            // The page asked for it (Compact); without words the click would seem to do nothing.
            if (!sessionID) return [event(`v2.${type}`, d)];
            const why = readError(d.error)?.message ?? "no reason given";
            return [errorEvent(sessionID, { message: `Compaction failed: ${why}` })];
          }
          case "session.revert.cleared":
            return sessionUpdate(sessionID, (s) => {
              const { revert: _revert, ...rest } = s;
              return rest;
            });
          case "session.deleted":
            if (!sessionID) return [event(`v2.${type}`, d)];
            sessions.delete(sessionID);
            turns.settle(sessionID);
            return [event("session.deleted", { sessionID })];
          case "session.execution.started":
            if (!sessionID) return [event(`v2.${type}`, d)];
            errorShown.delete(sessionID);
            return [event("session.status", { sessionID, status: { type: "busy" } })];
          case "session.execution.succeeded":
          case "session.execution.interrupted":
          case "session.execution.failed": {
            if (!sessionID) return [event(`v2.${type}`, d)];
            const out: IncomingEvent[] = [];
            if (type === "session.execution.failed" && !errorShown.has(sessionID)) {
              out.push(errorEvent(sessionID, readError(d.error) ?? { message: "The session failed without saying why." }));
            }
            errorShown.delete(sessionID);
            turns.settle(sessionID);
            out.push(event("session.status", { sessionID, status: { type: "idle" } }));
            return out;
          }
          case "session.retry.scheduled": {
            if (!sessionID) return [event(`v2.${type}`, d)];
            const message = readError(d.error)?.message ?? "The model is retrying.";
            return [event("session.status", { sessionID, status: { type: "retry", attempt: num(d.attempt) ?? 1, message, next: num(d.at) ?? at } })];
          }
          case "session.inbox.enqueued": {
            const item = rec(d.item);
            const inboxID = str(d.inboxID);
            if (!sessionID || !inboxID || item.type !== "user") return [];
            const payload = rec(item.payload);
            const msg: V2User = { id: inboxID, type: "user", time: { created: at }, text: typeof payload.text === "string" ? payload.text : "" };
            if (Array.isArray(payload.files)) msg.files = payload.files;
            inbox.set(inboxID, { sessionID, msg });
            return records(sessionID, msg);
          }
          case "session.inbox.delivered": {
            const inboxID = str(d.inboxID);
            if (!sessionID || !inboxID) return [];
            turns.userDelivered(sessionID, inboxID);
            const queued = inbox.get(inboxID);
            inbox.delete(inboxID);
            if (!queued) return [];
            queued.msg.time = { created: at };
            // Parts too: a resync while it was queued dropped it (REST lists a prompt once delivered).
            return records(sessionID, queued.msg);
          }
          case "session.inbox.cancelled": {
            const inboxID = str(d.inboxID);
            if (!sessionID || !inboxID) return [];
            inbox.delete(inboxID);
            return [event("message.removed", { sessionID, messageID: inboxID })];
          }
          case "session.shell.started":
          case "session.shell.ended": {
            const raw = rec(d.shell);
            const shellID = str(raw.id);
            if (!sessionID || !shellID) return [event(`v2.${type}`, d)];
            const known = shells.get(shellID);
            // The message id is the start event's id with the message prefix, as 2.x stores it.
            const eventID = frameId ?? shellID;
            const started = known ?? {
              sessionID,
              shell: readShell(raw, `msg_${eventID.replace(/^evt_/, "")}`, at),
              parentID: turns.lastPrompt(sessionID),
            };
            if (type === "session.shell.ended") {
              if (!known) return [];
              shells.delete(shellID);
              const ended = readShell({ ...raw, output: d.output, time: { completed: at } }, started.shell.id, started.shell.time.created);
              started.shell = ended;
            } else shells.set(shellID, started);
            const { info, parts } = shellRecords(sessionID, started.shell, started.parentID);
            return [event("message.updated", { info }), ...parts.map((part) => event("message.part.updated", { part }))];
          }
          case "session.step.started":
            return sessionID ? fromTurn(turns.stepStarted(sessionID, d, at)) : [];
          case "session.step.ended":
            return fromTurn(turns.stepEnded(d, at, false));
          case "session.step.failed": {
            const out = fromTurn(turns.stepEnded(d, at, true));
            const error = readError(d.error);
            // An interrupt shows as the message's "Stopped."; only real failures become session errors.
            if (sessionID && error?.type !== "aborted") out.push(errorEvent(sessionID, error ?? {}));
            return out;
          }
          case "session.text.started":
          case "session.reasoning.started":
            return fromTurn(turns.blockStarted(type === "session.text.started" ? "text" : "reasoning", d, at));
          case "session.text.delta":
          case "session.reasoning.delta":
            return fromTurn(turns.blockDelta(type === "session.text.delta" ? "text" : "reasoning", d));
          case "session.text.ended":
          case "session.reasoning.ended":
            return fromTurn(turns.blockEnded(type === "session.text.ended" ? "text" : "reasoning", d, at));
          case "session.tool.input.started":
          case "session.tool.input.ended":
          case "session.tool.called":
          case "session.tool.progress":
          case "session.tool.success":
          case "session.tool.failed":
            return fromTurn(turns.tool(type.slice("session.tool.".length), d, at));
          case "permission.asked": {
            const request = permissionFromV2(d);
            return request ? [event("permission.asked", request as unknown as Record<string, unknown>)] : [event(`v2.${type}`, d)];
          }
          case "permission.replied": {
            const requestID = str(d.requestID) ?? str(d.id);
            if (!sessionID || !requestID) return [event(`v2.${type}`, d)];
            return [event("permission.replied", { sessionID, requestID, reply: d.reply ?? d.decision })];
          }
          case "form.created": {
            const question: QuestionRequest | null = questionFromForm(d.form);
            return question ? [event("question.asked", question as unknown as Record<string, unknown>)] : [event(`v2.${type}`, d)];
          }
          case "form.replied":
          case "form.cancelled": {
            const requestID = str(d.id) ?? str(d.formID);
            if (!sessionID || !requestID) return [event(`v2.${type}`, d)];
            return [event(type === "form.replied" ? "question.replied" : "question.rejected", { sessionID, requestID })];
          }
          default:
            return [event(`v2.${type}`, d)];
        }
      }

      function records(id: string, msg: V2User): IncomingEvent[] {
        const { info, parts } = userRecords(id, msg);
        return [event("message.updated", { info }), ...parts.map((part) => event("message.part.updated", { part }))];
      }
    },
    reset() {
      // Session infos stay: they are not per-connection, and a rename after a reconnect still needs them.
      turns.reset();
      shells.clear();
      inbox.clear();
      errorShown.clear();
    },
    learnSessions(list) {
      for (const s of list) sessions.set(s.id, s);
    },
    learnMessages(sessionID, raw) {
      turns.learn(sessionID, raw);
    },
    learnPage(sessionID, messages) {
      turns.learnRecords(sessionID, messages);
    },
  };
}
