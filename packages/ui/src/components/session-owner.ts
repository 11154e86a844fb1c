/** View-side wrappers around `store/ownership.ts`: the owning entry, the reason words, a label. */
import type { UnreachableProcess } from "../api/hub-types";
import type { Instance, InstanceEntry, SessionEntry, State } from "../store/types";
import { ownerOf, promptTarget, whyNoOwner } from "../store/ownership";
import { lastSegment } from "./timeline/format";

type Instances = Record<string, InstanceEntry>;

/** The instance a prompt for this session goes to, or null when no running instance owns it. */
export function sessionOwner(session: SessionEntry | undefined, instances: Instances): InstanceEntry | null {
  if (!session) return null;
  const id = ownerOf(session, instances);
  return id === null ? null : (instances[id] ?? null);
}

/** The instance a prompt typed for `sessionId` goes to (a new session's bound instance too), or null. */
export function promptOwner(state: Pick<State, "sessions" | "instances">, sessionId: string): InstanceEntry | null {
  const id = promptTarget(state, sessionId);
  return id === null ? null : (state.instances[id] ?? null);
}

/** Why {@link sessionOwner} found nobody, in words that say what to do. */
export function noOwnerReason(session: SessionEntry | undefined, instances: Instances, unreachable: readonly UnreachableProcess[] = []): string {
  if (!session) return "This session is not known to any running OpenCode server.";
  return whyNoOwner(session, instances, unreachable) ?? "";
}

/** "alpha :4096": the launch directory's last segment and the port. */
export function instanceLabel(info: Instance): string {
  return info.directory ? `${lastSegment(info.directory)} :${info.port}` : `:${info.port}`;
}
