/**
 * Which stream events make the index refetch a session (pure). The rule is deliberately simple:
 * whenever a message finishes or a session is created, renamed or changed, refetch that session's
 * newest page; a deleted session leaves the index. Unknown events are ignored.
 */
import type { InstanceProtocol } from "../contract/hub-api.js";
import { at, obj, str } from "./json-shape.js";

/** What one event asks of the index. */
export type Trigger = { kind: "refresh"; sessionId: string } | { kind: "delete"; sessionId: string };

const V2_REFRESH = new Set([
  "session.created",
  "session.renamed",
  "session.updated",
  "session.step.ended",
  "session.execution.succeeded",
  "session.execution.failed",
  "session.execution.interrupted",
  "session.shell.ended",
]);

/** The trigger of one parsed SSE `data:` frame of the instance's stream, or null. */
export function triggerOf(protocol: InstanceProtocol, frame: unknown): Trigger | null {
  if (protocol === "v2") return v2Trigger(frame);
  // 1.2+ wraps each event in {directory, payload}; 1.0.x sends it bare. Sync copies repeat events.
  const event = protocol === "global" ? obj(at(frame, "payload")) : obj(frame);
  if (!event) return null;
  const type = str(event.type);
  const props = obj(event.properties);
  if (!type || !props) return null;
  const sessionOf = (): string | undefined => str(props.sessionID) ?? str(at(props, "info", "sessionID")) ?? str(at(props, "info", "id"));
  switch (type) {
    case "message.updated":
      return at(props, "info", "time", "completed") !== undefined ? refresh(str(at(props, "info", "sessionID"))) : null;
    case "session.idle":
      return refresh(str(props.sessionID));
    case "session.status":
      return at(props, "status", "type") === "idle" ? refresh(str(props.sessionID)) : null;
    case "session.created":
    case "session.updated":
      return refresh(str(at(props, "info", "id")) ?? sessionOf());
    case "session.deleted": {
      const id = str(at(props, "info", "id")) ?? sessionOf();
      return id ? { kind: "delete", sessionId: id } : null;
    }
    default:
      return null;
  }
}

function v2Trigger(frame: unknown): Trigger | null {
  const type = str(at(frame, "type"));
  const sessionId = str(at(frame, "data", "sessionID"));
  if (!type || !sessionId) return null;
  if (type === "session.deleted") return { kind: "delete", sessionId };
  return V2_REFRESH.has(type) ? { kind: "refresh", sessionId } : null;
}

function refresh(sessionId: string | undefined): Trigger | null {
  return sessionId ? { kind: "refresh", sessionId } : null;
}
