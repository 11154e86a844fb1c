/** What the live engine keeps per instance, and what the workspace actions may use of it. */
import type { HubClient } from "../api/hub-client";
import type { Instance } from "../api/hub-types";
import type { OpenCodeClient } from "../api/opencode-client";
import type { IncomingEvent, MessagePage, State, StoreMutations } from "../store/types";
import type { InstanceConnection } from "./instance-connection";

/** One connected instance as the engine keeps it. */
export interface LiveInstance {
  info: Instance;
  client: OpenCodeClient;
  connection: InstanceConnection;
  /** Directories this server already serves: its launch directory and those its events came from. */
  directories: Set<string>;
  /** Events recorded while snapshots load (see the file comment); empty when none is loading. */
  log: IncomingEvent[];
  /** How many snapshot loads are running. */
  loading: number;
  /** Bumped on every (re)connect, so an older connection's resync is not applied. */
  generation: number;
  closed: boolean;
}

/** What the actions need from the engine. */
export interface EngineContext {
  state: State;
  mutations: StoreMutations;
  hub: HubClient;
  now: () => number;
  instance(id: string): LiveInstance | undefined;
  /** Sessions the user opened; their newest page is reloaded on every resync. */
  openSessions: Set<string>;
  /**
   * Loads snapshots from `live` and applies them with `commit`, replaying the events recorded
   * meanwhile over `pages(result)`. Resolves false when the result was dropped (instance gone, newer connection).
   */
  loadAndApply<T>(live: LiveInstance, load: () => Promise<T>, commit: (result: T) => void, pages: (result: T) => MessagePage[]): Promise<boolean>;
  /** `directory` when `live` already serves it, else null (never make a server boot a new directory). */
  directoryFor(live: LiveInstance, directory: string | null | undefined): string | null;
}
