/** Which instance tab a route's instance id selects. */
import type { State } from "./types";

/**
 * The listed instance `id` names: itself, or the process that took its place after a restart in
 * the same directory (URLs keep the exited process's id); "all" when neither is listed.
 */
export function resolveInstanceId(state: State, id: string): string {
  if (id === "all" || state.instances[id]) return id;
  const next = state.replacedBy?.[id];
  return next !== undefined && state.instances[next] ? next : "all";
}
