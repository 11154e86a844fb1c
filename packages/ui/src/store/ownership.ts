/**
 * Which instance a session's prompts go to. All OpenCode processes share one database but only the
 * process running a session streams it, so the last live streamer wins; failing that, an instance
 * launched in the session's directory.
 */
import type { UnreachableProcess } from "@switchboard/server/contract";
import type { InstanceEntry, SessionEntry, State } from "./types";

/**
 * An instance that can take requests now: still listed by the hub, not offline, and not broken
 * (hub status "error": its API answers errors, it carries its cwd as directory but owns nothing).
 */
export function isUsable(entry: InstanceEntry | undefined): entry is InstanceEntry {
  return entry !== undefined && !entry.gone && entry.connection.state !== "offline" && entry.connection.state !== "error";
}

/**
 * Whether an instance can run sessions of `directory`: it was launched there, or it is OpenCode 2's
 * background service, which serves every folder of its user.
 */
export function servesDirectory(info: Pick<InstanceEntry["info"], "directory" | "kind">, directory: string | null | undefined): boolean {
  return info.kind === "service" || (!!directory && info.directory === directory);
}

/**
 * The id of the instance that owns `session`, or null when no running instance can. An instance
 * launched in the session's directory beats a service that serves every folder (and lists the session).
 */
export function ownerOf(session: SessionEntry, instances: Record<string, InstanceEntry>): string | null {
  const live = session.liveOwner;
  if (live && isUsable(instances[live.instanceId])) return live.instanceId;
  let best: InstanceEntry | null = null;
  for (const entry of Object.values(instances)) {
    if (!isUsable(entry) || !servesDirectory(entry.info, session.info.directory)) continue;
    // A service serves every folder of its own data only: another user's (another HOME's) service
    // never lists the session, so only one that has shown it may own it.
    if (entry.info.kind === "service" && !session.seenBy.includes(entry.info.id)) continue;
    if (!best || better(entry, best, session.info.directory)) best = entry;
  }
  return best ? best.info.id : null;
}

/**
 * The owner of the session with id `sessionId`, or null when the store does not know it or no running
 * instance can own it. The one answer for views and for the resync (an instance reloads the open
 * sessions it owns, so an offline streamer not yet dropped leaves them to the instance that took over).
 */
export function sessionOwnerId(state: Pick<State, "sessions" | "instances">, sessionId: string): string | null {
  const entry = state.sessions[sessionId];
  return entry ? ownerOf(entry, state.instances) : null;
}

/**
 * Prefix of the id a not-yet-created session goes by (`+` opens a composer bound to an instance;
 * the server session is created on the first send).
 */
export const NEW_SESSION_PREFIX = "new:";

/** The placeholder id of a new session on `instanceId`, until its first send creates it. */
export function newSessionId(instanceId: string): string {
  return `${NEW_SESSION_PREFIX}${instanceId}`;
}

/** The instance a placeholder id ({@link newSessionId}) is bound to, or null for a real session id. */
export function newSessionInstance(sessionId: string): string | null {
  return sessionId.startsWith(NEW_SESSION_PREFIX) ? sessionId.slice(NEW_SESSION_PREFIX.length) : null;
}

/**
 * Where a prompt typed for `sessionId` goes: the owner of a listed session, or the instance a new
 * session is bound to while it can take requests. The one rule the engine and the composer share.
 */
export function promptTarget(state: Pick<State, "sessions" | "instances">, sessionId: string): string | null {
  const bound = newSessionInstance(sessionId);
  if (bound !== null) return isUsable(state.instances[bound]) ? bound : null;
  return sessionOwnerId(state, sessionId);
}

/** What a session's status shows (`data-session-status`). */
export type ShownStatus = "idle" | "busy" | "retry" | "unknown";

/**
 * The session's status as far as a running process can vouch for it. Only the process running a
 * session knows it is busy: when that process (the one that streamed it, else its owner) is not
 * connected (exited, dropped by the hub, reconnecting), a busy or retrying status is `unknown`
 * rather than a promise nobody keeps. It returns to the server's word once that owner reports again.
 */
export function shownStatus(state: Pick<State, "sessions" | "instances" | "status">, sessionId: string): ShownStatus {
  const type = state.status[sessionId]?.type;
  if (type !== "busy" && type !== "retry") return "idle";
  const entry = state.sessions[sessionId];
  if (!entry) return type;
  const reporter = entry.liveOwner?.instanceId ?? ownerOf(entry, state.instances);
  const instance = reporter === null ? undefined : state.instances[reporter];
  return instance && !instance.gone && instance.connection.state === "connected" ? type : "unknown";
}

/** Whether the session is working as far as its connected owner says (busy or retrying): Stop and streaming marks. */
export function isRunning(state: Pick<State, "sessions" | "instances" | "status">, sessionId: string): boolean {
  const shown = shownStatus(state, sessionId);
  return shown === "busy" || shown === "retry";
}

/** Launched in the directory beats a service; connected beats not connected; then the most recently started (firstSeenAt). */
function better(a: InstanceEntry, b: InstanceEntry, directory: string): boolean {
  const ah = a.info.directory === directory;
  if (ah !== (b.info.directory === directory)) return ah;
  const ac = a.connection.state === "connected";
  const bc = b.connection.state === "connected";
  if (ac !== bc) return ac;
  return a.info.firstSeenAt > b.info.firstSeenAt;
}

/**
 * Why no running instance owns `session`, in words the user can act on; null when one does.
 * `unreachable` (from the hub) lets it name a TUI that runs there without a port.
 */
export function whyNoOwner(
  session: SessionEntry,
  instances: Record<string, InstanceEntry>,
  unreachable: readonly UnreachableProcess[] = [],
): string | null {
  if (ownerOf(session, instances) !== null) return null;
  const directory = session.info.directory;
  const start = `Start \`opencode serve\` (or \`opencode --port 0\`) in that directory.`;
  const portless = unreachable.find((p) => p.directory === directory);
  if (portless) {
    return `An OpenCode (pid ${portless.pid}) runs in ${directory} but listens on no port, so it cannot be reached. Restart it with \`opencode --port 0\`, or start \`opencode serve\` there.`;
  }
  const broken = Object.values(instances).find((e) => !e.gone && e.connection.state === "error" && e.info.directory === directory);
  if (broken) {
    return `The OpenCode in ${directory} (port ${broken.info.port}) runs but its API answers errors: ${broken.connection.error ?? "see its tab"}. Fix or restart it, or start another \`opencode serve\` there.`;
  }
  const previous = session.liveOwner ? instances[session.liveOwner.instanceId] : undefined;
  if (previous && previous.info.directory === directory) {
    const how = previous.gone ? "has exited" : "is offline";
    return `The OpenCode that ran this session (port ${previous.info.port}) ${how}, and no other running OpenCode serves ${directory}. ${start}`;
  }
  return `No running OpenCode serves ${directory}. ${start}`;
}
