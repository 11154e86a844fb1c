/** Pure words and labels for instance tabs (no DOM). */
import type { ConnectionState, InstanceEntry, State } from "../../store/types";
import { orderInstances } from "../../store/order";
import { basename, secondsUntil } from "../common/format";

/** Worst first: the All tab shows the most urgent state among live instances. */
const SEVERITY: ConnectionState[] = ["error", "offline", "reconnecting", "stalled", "connecting", "auth-required", "connected"];

/** Instances in tab order: the store's one stable order (store/order.ts), shared with the sidebar groups. */
export function orderedInstances(state: State): InstanceEntry[] {
  return orderInstances(Object.values(state.instances));
}

/** `data-connection` of the All tab: connected when every live instance is; else the worst state. */
export function allConnection(state: State): ConnectionState {
  const live = Object.values(state.instances).filter((entry) => !entry.gone);
  if (live.length === 0) {
    if (state.hub.state === "error") return "error";
    return state.hub.state === "connecting" ? "connecting" : "offline";
  }
  let worst: ConnectionState = "connected";
  for (const entry of live) {
    if (SEVERITY.indexOf(entry.connection.state) < SEVERITY.indexOf(worst)) worst = entry.connection.state;
  }
  return worst;
}

/** Tab name: the launch directory's basename (":port" while unknown), with the port when names clash. */
export function instanceName(entry: InstanceEntry, all: readonly InstanceEntry[]): string {
  const { directory, port } = entry.info;
  if (directory === null) return `:${port}`;
  const name = basename(directory);
  const clash = all.some((other) => other.info.id !== entry.info.id && other.info.directory !== null && basename(other.info.directory) === name);
  return clash ? `${name} :${port}` : name;
}

/** The short live text of a reconnecting tab: "retry 2 in 4s". */
export function retryText(attempt: number, nextRetryAt: number | null, now: number): string {
  if (nextRetryAt === null) return `retry ${attempt}`;
  const seconds = secondsUntil(nextRetryAt, now);
  return seconds === 0 ? `retry ${attempt} now` : `retry ${attempt} in ${seconds}s`;
}

/** The connection state in words, for titles and accessible names. */
export function connectionWords(entry: InstanceEntry): string {
  const { state, error } = entry.connection;
  switch (state) {
    case "connected":
      return "connected";
    case "connecting":
      return "connecting";
    case "reconnecting":
      return "reconnecting";
    case "stalled":
      return "stalled: no events for a while, reconnecting";
    case "offline":
      return entry.gone ? "offline: the process has exited" : `offline${error ? `: ${error}` : ""}`;
    case "auth-required":
      return "password required";
    case "error":
      return `error${error ? `: ${error}` : ""}`;
  }
}

/** Tooltip of an instance tab: directory, port, kind, version, state. */
export function instanceTitle(entry: InstanceEntry): string {
  const info = entry.info;
  return [
    info.directory ?? "(directory unknown until unlocked)",
    `port ${info.port} · ${info.kind} · ${info.version ? `v${info.version}` : "version unknown"} · pid ${info.pid}`,
    connectionWords(entry),
  ].join("\n");
}

/** What the All tab shows: how many running instances are connected, as a dot and in words. */
export interface AllSummary {
  /** "3 of 4 connected", "no servers running", "looking for servers". */
  words: string;
  /** Short visible count while some are not connected ("3/4"), else null. */
  count: string | null;
  /** Dot modifier: connected (all), partial (some), or the All state when none is. */
  dot: string;
}

/** The All tab's summary: a count, never one server's state (a lock or error elsewhere is shown on that tab). */
export function allSummary(state: State): AllSummary {
  const live = Object.values(state.instances).filter((entry) => !entry.gone);
  if (live.length === 0) {
    const words = state.hub.state === "connected" ? "no servers running" : state.hub.state === "error" ? "hub unreachable" : "looking for servers";
    return { words, count: null, dot: state.hub.state === "error" ? "error" : state.hub.state === "connecting" ? "connecting" : "offline" };
  }
  const connected = live.filter((entry) => entry.connection.state === "connected").length;
  const all = connected === live.length;
  return {
    words: `${connected} of ${live.length} connected`,
    count: all ? null : `${connected}/${live.length}`,
    dot: all ? "connected" : connected === 0 ? "offline" : "partial",
  };
}
