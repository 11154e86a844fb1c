/**
 * Truth after gaps: after every (re)connect, refetch what the page shows from that instance (its
 * directory's session list, statuses, pending requests, and the newest page of each session shown
 * in an open tab that it owns) and reconcile the store to equal the answers.
 *
 * Ordering: while a snapshot loads, the instance's events keep being applied live and are also
 * recorded. When the answers arrive we flush the queue, apply the snapshot, and replay the events
 * recorded since the request went out (see resync-replay.ts for why that neither loses nor doubles
 * anything). Events recorded before a request was sent are in its answer.
 */
import { batch } from "solid-js";
import { servesDirectory, sessionOwnerId } from "../store/ownership";
import type { MessagePage, Session, SessionStatus, State, StoreMutations } from "../store/types";
import { backoffDelay } from "./backoff";
import type { EngineContext, LiveInstance } from "./engine-types";
import type { EventQueue } from "./event-queue";
import { eventsToReplay, keepStreamedText } from "./resync-replay";
import type { Timers } from "./timers";
import { errorMessage } from "../store/error-message";

/** Messages per page, on open, on every resync and per "load older". */
export const PAGE_SIZE = 50;

/** What the resync needs from the engine. */
export interface ResyncDeps {
  state: State;
  mutations: StoreMutations;
  queue: Pick<EventQueue, "flush">;
  timers: Timers;
  now: () => number;
  random: () => number;
  disposed: () => boolean;
  /** Sessions the page shows (open tabs): their newest page is reloaded; no other session's is. */
  shown: () => ReadonlySet<string>;
  /** Called when a resync ended (applied or failed): waits may be over. */
  onSettled: () => void;
  /**
   * Resolves once the session the page opened has been shown (at once afterwards, or after a
   * timeout on a page that shows none). A server that lists none of the shown sessions waits for
   * it before asking for the rest and applying its lists, so the other servers' resyncs do not
   * share the main thread with the open. None: no wait (tests).
   */
  sessionShown?: () => Promise<void>;
}

/** The resync and the snapshot loader the actions share. */
export interface Resync {
  resync(live: LiveInstance): Promise<void>;
  loadAndApply: EngineContext["loadAndApply"];
  directoryFor: EngineContext["directoryFor"];
  /** Cancels a pending retry (the instance is closing or resyncing anew). */
  clearRetry(live: LiveInstance): void;
}

/** Builds the resync over the engine's store and queue. */
export function makeResync(deps: ResyncDeps): Resync {
  const { state, mutations, timers } = deps;

  const directoryFor = (live: LiveInstance, directory: string | null | undefined) =>
    directory && (live.directories.has(directory) || servesDirectory(live.info, directory)) ? directory : null;

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
      if (live.closed || deps.disposed() || generation !== live.generation) return false;
      deps.queue.flush();
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

  const clearRetry = (live: LiveInstance) => {
    if (live.resyncTimer !== null) timers.clearTimeout(live.resyncTimer);
    live.resyncTimer = null;
  };

  /**
   * The folders whose pending requests to ask about (2.x keeps them per folder; 1.x ignores this):
   * the ones the server streamed from or was launched in, and those of its running sessions.
   */
  const foldersOf = (live: LiveInstance, list: readonly Session[], status: Record<string, SessionStatus>): string[] => {
    const folders = new Set(live.directories);
    const byId = new Map(list.map((s) => [s.id, s.directory]));
    for (const id of Object.keys(status)) {
      const folder = byId.get(id) ?? state.sessions[id]?.info.directory;
      if (folder) folders.add(folder);
    }
    return [...folders];
  };

  /**
   * A failure shows as `error` with the words and is retried on the backoff schedule while the
   * stream stays up, so a request that timed out once does not leave the tab (and the store)
   * stale until the next reconnect.
   */
  async function resync(live: LiveInstance): Promise<void> {
    clearRetry(live);
    live.generation++;
    const generation = live.generation;
    const { client, info } = live;
    const directory = info.directory;
    // A service serves every folder: it lists sessions even without a launch directory of its own.
    const lists = !!directory || servesDirectory(info, null);
    const sessions = [...deps.shown()].filter((id) => sessionOwnerId(state, id) === live.info.id);
    try {
      const applied = await loadAndApply(
        live,
        async () => {
          const [list, status] = await Promise.all([lists ? client.listSessions(directory ?? "") : Promise.resolve([]), client.sessionStatus()]);
          const shown = deps.shown();
          if (deps.sessionShown && shown.size > 0 && sessions.length === 0 && !list.some((s) => shown.has(s.id))) await deps.sessionShown();
          const folders = foldersOf(live, list, status);
          const [permissions, questions] = await Promise.all([client.listPermissions(folders), client.listQuestions(folders)]);
          const pages = await Promise.all(
            sessions.map(async (sessionId) => {
              const dir = directoryFor(live, state.sessions[sessionId]?.info.directory);
              return { sessionId, page: await client.messages(sessionId, { limit: PAGE_SIZE, directory: dir }) };
            }),
          );
          return { list, status, permissions, questions, pages };
        },
        (r) => {
          // Before the recorded events replay: what a stateful normalizer (2.x) needs to read later events.
          live.normalizer.learnSessions?.(r.list);
          for (const { sessionId, page } of r.pages) live.normalizer.learnPage?.(sessionId, page.messages);
          if (lists) {
            // Sessions of other folders a service lists are upserted; only the launch folder's missing ones are dropped.
            const snapshot = { directory: directory ?? "", sessions: r.list, status: r.status, permissions: r.permissions, questions: r.questions };
            mutations.reconcileInstance(info.id, snapshot);
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
      if (live.closed || deps.disposed() || generation !== live.generation || live.connection.info().state !== "connected") return;
      const why = errorMessage(err);
      console.error(`resync of OpenCode at :${info.port} failed`, err);
      live.resyncFailures++;
      const delay = backoffDelay(live.resyncFailures, deps.random);
      mutations.setConnection(info.id, {
        state: "error",
        attempt: live.resyncFailures,
        nextRetryAt: deps.now() + delay,
        error: `Connected, but could not load what this OpenCode shows: ${why}`,
      });
      live.resyncTimer = timers.setTimeout(() => {
        live.resyncTimer = null;
        if (!live.closed && !deps.disposed() && live.connection.info().state === "connected") void resync(live);
      }, delay);
    } finally {
      deps.onSettled();
    }
  }

  return { resync, loadAndApply, directoryFor, clearRetry };
}
