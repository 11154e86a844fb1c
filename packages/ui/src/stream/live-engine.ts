/**
 * The live engine: hub → one connection per ready instance → event queue → store, plus the
 * resync that makes the store equal each instance's own answers after every (re)connect.
 *
 * Resync ordering: while a snapshot loads, the instance's events keep being applied live and
 * are also recorded. When the answers arrive we flush the queue, apply the snapshot, and replay
 * the events recorded since the request went out (see resync-replay.ts for why that neither
 * loses nor doubles anything). Events recorded before a request was sent are in its answer.
 */
import { batch, getOwner, onCleanup } from "solid-js";
import type { Instance, InstancesDocument } from "../api/hub-types";
import { makeHubClient } from "../api/hub-client";
import type { FetchLike } from "../api/http";
import { makeOpenCodeClient } from "../api/opencode-client";
import { makeSessionOps } from "../api/session-ops";
import { isIncomingEvent, normalizeFrame } from "../store/normalize-event";
import type { MessagePage, State, StoreMutations, WorkspaceActions } from "../store/types";
import { backoffDelay } from "./backoff";
import { makeEventQueue } from "./event-queue";
import { makeHubConnection } from "./hub-connection";
import { makeInstanceConnection } from "./instance-connection";
import { eventsToReplay, keepStreamedText } from "./resync-replay";
import { defaultTimers, type EventSourceConstructor, type Timers } from "./timers";
import type { EngineContext, LiveInstance } from "./engine-types";
import { makeWorkspaceActions, PAGE_SIZE } from "./workspace-actions";

export { PAGE_SIZE };

/** How long `openSession` waits for an unknown session to be listed before it gives up. */
export const SESSION_WAIT_MS = 15_000;

export interface LiveEngineOptions {
  store: { state: State; mutations: StoreMutations };
  /** Origin of the hub API; "" (default) is the page's own origin. */
  hubUrl?: string;
  fetchImpl?: FetchLike;
  EventSourceImpl?: EventSourceConstructor;
  timers?: Timers;
  random?: () => number;
  now?: () => number;
  /** Frame scheduler of the event queue (default requestAnimationFrame). */
  schedule?: (cb: () => void) => number;
  cancelSchedule?: (handle: number) => void;
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
  const lives = new Map<string, LiveInstance>();
  const openSessions = new Set<string>();
  let disposed = false;
  let hubSeen = false;
  /** Pending `sessionKnown` checks; each re-checks its condition when something it depends on changed. */
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const check of [...waiters]) check();
  };

  const queue = makeEventQueue(
    (events) => {
      mutations.applyEvents(events);
      if (waiters.size > 0) notify();
    },
    opts.schedule,
    opts.cancelSchedule,
    timers,
  );

  /** Every listed instance has answered a first resync, or failed to connect (and waits to retry). */
  const settled = () =>
    hubSeen &&
    [...lives.values()].every((l) => {
      const stream = l.connection.info().state;
      return l.synced || (stream !== "connecting" && stream !== "connected");
    });

  function sessionKnown(sessionId: string): Promise<void> {
    const done = () => disposed || state.sessions[sessionId] !== undefined || settled();
    if (done()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const finish = () => {
        waiters.delete(check);
        timers.clearTimeout(timer);
        resolve();
      };
      const check = () => {
        if (done()) finish();
      };
      const timer = timers.setTimeout(finish, SESSION_WAIT_MS);
      waiters.add(check);
    });
  }

  const directoryFor = (live: LiveInstance, directory: string | null | undefined) =>
    directory && live.directories.has(directory) ? directory : null;

  async function loadAndApply<T>(
    live: LiveInstance,
    load: () => Promise<T>,
    commit: (result: T) => void,
    pages: (result: T) => MessagePage[],
    busy?: (result: T) => (sessionId: string) => boolean,
  ): Promise<boolean> {
    const start = live.log.length;
    const generation = live.generation;
    live.loading++;
    try {
      const result = await load();
      if (live.closed || disposed || generation !== live.generation) return false;
      queue.flush();
      const snapshot = pages(result);
      // A reply still streaming is stored as "" until its part ends: keep what the page already shows.
      keepStreamedText(snapshot, state.parts, busy ? busy(result) : (id) => state.status[id] !== undefined);
      const replay = eventsToReplay(live.log.slice(start), snapshot);
      batch(() => {
        commit(result);
        if (replay.length > 0) mutations.applyEvents(replay);
      });
      return true;
    } finally {
      live.loading--;
      if (live.loading === 0) live.log = [];
    }
  }

  const ctx: EngineContext = {
    state,
    mutations,
    hub,
    now,
    instance: (id) => lives.get(id),
    openSessions,
    loadAndApply,
    directoryFor,
    sessionKnown,
  };

  function onFrame(live: LiveInstance, data: string, at: number) {
    const frame = normalizeFrame(data, live.info.id, live.info.protocol, at);
    if (!isIncomingEvent(frame)) {
      if (frame.kind === "malformed") {
        console.warn(`OpenCode at :${live.info.port}: unreadable event (${frame.reason ?? "?"})`);
        mutations.countFrame(live.info.id, "error", at);
      } else if (frame.kind !== "sync") {
        mutations.countFrame(live.info.id, "heartbeat", at);
      }
      return;
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

  const clearResyncRetry = (live: LiveInstance) => {
    if (live.resyncTimer !== null) timers.clearTimeout(live.resyncTimer);
    live.resyncTimer = null;
  };

  /**
   * Refetches what the store shows from this instance (after every connect). A failure shows as
   * `error` with the words and is retried on the backoff schedule while the stream stays up, so a
   * request that timed out once does not leave the tab (and the store) stale until the next reconnect.
   */
  async function resync(live: LiveInstance) {
    clearResyncRetry(live);
    live.generation++;
    const generation = live.generation;
    const { client, info } = live;
    const directory = info.directory;
    const sessions = [...openSessions].filter((id) => ownedHere(live, id));
    try {
      const applied = await loadAndApply(
        live,
        async () => {
          const [list, status, permissions, questions] = await Promise.all([
            directory ? client.listSessions(directory) : Promise.resolve([]),
            client.sessionStatus(),
            client.listPermissions(),
            client.listQuestions(),
          ]);
          const pages = await Promise.all(
            sessions.map(async (sessionId) => {
              const dir = directoryFor(live, state.sessions[sessionId]?.info.directory);
              return { sessionId, page: await client.messages(sessionId, { limit: PAGE_SIZE, directory: dir }) };
            }),
          );
          return { list, status, permissions, questions, pages };
        },
        (r) => {
          if (directory) {
            mutations.reconcileInstance(info.id, {
              directory,
              sessions: r.list,
              status: r.status,
              permissions: r.permissions,
              questions: r.questions,
            });
          }
          for (const { sessionId, page } of r.pages) mutations.reconcileMessages(info.id, sessionId, page, "latest");
        },
        (r) => r.pages.map((p) => p.page),
        (r) => (sessionId) => r.status[sessionId] !== undefined && r.status[sessionId].type !== "idle",
      );
      if (applied) mutations.markListed(info.id);
      if (applied && live.resyncFailures > 0) {
        live.resyncFailures = 0;
        // The tab showed the failure; the stream's own state is true again.
        mutations.setConnection(info.id, live.connection.info());
      }
    } catch (err) {
      // A newer connection's resync (or the stream's own failure) speaks for this instance now.
      if (live.closed || disposed || generation !== live.generation || live.connection.info().state !== "connected") return;
      const why = err instanceof Error ? err.message : String(err);
      console.error(`resync of OpenCode at :${info.port} failed`, err);
      live.resyncFailures++;
      const delay = backoffDelay(live.resyncFailures, random);
      mutations.setConnection(info.id, {
        state: "error",
        attempt: live.resyncFailures,
        nextRetryAt: now() + delay,
        error: `Connected, but could not load what this OpenCode shows: ${why}`,
      });
      live.resyncTimer = timers.setTimeout(() => {
        live.resyncTimer = null;
        if (!live.closed && !disposed && live.connection.info().state === "connected") void resync(live);
      }, delay);
    } finally {
      live.synced = true;
      notify();
    }
  }

  /** Whether `live` should reload this open session: it owns it, or serves its directory. */
  function ownedHere(live: LiveInstance, sessionId: string): boolean {
    const entry = state.sessions[sessionId];
    if (!entry) return false;
    if (entry.liveOwner) return entry.liveOwner.instanceId === live.info.id;
    return entry.info.directory === live.info.directory;
  }

  function open(info: Instance & { eventsUrl: string }) {
    // The callbacks below run only after construction (onState aside, which needs no `live`).
    const connection = makeInstanceConnection({
      instanceId: info.id,
      eventsUrl: info.eventsUrl,
      protocol: info.protocol,
      onFrame: (data, at) => onFrame(live, data, at),
      onState: (next) => {
        mutations.setConnection(info.id, next);
        notify();
      },
      onConnected: () => {
        live.startedParts.clear();
        void resync(live);
      },
      EventSourceImpl: opts.EventSourceImpl,
      now,
      timers,
      random: opts.random,
    });
    const live: LiveInstance = {
      info,
      client: makeOpenCodeClient(info, { fetchImpl: opts.fetchImpl }),
      ops: makeSessionOps(info, { fetchImpl: opts.fetchImpl }),
      connection,
      directories: new Set(info.directory ? [info.directory] : []),
      log: [],
      loading: 0,
      generation: 0,
      startedParts: new Set(),
      synced: false,
      resyncFailures: 0,
      resyncTimer: null,
      closed: false,
    };
    lives.set(info.id, live);
  }

  function close(id: string) {
    const live = lives.get(id);
    if (!live) return;
    live.closed = true;
    live.connection.close();
    clearResyncRetry(live);
    lives.delete(id);
  }

  /** Keeps exactly one connection per listed ready instance. */
  function syncInstances(doc: InstancesDocument) {
    const wanted = new Map<string, Instance & { eventsUrl: string }>();
    for (const info of doc.instances) {
      if (info.status === "ready" && info.eventsUrl) wanted.set(info.id, { ...info, eventsUrl: info.eventsUrl });
      else if (info.status === "auth-required" && state.instances[info.id]?.connection.state !== "auth-required") {
        mutations.setConnection(info.id, {
          state: "auth-required",
          attempt: 0,
          nextRetryAt: null,
          error: `OpenCode at :${info.port} asks for a password.`,
        });
      } else if (info.status === "error" && (state.instances[info.id]?.connection.state !== "error" || state.instances[info.id]?.connection.error !== info.error)) {
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
      hubSeen = true;
      notify();
    },
    onState: (hubState, error) => mutations.setHubState(hubState, error),
    EventSourceImpl: opts.EventSourceImpl,
    timers,
    random: opts.random,
  });

  // Timers are throttled in background tabs and dead while offline: look again when that ends.
  const checkAll = () => {
    for (const live of lives.values()) live.connection.checkNow();
  };
  const onVisibility = () => {
    if (typeof document !== "undefined" && document.visibilityState === "visible") checkAll();
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
      notify();
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
