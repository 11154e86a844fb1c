/** What the live engine keeps per instance, and what the workspace actions may use of it. */
import type { FrameNormalizer, ProtocolAdapter } from "../adapters/types";
import type { HubClient } from "../api/hub-client";
import type { Instance } from "../api/hub-types";
import type { OpenCodeClient } from "../api/opencode-client";
import type { SessionOps } from "../api/session-ops";
import type { IncomingEvent, MessagePage, State, StoreMutations } from "../store/types";
import type { InstanceConnection } from "./instance-connection";

/** One connected instance as the engine keeps it. */
export interface LiveInstance {
  info: Instance;
  /** The protocol's adapter (routes, stream reading, capabilities). */
  adapter: ProtocolAdapter;
  /** This connection's frame normalizer (reset on every connect). */
  normalizer: FrameNormalizer;
  client: OpenCodeClient;
  /** Session actions (rename, fork, revert, diff…) on this server. */
  ops: SessionOps;
  connection: InstanceConnection;
  /** Directories this server already serves: its launch directory and those its events came from. */
  directories: Set<string>;
  /** Events recorded while snapshots load (see the file comment); empty when none is loading. */
  log: IncomingEvent[];
  /** How many snapshot loads are running. */
  loading: number;
  /** Bumped on every (re)connect, so an older connection's resync is not applied. */
  generation: number;
  /**
   * Parts whose `message.part.updated` arrived on the current connection: only their deltas can be
   * appended (a part that started before a gap would get its later text glued onto a hole).
   */
  startedParts: Set<string>;
  /** Failed resyncs in a row (the retry waits on the backoff schedule); 0 after a success. */
  resyncFailures: number;
  /** Pending resync retry, if any. */
  resyncTimer: unknown;
  closed: boolean;
}

/** A just-opened instance: nothing loading, no resync yet, every counter at zero. */
export function newLiveInstance(parts: Pick<LiveInstance, "info" | "adapter" | "normalizer" | "client" | "ops" | "connection">): LiveInstance {
  return {
    ...parts,
    directories: new Set(parts.info.directory ? [parts.info.directory] : []),
    log: [],
    loading: 0,
    generation: 0,
    startedParts: new Set(),
    resyncFailures: 0,
    resyncTimer: null,
    closed: false,
  };
}

/** What the actions need from the engine. */
export interface EngineContext {
  state: State;
  mutations: StoreMutations;
  hub: HubClient;
  now: () => number;
  instance(id: string): LiveInstance | undefined;
  /** Sessions the page shows (open tabs); their newest page is reloaded on every resync, no other's. */
  shownSessions: Set<string>;
  /**
   * Loads snapshots from `live` and applies them with `commit`, replaying the events recorded
   * meanwhile over `pages(result)`. Resolves false when the result was dropped (instance gone, newer connection).
   */
  loadAndApply<T>(
    live: LiveInstance,
    load: () => Promise<T>,
    commit: (result: T) => void,
    pages: (result: T) => MessagePage[],
    /** Which sessions the snapshot's server is running (default: the store's status). */
    busy?: (result: T) => (sessionId: string) => boolean,
  ): Promise<boolean>;
  /** `directory` when `live` already serves it, else null (never make a server boot a new directory). */
  directoryFor(live: LiveInstance, directory: string | null | undefined): string | null;
  /**
   * Resolves once the store knows `sessionId`, or once every listed instance has answered its first
   * resync (or failed to connect) without it, or after a while: a deep link opened at page load asks
   * before any instance has listed its sessions.
   */
  sessionKnown(sessionId: string): Promise<void>;
  /** The user sees this session now: servers that keep a "viewed" mark get it (best effort). */
  markSeen(sessionId: string): void;
}
