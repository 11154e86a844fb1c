/**
 * Local stand-in for `store/ownership.ts` (`ownerOf` / `whyNoOwner`) until it lands; same rule as
 * ARCHITECTURE.md "Ownership": the instance that last streamed live events for the session, else
 * the running instance launched in the session's directory.
 */
import type { Instance } from "../api/hub-types";
import type { InstanceEntry, SessionEntry } from "../store/types";
import { lastSegment } from "./timeline/format";

type Instances = Record<string, InstanceEntry>;

const canReceive = (e: InstanceEntry | undefined): e is InstanceEntry => !!e && !e.gone && e.info.status === "ready";

/** The instance a prompt for this session goes to, or null when no running instance owns it. */
export function sessionOwner(session: SessionEntry | undefined, instances: Instances): InstanceEntry | null {
  if (!session) return null;
  const live = session.liveOwner ? instances[session.liveOwner.instanceId] : undefined;
  if (canReceive(live)) return live;
  const candidates = Object.values(instances).filter((e) => canReceive(e) && e.info.directory === session.info.directory);
  // Prefer a connected stream: its replies will actually show up live.
  return candidates.find((e) => e.connection.state === "connected") ?? candidates[0] ?? null;
}

/** Why {@link sessionOwner} found nobody, in words that say what to do. */
export function noOwnerReason(session: SessionEntry | undefined, instances: Instances): string {
  if (!session) return "This session is not known to any running OpenCode server.";
  const dir = session.info.directory;
  const live = session.liveOwner ? instances[session.liveOwner.instanceId] : undefined;
  if (live && live.gone) {
    return `The OpenCode server that ran this session (${instanceLabel(live.info)}) has stopped. Start \`opencode serve\` in ${dir} to continue it.`;
  }
  const locked = Object.values(instances).find((e) => !e.gone && e.info.status === "auth-required");
  if (locked && (locked.info.directory === dir || locked.info.directory === null)) {
    return `The OpenCode server at ${instanceLabel(locked.info)} needs a password before it can take prompts. Enter it on its tab.`;
  }
  return `No running OpenCode server was started in ${dir}. Start one there (\`opencode serve\`, or \`opencode --port 0\` for a TUI) to send messages.`;
}

/** "alpha :4096": the launch directory's last segment and the port. */
export function instanceLabel(info: Instance): string {
  return info.directory ? `${lastSegment(info.directory)} :${info.port}` : `:${info.port}`;
}
