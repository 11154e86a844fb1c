/**
 * The hub's search index as a service: loads the stored index from disk, follows the registry,
 * and for each verified instance lists its sessions (fetching the history of every session whose
 * time.updated moved since it was indexed) and follows its event stream, refetching a session's
 * newest page whenever a message finishes or the session changes. Fetches are bounded (p-limit),
 * index writes run one at a time and yield, so the hub keeps answering while it fills.
 */
import pLimit from "p-limit";
import type { IndexedSession, Instance, InstancesDocument } from "../contract/hub-api.js";
import type { InstanceRegistry } from "../discovery/types.js";
import { followEvents } from "./event-follower.js";
import { triggerOf } from "./event-triggers.js";
import { createSearchIndex, type IndexStats, type SearchPage } from "./search-index.js";
import { createSessionSource, type SessionSource, type SourceSession } from "./session-source.js";
import { createSessionStore } from "./session-store.js";
import type { IndexedMessage, SearchRequest, StoredSession } from "./types.js";

/** What the service logs with (pino-compatible); never credentials, never message text. */
export interface SearchLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  debug(obj: Record<string, unknown>, msg: string): void;
}

/** Options of createSearchService. */
export interface SearchServiceOptions {
  registry: InstanceRegistry;
  /** Folder of the stored index (see stateDirOf). */
  dir: string;
  logger?: SearchLogger;
  /** Histories fetched at once (default 4). */
  concurrency?: number;
}

/** The search index the routes read. */
export interface SearchService {
  /** Loads the stored index and starts following the registry. */
  start(): Promise<void>;
  /** Ranked hits (the index scores in its worker thread). */
  search(req: SearchRequest): Promise<SearchPage>;
  /** A session as indexed (readable when its server is gone), or null. */
  session(sessionId: string): IndexedSession | null;
  stats(): IndexStats & { pending: number };
  /** Stops following, waits for running work, writes what is queued. */
  stop(): Promise<void>;
}

interface Tracker {
  instance: Instance;
  source: SessionSource;
  abort: AbortController;
  stopFollowing: () => void;
  listing: boolean;
  listAgain: boolean;
}

const silent: SearchLogger = { info() {}, warn() {}, debug() {} };

/** Creates the service; call start(). */
export function createSearchService(opts: SearchServiceOptions): SearchService {
  const log = opts.logger ?? silent;
  const index = createSearchIndex({ onError: (message) => log.warn({ message }, "search: the index worker failed") });
  const store = createSessionStore({ dir: opts.dir, live: () => index.sessions(), logger: log, read: index.readStore });
  const fetches = pLimit(opts.concurrency ?? 4);
  const writes = pLimit(1);
  const trackers = new Map<string, Tracker>();
  /** The instance that last listed or streamed each session. */
  const lister = new Map<string, string>();
  /** Per session: a refresh is running, and whether another one was asked for meanwhile. */
  const refreshing = new Map<string, { again: boolean }>();
  let unsubscribe: (() => void) | null = null;
  let stopped = false;
  let listings = 0;

  const instanceOf = (sessionId: string): string | null => {
    const id = lister.get(sessionId);
    return id !== undefined && trackers.has(id) ? id : null;
  };

  async function save(session: StoredSession): Promise<void> {
    // After stop() the store has been flushed for the last time: a late fetch must not change the index.
    if (stopped) return;
    await writes(() => index.upsert(session));
    store.put(session);
  }

  function sync(doc: InstancesDocument): void {
    if (stopped) return;
    const ready = new Map(doc.instances.filter((i) => i.status === "ready" && i.eventsUrl !== null).map((i) => [i.id, i]));
    for (const [id, t] of trackers) {
      const now = ready.get(id);
      if (now?.eventsUrl === t.instance.eventsUrl) continue;
      t.stopFollowing();
      t.abort.abort();
      trackers.delete(id);
    }
    for (const instance of ready.values()) if (!trackers.has(instance.id)) attach(instance);
  }

  function attach(instance: Instance): void {
    const tracker: Tracker = {
      instance,
      source: createSessionSource(instance),
      abort: new AbortController(),
      stopFollowing: () => {},
      listing: false,
      listAgain: false,
    };
    trackers.set(instance.id, tracker);
    tracker.stopFollowing = followEvents(instance.eventsUrl as string, {
      // No resume on either generation: every (re)connect re-lists what may have changed meanwhile.
      onOpen: () => void list(tracker),
      onFrame: (frame) => {
        const trigger = triggerOf(instance.protocol, frame);
        if (!trigger) return;
        if (trigger.kind === "delete") void remove(trigger.sessionId);
        else void refresh(tracker, trigger.sessionId);
      },
      onError: (message) =>
        log.debug({ instanceId: instance.id, url: instance.url, message }, "search: event stream of an OpenCode server interrupted; reconnecting"),
    });
  }

  async function list(t: Tracker): Promise<void> {
    if (t.listing) {
      t.listAgain = true;
      return;
    }
    t.listing = true;
    listings++;
    const started = Date.now();
    let listed = 0;
    const stale: SourceSession[] = [];
    try {
      do {
        t.listAgain = false;
        for await (const page of t.source.listSessions(t.abort.signal)) {
          for (const s of page) {
            listed++;
            lister.set(s.sessionId, t.instance.id);
            const stored = index.get(s.sessionId);
            if (!stored || stored.updated !== s.updated) stale.push(s);
            else if (stored.title !== s.title || stored.directory !== s.directory) await save({ ...stored, title: s.title, directory: s.directory });
          }
        }
        await Promise.all(stale.splice(0).map((s) => fetches(() => fetchHistory(t, s))));
      } while (t.listAgain && !t.abort.signal.aborted);
      log.info(
        { instanceId: t.instance.id, url: t.instance.url, sessions: listed, ms: Date.now() - started },
        "search: sessions of an OpenCode server indexed",
      );
    } catch (err) {
      if (!t.abort.signal.aborted)
        log.warn(
          { instanceId: t.instance.id, url: t.instance.url, err: messageOf(err) },
          "search: could not list the sessions of an OpenCode server; retrying when its stream reconnects",
        );
    } finally {
      t.listing = false;
      listings--;
    }
  }

  async function fetchHistory(t: Tracker, s: SourceSession): Promise<void> {
    if (t.abort.signal.aborted || stopped) return;
    try {
      const messages = await t.source.messages(s.sessionId, "all", t.abort.signal);
      await save({ sessionId: s.sessionId, directory: s.directory, title: s.title, updated: s.updated, messages });
    } catch (err) {
      if (!t.abort.signal.aborted)
        log.warn(
          { instanceId: t.instance.id, sessionId: s.sessionId, err: messageOf(err) },
          "search: could not read a session's messages; it is read again at the next listing",
        );
    }
  }

  async function refresh(t: Tracker, sessionId: string): Promise<void> {
    const running = refreshing.get(sessionId);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: false };
    refreshing.set(sessionId, state);
    try {
      do {
        state.again = false;
        lister.set(sessionId, t.instance.id);
        const info = await t.source.session(sessionId, t.abort.signal);
        if (!info) {
          await remove(sessionId);
          return;
        }
        const stored = index.get(sessionId);
        // A session the index has not seen yet is read whole; a known one by its newest page.
        const fresh = await t.source.messages(sessionId, stored ? "newest" : "all", t.abort.signal);
        await save({
          sessionId,
          directory: info.directory,
          title: info.title,
          updated: info.updated,
          messages: merge(stored?.messages ?? [], fresh),
        });
      } while (state.again && !t.abort.signal.aborted);
    } catch (err) {
      if (!t.abort.signal.aborted)
        log.warn({ instanceId: t.instance.id, sessionId, err: messageOf(err) }, "search: could not refresh a session after an event");
    } finally {
      refreshing.delete(sessionId);
    }
  }

  async function remove(sessionId: string): Promise<void> {
    await writes(() => index.remove(sessionId));
    store.delete(sessionId);
    lister.delete(sessionId);
  }

  return {
    async start() {
      const started = Date.now();
      // The worker reads and parses the file; this thread indexes it a slice at a time.
      const stored = await store.load(async (slice) => {
        for (const s of slice) await writes(() => index.upsert(s));
      });
      log.info({ sessions: stored.length, ms: Date.now() - started, dir: opts.dir }, "search: stored index loaded");
      if (stopped) return;
      unsubscribe = opts.registry.subscribe(sync);
      sync(opts.registry.snapshot());
    },
    search: (req) => index.search(req, instanceOf),
    session(sessionId) {
      const s = index.get(sessionId);
      if (!s) return null;
      return {
        sessionId,
        instanceId: instanceOf(sessionId),
        machine: null,
        directory: s.directory,
        title: s.title,
        updated: s.updated,
        messages: s.messages,
      };
    },
    stats: () => ({ ...index.stats(), pending: fetches.activeCount + fetches.pendingCount + listings + refreshing.size }),
    async stop() {
      stopped = true;
      unsubscribe?.();
      for (const t of trackers.values()) {
        t.stopFollowing();
        t.abort.abort();
      }
      trackers.clear();
      fetches.clearQueue();
      await writes(() => undefined);
      await store.flush();
      await index.close();
    },
  };
}

/** The stored messages with the fresh page's messages replacing theirs, oldest first. */
export function merge(stored: readonly IndexedMessage[], fresh: readonly IndexedMessage[]): IndexedMessage[] {
  const replaced = new Set(fresh.map((m) => m.messageId));
  return [...stored.filter((m) => !replaced.has(m.messageId)), ...fresh].sort(
    (a, b) => a.time - b.time || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0),
  );
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
