/**
 * Follows the hub's instance list: one fetch for a fast first paint, then the SSE stream that
 * resends the whole document on every change. Errors are shown in words and retried on backoff.
 */
import type { InstancesDocument } from "../api/hub-types";
import type { HubClient } from "../api/hub-client";
import { backoffDelay } from "./backoff";
import { defaultTimers, type EventSourceConstructor, type EventSourceLike, type Timers } from "./timers";

/** Words shown while the hub stream is down. */
export const HUB_LOST = "Lost contact with the Switchboard hub — retrying";

export interface HubConnectionOptions {
  /** Stream URL, default `/api/instances/stream` (same origin as the page). */
  streamUrl?: string;
  client: Pick<HubClient, "instances">;
  onDocument(doc: InstancesDocument): void;
  onState(state: "connecting" | "connected" | "error", error: string | null): void;
  EventSourceImpl?: EventSourceConstructor;
  timers?: Timers;
  random?: () => number;
}

/** True when `value` has the shape of a hub document (anything else on the stream is ignored). */
export function isInstancesDocument(value: unknown): value is InstancesDocument {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return Array.isArray(v.instances) && Array.isArray(v.unreachable) && typeof v.scan === "object" && v.scan !== null;
}

/** Starts following the hub; returns its cleanup. */
export function makeHubConnection(opts: HubConnectionOptions): () => void {
  const ES = opts.EventSourceImpl ?? (globalThis.EventSource as EventSourceConstructor | undefined);
  const timers = opts.timers ?? defaultTimers;
  const random = opts.random ?? Math.random;
  const streamUrl = opts.streamUrl ?? "/api/instances/stream";
  let source: EventSourceLike | null = null;
  let retryTimer: unknown = null;
  let attempt = 0;
  let streamed = false;
  let closed = false;

  const closeSource = () => {
    const s = source;
    source = null;
    if (!s) return;
    s.onmessage = null;
    s.onerror = null;
    s.close();
  };

  const fail = () => {
    if (closed) return;
    closeSource();
    attempt++;
    opts.onState("error", HUB_LOST);
    retryTimer = timers.setTimeout(open, backoffDelay(attempt, random));
  };

  function open() {
    retryTimer = null;
    if (closed) return;
    if (!ES) {
      opts.onState("error", "This browser has no EventSource, so the instance list cannot update.");
      return;
    }
    const es = new ES(streamUrl);
    source = es;
    es.onmessage = (ev: MessageEvent) => {
      if (source !== es) return;
      let doc: unknown;
      try {
        doc = JSON.parse(String(ev.data));
      } catch {
        console.warn("hub stream: a frame that is not JSON was ignored");
        return;
      }
      if (!isInstancesDocument(doc)) return;
      streamed = true;
      attempt = 0;
      opts.onState("connected", null);
      opts.onDocument(doc);
    };
    es.onerror = () => {
      if (source === es) fail();
    };
  }

  opts.onState("connecting", null);
  open();
  // The stream sends the document first too; the fetch only wins when the stream is slow, and
  // loses to it otherwise (a late fetch answer could be older than a streamed one).
  opts.client.instances().then(
    (doc) => {
      if (closed || streamed) return;
      // While the stream is down its error stays on screen; the list is still worth showing.
      if (source !== null) opts.onState("connected", null);
      opts.onDocument(doc);
    },
    (err: unknown) => {
      console.error("hub: GET /api/instances failed", err);
    },
  );

  return () => {
    closed = true;
    if (retryTimer !== null) timers.clearTimeout(retryTimer);
    retryTimer = null;
    closeSource();
  };
}
