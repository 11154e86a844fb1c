/**
 * One EventSource per OpenCode instance, with our own reconnect loop: the browser's built-in
 * retry never gives up on HTTP errors and hides what it is doing, so on every error we close
 * the source ourselves and retry on the backoff schedule, reporting each state to the tab.
 */
import type { ConnectionInfo } from "../store/types";
import { backoffDelay } from "./backoff";
import { defaultTimers, type EventSourceConstructor, type EventSourceLike, type Timers } from "./timers";

/** No frame for this long on a stream with heartbeats (1.x every 10 s, 2.x every 15 s) means it is stalled. */
export const WATCHDOG_MS = 25_000;
/** A connection that stayed up this long was healthy: the next failure starts the backoff afresh. */
export const HEALTHY_MS = 10_000;

export interface InstanceConnectionOptions {
  instanceId: string;
  /** Full stream URL from the hub (carries `?auth_token=` for password servers). */
  eventsUrl: string;
  /** False for streams silent while idle (1.0.x /event): the silence watchdog then only guards the connect. */
  heartbeats: boolean;
  /** Every `data:` payload, raw, with its receive time. */
  onFrame(data: string, at: number): void;
  /** A heartbeat comment (`: heartbeat`) or an unreadable SSE line, from readers that see them. */
  onSignal?(kind: "heartbeat" | "malformed", at: number, detail: string): void;
  onState(info: ConnectionInfo): void;
  /** The stream delivered its first frame (`server.connected`): refetch and reconcile now. */
  onConnected(): void;
  EventSourceImpl?: EventSourceConstructor;
  now?: () => number;
  timers?: Timers;
  random?: () => number;
  watchdogMs?: number;
  healthyMs?: number;
}

/** Handle of a live instance connection. */
export interface InstanceConnection {
  /** Closes for good: the source and every timer. */
  close(): void;
  /** Call on `visibilitychange` (visible) and `online`: skips a pending backoff wait, or replaces a silent stream. */
  checkNow(): void;
  /** The last state reported. */
  info(): ConnectionInfo;
}

/** Opens the stream at once and keeps it alive until `close()`. */
export function makeInstanceConnection(opts: InstanceConnectionOptions): InstanceConnection {
  const ES = opts.EventSourceImpl ?? (globalThis.EventSource as EventSourceConstructor | undefined);
  const now = opts.now ?? Date.now;
  const timers = opts.timers ?? defaultTimers;
  const random = opts.random ?? Math.random;
  const watchdogMs = opts.watchdogMs ?? WATCHDOG_MS;
  const healthyMs = opts.healthyMs ?? HEALTHY_MS;

  let source: EventSourceLike | null = null;
  let attempt = 0;
  let retryTimer: unknown = null;
  let watchdogTimer: unknown = null;
  let connectedAt: number | null = null;
  let lastFrameAt: number | null = null;
  let closed = false;
  let current: ConnectionInfo = { state: "connecting", attempt: 0, nextRetryAt: null, error: null };

  const publish = (info: ConnectionInfo) => {
    current = info;
    opts.onState(info);
  };

  const clearRetry = () => {
    if (retryTimer !== null) timers.clearTimeout(retryTimer);
    retryTimer = null;
  };
  const clearWatchdog = () => {
    if (watchdogTimer !== null) timers.clearTimeout(watchdogTimer);
    watchdogTimer = null;
  };
  const closeSource = () => {
    const s = source;
    source = null;
    if (s) {
      s.onopen = null;
      s.onmessage = null;
      s.onerror = null;
      s.oncomment = null;
      s.onmalformed = null;
      s.close();
    }
  };

  // Legacy streams are silent when idle, so after their first frame silence proves nothing.
  const watchdogApplies = () => connectedAt === null || opts.heartbeats;
  // One timer that re-arms for the remainder, rather than a clear/set pair on every streamed delta.
  let lastActivity = 0;
  const onWatchdog = () => {
    watchdogTimer = null;
    if (!watchdogApplies()) return;
    const idle = now() - lastActivity;
    if (idle >= watchdogMs) fail("stalled");
    else watchdogTimer = timers.setTimeout(onWatchdog, watchdogMs - idle);
  };
  const armWatchdog = () => {
    if (!watchdogApplies()) clearWatchdog();
    else if (watchdogTimer === null) watchdogTimer = timers.setTimeout(onWatchdog, watchdogMs);
  };

  const fail = (state: "reconnecting" | "stalled") => {
    if (closed) return;
    closeSource();
    clearWatchdog();
    clearRetry();
    const t = now();
    if (connectedAt !== null && t - connectedAt >= healthyMs) attempt = 0;
    connectedAt = null;
    attempt++;
    const delay = backoffDelay(attempt, random);
    publish({ state, attempt, nextRetryAt: t + delay, error: null });
    retryTimer = timers.setTimeout(open, delay);
  };

  function open() {
    if (closed) return;
    clearRetry();
    closeSource();
    connectedAt = null;
    if (!ES) {
      publish({ state: "error", attempt, nextRetryAt: null, error: "This browser has no EventSource, so live updates cannot work." });
      return;
    }
    const es = new ES(opts.eventsUrl);
    source = es;
    lastActivity = now();
    clearWatchdog();
    publish(
      attempt === 0
        ? { state: "connecting", attempt: 0, nextRetryAt: null, error: null }
        : { state: "reconnecting", attempt, nextRetryAt: null, error: null },
    );
    armWatchdog();
    es.onmessage = (ev: MessageEvent) => {
      if (source !== es) return;
      const at = now();
      lastFrameAt = at;
      lastActivity = at;
      const first = connectedAt === null;
      if (first) {
        connectedAt = at;
        publish({ state: "connected", attempt: 0, nextRetryAt: null, error: null });
      }
      armWatchdog();
      if (first) opts.onConnected();
      // onConnected may have closed us (engine disposal); then the frame belongs to nobody.
      if (source !== es) return;
      opts.onFrame(typeof ev.data === "string" ? ev.data : String(ev.data), at);
    };
    es.onerror = () => {
      if (source === es) fail("reconnecting");
    };
    // Comments are activity (2.x's only heartbeat) but not the first frame: `server.connected` is.
    es.oncomment = (comment: string) => {
      if (source !== es) return;
      const at = now();
      lastFrameAt = at;
      lastActivity = at;
      opts.onSignal?.("heartbeat", at, comment);
    };
    es.onmalformed = (reason: string) => {
      if (source === es) opts.onSignal?.("malformed", now(), reason);
    };
  }

  open();

  return {
    close() {
      closed = true;
      clearRetry();
      clearWatchdog();
      closeSource();
    },
    checkNow() {
      if (closed) return;
      if (retryTimer !== null) {
        open();
        return;
      }
      // A throttled background tab may not have run the watchdog: judge the silence now.
      const silentFor = lastFrameAt === null ? 0 : now() - lastFrameAt;
      if (connectedAt !== null && opts.heartbeats && silentFor >= watchdogMs) {
        fail("stalled");
        open();
      }
    },
    info: () => current,
  };
}
