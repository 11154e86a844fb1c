/**
 * Turns one SSE `data:` payload into the reducer's IncomingEvent. Pure, shared by the live stream
 * and the recording tests.
 *  - global (`/global/event`, 1.2+): `{directory, project, payload: {id, type, properties}}`;
 *    `payload.type === "sync"` frames mirror every durable event and are dropped.
 *  - legacy (`/event`, 1.0.x): bare `{type, properties}` for one directory.
 */
import { isRecord, str } from "./guards";
import type { IncomingEvent } from "./types";

/** A frame that carries no reducer work; `malformed` says why it could not be read. */
export interface FrameSignal {
  kind: "sync" | "heartbeat" | "connected" | "malformed";
  /** For `malformed`: what was wrong, for the log. */
  reason?: string;
}

/** What one SSE frame is: an event for the reducer, or a signal for the stream layer. */
export type NormalizedFrame = IncomingEvent | FrameSignal;

/** True when the frame is an event for the reducer (signals carry `kind`). */
export function isIncomingEvent(frame: NormalizedFrame): frame is IncomingEvent {
  return !("kind" in frame);
}

/** Normalizes one SSE data payload from `instanceId`. Never throws. */
export function normalizeFrame(data: string, instanceId: string, protocol: "global" | "legacy" | "v2", receivedAt: number): NormalizedFrame {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return { kind: "malformed", reason: "not JSON" };
  }
  if (!isRecord(parsed)) return { kind: "malformed", reason: "not an object" };
  // Tolerate a bare payload on the global stream and an envelope on the legacy one: versions drift.
  const envelope = protocol === "global" || isRecord(parsed.payload);
  const payload = envelope && isRecord(parsed.payload) ? parsed.payload : parsed;
  const type = str(payload.type);
  if (!type) return { kind: "malformed", reason: "no event type" };
  if (type === "sync") return { kind: "sync" };
  if (type === "server.heartbeat") return { kind: "heartbeat" };
  if (type === "server.connected") return { kind: "connected" };
  const properties = isRecord(payload.properties) ? payload.properties : {};
  return { instanceId, directory: str(parsed.directory), type, properties, receivedAt };
}
