/**
 * Where "New session in…" makes a session for a folder (pure): an instance launched there, else a
 * running OpenCode 2 service (it serves every folder), else the hub must start a server there.
 */
import { isUsable } from "../../../store/ownership";
import type { InstanceEntry, State } from "../../../store/types";

/** The decision. */
export type NewSessionTarget = { kind: "instance"; instance: InstanceEntry } | { kind: "service"; instance: InstanceEntry } | { kind: "start" };

/** Decides for `directory` (trailing slashes ignored). */
export function newSessionTarget(state: Pick<State, "instances">, directory: string): NewSessionTarget {
  const dir = trimSlash(directory);
  const live = Object.values(state.instances).filter((e) => isUsable(e) && e.info.status === "ready");
  const here = live.find((e) => e.info.kind !== "service" && e.info.directory !== null && trimSlash(e.info.directory) === dir);
  if (here) return { kind: "instance", instance: here };
  const service = live.find((e) => e.info.kind === "service");
  if (service) return { kind: "service", instance: service };
  return { kind: "start" };
}

/** The folders the page already knows (sessions' and instances'), sorted, each once. */
export function knownFolders(state: Pick<State, "instances" | "sessions">): string[] {
  const all = new Set<string>();
  for (const e of Object.values(state.instances)) if (e.info.directory && e.info.kind !== "service") all.add(trimSlash(e.info.directory));
  for (const s of Object.values(state.sessions)) if (s.info.directory) all.add(trimSlash(s.info.directory));
  return [...all].sort((a, b) => a.localeCompare(b));
}

/** `path` without trailing slashes (the root stays `/`). */
export function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}
