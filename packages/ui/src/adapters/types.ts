/**
 * One OpenCode generation behind one interface (STYLE rule 13): how its stream is read and
 * normalized, which client maps the page's actions to its routes, and what it cannot do. The
 * engine, the resync and the composer ask `adapterFor(info.protocol)`; views read capabilities only.
 */
import type { ComposerApi } from "../api/composer-api";
import type { InstanceProtocol } from "../api/hub-types";
import type { OpenCodeClient } from "../api/opencode-client";
import type { FetchLike } from "../api/http";
import type { OpenCodeTarget, RequesterOptions } from "../api/opencode-request";
import type { SessionOps } from "../api/session-ops";
import type { WorkbenchApi } from "../api/workbench-api";
import type { PtyApi } from "./pty";
import type { NormalizedFrame } from "../store/normalize-event";
import type { MessagePage, Session } from "../store/types";
import type { EventSourceConstructor } from "../stream/timers";

/** Turns one connection's SSE `data:` payloads into store events; one per connection. */
export interface FrameNormalizer {
  /** Never throws; a payload may yield several events (or a signal, or nothing). */
  normalize(data: string, receivedAt: number): NormalizedFrame[];
  /** Forget per-stream state (a new connection starts). */
  reset(): void;
  /** Sessions read over REST (2.x: later renames/archives carry only the change, merged into these). */
  learnSessions?(sessions: readonly Session[]): void;
  /** A page of messages read over REST (2.x: a turn joined mid-way continues at the right part ids). */
  learnPage?(sessionID: string, messages: MessagePage["messages"]): void;
}

/** What a generation can and cannot do; views show words where a flag is false. */
export interface AdapterCapabilities {
  /** The server has routes to drive its TUI (select a session, show a toast). 2.1.2 has none. */
  tuiControl: boolean;
  /** A prompt sent while the session runs can be queued for after the turn or steer it (the user chooses). */
  queueWhileBusy: boolean;
  /** The stream sends heartbeats, so silence after the first frame means it stalled. */
  heartbeats: boolean;
  /** The server keeps a "viewed" mark per session (its TUI's unread), which the page should set too. */
  viewedMark: boolean;
}

/** A client target: what the hub says about the instance (kind: a 2.x service serves every folder). */
export type AdapterTarget = OpenCodeTarget & { kind?: string; directory?: string | null };

/** The pieces of one protocol. */
export interface ProtocolAdapter {
  protocol: InstanceProtocol;
  /** "OpenCode 1.x", "OpenCode 2": for words shown to the user. */
  label: string;
  capabilities: AdapterCapabilities;
  /** Why `tuiControl` is false, in words (null when it is true). */
  noTuiControl: string | null;
  normalizer(instanceId: string): FrameNormalizer;
  client(target: AdapterTarget, options?: RequesterOptions): OpenCodeClient;
  ops(target: AdapterTarget, options?: RequesterOptions): SessionOps;
  /** The composer's API, bound to `directory` (only one the server serves; null = its own). */
  composer(target: AdapterTarget, directory: string | null, options?: RequesterOptions): ComposerApi;
  /** The workbench's calls (context window, files, git marks), bound to `directory` as the composer's. */
  workbench(target: AdapterTarget, directory: string | null, options?: RequesterOptions): WorkbenchApi;
  /** The terminal (PTY) routes, bound to the folder shells start in (null = the server's own). */
  pty(target: AdapterTarget, directory: string | null, options?: RequesterOptions): PtyApi;
  /**
   * How to read the stream (`new X(eventsUrl)`) over `fetchImpl`; absent = the browser's
   * EventSource. An engine given its own EventSource (tests) uses that for every protocol.
   */
  eventSource?: (fetchImpl?: FetchLike) => EventSourceConstructor;
}
