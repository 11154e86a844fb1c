/**
 * Which instance a session's prompts go to. All OpenCode processes share one database but only the
 * process running a session streams it, so the last live streamer wins; failing that, an instance
 * launched in the session's directory.
 */
import type { UnreachableProcess } from "../api/hub-types";
import type { InstanceEntry, SessionEntry } from "./types";

/** An instance that can take requests now: still listed by the hub and not offline. */
export function isUsable(entry: InstanceEntry | undefined): entry is InstanceEntry {
  return entry !== undefined && !entry.gone && entry.connection.state !== "offline";
}

/** The id of the instance that owns `session`, or null when no running instance can. */
export function ownerOf(session: SessionEntry, instances: Record<string, InstanceEntry>): string | null {
  const live = session.liveOwner;
  if (live && isUsable(instances[live.instanceId])) return live.instanceId;
  let best: InstanceEntry | null = null;
  for (const entry of Object.values(instances)) {
    if (!isUsable(entry) || entry.info.directory !== session.info.directory) continue;
    if (!best || better(entry, best)) best = entry;
  }
  return best ? best.info.id : null;
}

/** Connected beats not connected; then the most recently started (firstSeenAt). */
function better(a: InstanceEntry, b: InstanceEntry): boolean {
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
  const previous = session.liveOwner ? instances[session.liveOwner.instanceId] : undefined;
  if (previous && previous.info.directory === directory) {
    const how = previous.gone ? "has exited" : "is offline";
    return `The OpenCode that ran this session (port ${previous.info.port}) ${how}, and no other running OpenCode serves ${directory}. ${start}`;
  }
  return `No running OpenCode serves ${directory}. ${start}`;
}
