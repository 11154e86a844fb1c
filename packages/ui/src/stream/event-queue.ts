/**
 * Collects incoming events and hands them to the store once per animation frame, so a burst of
 * streamed deltas costs one store batch (and one render) instead of hundreds.
 */
import type { IncomingEvent } from "../store/types";
import { defaultTimers, type Timers } from "./timers";

/** A batching queue in front of the store. */
export interface EventQueue {
  push(event: IncomingEvent): void;
  /** Applies everything queued now (used before a resync snapshot so order is kept). */
  flush(): void;
  /** Drops pending work and cancels every scheduled callback. */
  dispose(): void;
}

/** Background tabs get no animation frames; flush on a timer after this long instead. */
export const QUEUE_FALLBACK_MS = 250;

/** True when `next` extends the text `last` is already appending to (same instance, part and field). */
export function canJoinDeltas(last: IncomingEvent, next: IncomingEvent): boolean {
  if (last.type !== "message.part.delta" || next.type !== "message.part.delta") return false;
  if (last.instanceId !== next.instanceId) return false;
  const a = last.properties;
  const b = next.properties;
  return (
    typeof a.delta === "string" &&
    typeof b.delta === "string" &&
    a.sessionID === b.sessionID &&
    a.messageID === b.messageID &&
    a.partID === b.partID &&
    a.field === b.field
  );
}

/** Appends `event` to `queue`, merging it into the last entry when both are deltas of one part field. */
export function enqueue(queue: IncomingEvent[], event: IncomingEvent): void {
  const last = queue[queue.length - 1];
  if (last && canJoinDeltas(last, event)) {
    // Replace rather than mutate: the caller's event objects stay untouched.
    queue[queue.length - 1] = {
      ...last,
      properties: { ...last.properties, delta: `${String(last.properties.delta)}${String(event.properties.delta)}` },
      receivedAt: event.receivedAt,
    };
    return;
  }
  queue.push(event);
}

/** Creates the queue; `apply` receives each non-empty batch in arrival order. */
export function makeEventQueue(
  apply: (events: IncomingEvent[]) => void,
  schedule: (cb: () => void) => number = (cb) => requestAnimationFrame(() => cb()),
  cancel: (handle: number) => void = (handle) => cancelAnimationFrame(handle),
  timers: Timers = defaultTimers,
  fallbackMs = QUEUE_FALLBACK_MS,
): EventQueue {
  let pending: IncomingEvent[] = [];
  let frame: number | null = null;
  let fallback: unknown = null;
  let disposed = false;

  const unschedule = () => {
    if (frame !== null) cancel(frame);
    if (fallback !== null) timers.clearTimeout(fallback);
    frame = null;
    fallback = null;
  };

  const flush = () => {
    unschedule();
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    apply(batch);
  };

  return {
    push(event) {
      if (disposed) return;
      enqueue(pending, event);
      if (frame === null) frame = schedule(flush);
      if (fallback === null) fallback = timers.setTimeout(flush, fallbackMs);
    },
    flush,
    dispose() {
      disposed = true;
      unschedule();
      pending = [];
    },
  };
}
