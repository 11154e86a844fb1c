/**
 * The live engine's wiring: hub → one connection per ready instance → event queue → store. What
 * happens after each (re)connect lives in resync.ts; waiting for a not-yet-listed session in
 * session-wait.ts; what views may do in workspace-actions.ts.
 */
import { getOwner, onCleanup } from "solid-js";
import type { Instance, InstancesDocument } from "../api/hub-types";
import { makeHubClient } from "../api/hub-client";
import type { FetchLike } from "../api/http";
import { adapterFor } from "../adapters";
import { isIncomingEvent } from "../store/normalize-event";
import { ownerOf } from "../store/ownership";
import { allAnswered } from "../store/session-lookup";
import type { IncomingEvent, State, StoreMutations, WorkspaceActions } from "../store/types";
import { makeEventQueue } from "./event-queue";
import { makeHubConnection } from "./hub-connection";
import { makeInstanceConnection } from "./instance-connection";
import { makeResync, PAGE_SIZE } from "./resync";
import { makeSessionWaiter, SESSION_WAIT_MS } from "./session-wait";
import type { EventLog } from "./event-log";
import { makeStreamClasses, type StreamClassOptions } from "./stream-classes";
import { defaultTimers, type EventSourceConstructor, type Timers } from "./timers";
import { newLiveInstance, type EngineContext, type LiveInstance } from "./engine-types";
import { makeWorkspaceActions } from "./workspace-actions";

export { PAGE_SIZE, SESSION_WAIT_MS };

export interface LiveEngineOptions {
  store: { state: State; mutations: StoreMutations };
  /** Origin of the hub API; "" (default) is the page's own origin. */
  hubUrl?: string;
  fetchImpl?: FetchLike;
  /** One EventSource class for every stream (tests). */
  EventSourceImpl?: EventSourceConstructor;
  /** Records every frame and what it became, for the event inspector (`?inspect`); none by default. */
  eventLog?: EventLog;
  /** Wraps each stream class once (remote mode's relay multiplexer); see stream-classes.ts. */
  wrapEventSource?: StreamClassOptions["wrapEventSource"];
  timers?: Timers;
  random?: () => number;
  now?: () => number;
  /** Frame scheduler of the event queue (default requestAnimationFrame). */
  schedule?: (cb: () => void) => number;
  cancelSchedule?: (handle: number) => void;
  /** Resolves once the opened session has been shown: the other servers' resyncs wait for it (see resync.ts). */
  sessionShown?: () => Promise<void>;
}

/** The engine's handle: what views may do, and its cleanup. */
export interface LiveEngine {
  actions: WorkspaceActions;
  dispose(): void;
}

/** Starts the engine (plain: call `dispose`). */
export function makeLiveEngine(opts: LiveEngineOptions): LiveEngine {
  const { state, mutations } = opts.store;
  const timers = opts.timers ?? defaultTimers;
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const hub = makeHubClient({ base: opts.hubUrl ?? "", fetchImpl: opts.fetchImpl });
  const streams = makeStreamClasses(opts);
  const lives = new Map<string, LiveInstance>();
  /** Sessions the page shows (open tabs, and any opened since the page last said): resyncs reload these only. */
  const shown = new Set<string>();
  let disposed = false;

  const waiter = makeSessionWaiter({ state, timers, settled: () => allAnswered(state), disposed: () => disposed });

  const queue = makeEventQueue(
    (events) => {
      mutations.applyEvents(events);
      if (waiter.pending()) waiter.notify();
    },
    opts.schedule,
    opts.cancelSchedule,
    timers,
  );

  const { resync, loadAndApply, directoryFor, clearRetry } = makeResync({
    state,
    mutations,
    queue,
    timers,
    now,
    random,
    disposed: () => disposed,
    shown: () => shown,
    onSettled: waiter.notify,
    sessionShown: opts.sessionShown,
  });

  const ctx: EngineContext = {
    state,
    mutations,
    hub,
    now,
    instance: (id) => lives.get(id),
    shownSessions: shown,
    loadAndApply,
    directoryFor,
    sessionKnown: waiter.sessionKnown,
    markSeen: (sessionId) => {
      for (const live of lives.values()) markSeen(live, [sessionId]);
    },
  };

  function onFrame(live: LiveInstance, data: string, at: number) {
    const frames = live.normalizer.normalize(data, at);
    opts.eventLog?.record(live.info.id, data, at, frames);
    for (const frame of frames) {
      if (!isIncomingEvent(frame)) {
        if (frame.kind === "malformed") {
          console.warn(`OpenCode at :${live.info.port}: unreadable event (${frame.reason ?? "?"})`);
          mutations.countFrame(live.info.id, "error", at);
        } else if (frame.kind !== "sync") {
          mutations.countFrame(live.info.id, "heartbeat", at);
        }
        continue;
      }
      onEvent(live, frame, at);
    }
  }

  /** Marks finished turns of shown sessions seen on servers that keep that mark (their TUI's unread), while the page is visible. */
  function markSeen(live: LiveInstance, sessionIds: Iterable<string>) {
    const mark = live.client.markViewed;
    if (!live.adapter.capabilities.viewedMark || !mark) return;
    if (typeof document !== "undefined" && document.visibilityState !== "visible") return;
    // The server compares with its own idle time: a turn still running keeps its previous mark.
    for (const id of sessionIds) {
      const entry = state.sessions[id];
      if (!shown.has(id) || !entry || ownerOf(entry, state.instances) !== live.info.id) continue;
      void mark(id).catch((err: unknown) => console.warn(`OpenCode at :${live.info.port}: could not mark ${id} seen`, err));
    }
  }

  function onEvent(live: LiveInstance, frame: IncomingEvent, at: number) {
    if (
      frame.type === "session.idle" ||
      (frame.type === "session.status" && (frame.properties.status as { type?: unknown } | undefined)?.type === "idle")
    ) {
      const sessionId = frame.properties.sessionID;
      if (typeof sessionId === "string") markSeen(live, [sessionId]);
    }
    if (frame.directory) live.directories.add(frame.directory);
    if (frame.type === "message.part.updated") {
      const part = frame.properties.part as { id?: unknown } | undefined;
      if (typeof part?.id === "string") live.startedParts.add(part.id);
    } else if (frame.type === "message.part.delta" && !live.startedParts.has(String(frame.properties.partID))) {
      // The part started before this connection: its base text is missing what streamed during
      // the gap. Its text comes whole with the part's final message.part.updated.
      mutations.countFrame(live.info.id, "heartbeat", at);
      return;
    }
    if (live.loading > 0) live.log.push(frame);
    queue.push(frame);
  }

  function open(info: Instance & { eventsUrl: string }) {
    const adapter = adapterFor(info.protocol);
    // The callbacks below run only after construction (onState aside, which needs no `live`).
    const connection = makeInstanceConnection({
      instanceId: info.id,
      eventsUrl: info.eventsUrl,
      heartbeats: adapter.capabilities.heartbeats,
      onFrame: (data, at) => onFrame(live, data, at),
      onSignal: (kind, at, detail) => {
        opts.eventLog?.record(info.id, kind === "malformed" ? detail : `: ${detail}`, at, [
          kind === "malformed" ? { kind, reason: detail } : { kind },
        ]);
        if (kind === "malformed") console.warn(`OpenCode at :${info.port}: unreadable stream line (${detail})`);
        mutations.countFrame(info.id, kind === "malformed" ? "error" : "heartbeat", at);
      },
      onState: (next) => {
        mutations.setConnection(info.id, next);
        waiter.notify();
      },
      onConnected: () => {
        live.startedParts.clear();
        live.normalizer.reset();
        void resync(live);
      },
      EventSourceImpl: streams.forAdapter(adapter),
      now,
      timers,
      random: opts.random,
    });
    const live: LiveInstance = newLiveInstance({
      info,
      adapter,
      normalizer: adapter.normalizer(info.id),
      client: adapter.client(info, { fetchImpl: opts.fetchImpl }),
      ops: adapter.ops(info, { fetchImpl: opts.fetchImpl }),
      connection,
    });
    lives.set(info.id, live);
  }

  function close(id: string) {
    const live = lives.get(id);
    if (!live) return;
    live.closed = true;
    live.connection.close();
    clearRetry(live);
    lives.delete(id);
  }

  /** Keeps exactly one connection per listed ready instance; locked and broken ones show why they have none. */
  function syncInstances(doc: InstancesDocument) {
    const wanted = new Map<string, Instance & { eventsUrl: string }>();
    for (const info of doc.instances) {
      const current = state.instances[info.id]?.connection;
      if (info.status === "ready" && info.eventsUrl) wanted.set(info.id, { ...info, eventsUrl: info.eventsUrl });
      else if (info.status === "auth-required" && current?.state !== "auth-required") {
        mutations.setConnection(info.id, {
          state: "auth-required",
          attempt: 0,
          nextRetryAt: null,
          error: `OpenCode at :${info.port} asks for a password.`,
        });
      } else if (info.status === "error" && (current?.state !== "error" || current.error !== info.error)) {
        // A broken server gets no EventSource (its API answers errors); the hub re-probes it.
        mutations.setConnection(info.id, { state: "error", attempt: 0, nextRetryAt: null, error: info.error });
      }
    }
    for (const [id, live] of lives) {
      const next = wanted.get(id);
      if (!next || next.eventsUrl !== live.info.eventsUrl || next.protocol !== live.info.protocol) close(id);
      else live.info = next;
    }
    for (const [id, info] of wanted) {
      if (lives.has(id)) continue;
      open(info);
      // Another process in the same directory came (back): waiting peers should look again now.
      for (const other of lives.values()) {
        if (other.info.id !== id && other.info.directory === info.directory) other.connection.checkNow();
      }
    }
  }

  const stopHub = makeHubConnection({
    streamUrl: `${opts.hubUrl ?? ""}/api/instances/stream`,
    client: hub,
    onDocument: (doc) => {
      if (disposed) return;
      mutations.setHubDocument(doc);
      syncInstances(doc);
      waiter.notify();
    },
    onState: (hubState, error) => mutations.setHubState(hubState, error),
    EventSourceImpl: streams.plain(),
    timers,
    random: opts.random,
  });

  // Timers are throttled in background tabs and dead while offline: look again when that ends.
  const checkAll = () => {
    for (const live of lives.values()) live.connection.checkNow();
  };
  const onVisibility = () => {
    if (typeof document === "undefined" || document.visibilityState !== "visible") return;
    checkAll();
    // Turns that ended while the page was hidden are seen now.
    for (const live of lives.values()) markSeen(live, shown);
  };
  if (typeof window !== "undefined") {
    window.addEventListener("online", checkAll);
    // A page restored from the back/forward cache may hold streams that died while frozen.
    window.addEventListener("pageshow", checkAll);
  }
  if (typeof document !== "undefined") document.addEventListener("visibilitychange", onVisibility);

  return {
    actions: makeWorkspaceActions(ctx),
    dispose() {
      if (disposed) return;
      disposed = true;
      stopHub();
      for (const id of [...lives.keys()]) close(id);
      queue.dispose();
      waiter.notify();
      if (typeof window !== "undefined") {
        window.removeEventListener("online", checkAll);
        window.removeEventListener("pageshow", checkAll);
      }
      if (typeof document !== "undefined") document.removeEventListener("visibilitychange", onVisibility);
    },
  };
}

/** Starts the engine and disposes it with the current Solid owner. */
export function createLiveEngine(opts: LiveEngineOptions): LiveEngine {
  const engine = makeLiveEngine(opts);
  if (getOwner()) onCleanup(engine.dispose);
  return engine;
}
