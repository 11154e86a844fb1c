/**
 * The event inspector's record (a debugging aid, off the main path): the last N raw frames of each
 * instance's stream, heartbeat comments included, each with what the adapter's normalizer made of it.
 * Plain (no Solid): the engine records, the inspector subscribes.
 */
import type { NormalizedFrame } from "../store/normalize-event";

/** One frame as it arrived and as it was normalized. */
export interface LoggedFrame {
  /** Arrival order across instances. */
  seq: number;
  instanceId: string;
  at: number;
  /** The `data:` payload, or `: comment` for an SSE comment. */
  raw: string;
  normalized: NormalizedFrame[];
}

/** The record. */
export interface EventLog {
  record(instanceId: string, raw: string, at: number, normalized: NormalizedFrame[]): void;
  /** One instance's frames (or every instance's), oldest first. */
  entries(instanceId?: string | null): LoggedFrame[];
  /** Called after each record; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  clear(): void;
}

/** Frames kept per instance by default. */
export const EVENT_LOG_LIMIT = 200;

/** Makes a record keeping the last `limit` frames per instance. */
export function makeEventLog(limit = EVENT_LOG_LIMIT): EventLog {
  const rings = new Map<string, LoggedFrame[]>();
  const listeners = new Set<() => void>();
  let seq = 0;
  return {
    record(instanceId, raw, at, normalized) {
      let ring = rings.get(instanceId);
      if (!ring) rings.set(instanceId, (ring = []));
      ring.push({ seq: ++seq, instanceId, at, raw, normalized });
      if (ring.length > limit) ring.splice(0, ring.length - limit);
      for (const listener of listeners) listener();
    },
    entries(instanceId) {
      if (instanceId) return [...(rings.get(instanceId) ?? [])];
      return [...rings.values()].flat().sort((a, b) => a.seq - b.seq);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear() {
      rings.clear();
      for (const listener of listeners) listener();
    },
  };
}

/** What one normalized frame is, in a few words: the store event's type, or the signal. */
export function describeFrame(frame: NormalizedFrame): string {
  if ("kind" in frame) return frame.kind === "malformed" ? `malformed (${frame.reason ?? "?"})` : frame.kind;
  return frame.type;
}

/** The frames whose raw text or normalized result contains `filter` (case-insensitive), newest first. */
export function filterFrames(entries: readonly LoggedFrame[], filter: string): LoggedFrame[] {
  const needle = filter.trim().toLowerCase();
  const keep = needle
    ? entries.filter((e) => e.raw.toLowerCase().includes(needle) || e.normalized.some((f) => describeFrame(f).toLowerCase().includes(needle)))
    : [...entries];
  return keep.reverse();
}
