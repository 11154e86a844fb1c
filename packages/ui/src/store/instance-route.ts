/** Which instance tab a route's instance id selects ("all", an instance, or a machine's own "All"). */
import type { State } from "./types";

/** A machine head's tab (every instance of that peer machine) is selected as `machine:<its id>`. */
const MACHINE = "machine:";

/** The selection of a peer machine's tab. */
export function machineSelection(machineId: string): string {
  return `${MACHINE}${machineId}`;
}

/** The machine id a selection names, or null for "all" and instances. */
export function selectedMachine(selected: string): string | null {
  return selected.startsWith(MACHINE) ? selected.slice(MACHINE.length) : null;
}

/**
 * The listed instance `id` names: itself, or the process that took its place after a restart in
 * the same directory (URLs keep the exited process's id); "all" when neither is listed.
 */
export function resolveInstanceId(state: State, id: string): string {
  if (id === "all" || state.instances[id]) return id;
  const machine = selectedMachine(id);
  if (machine !== null) return state.machines.some((m) => m.id === machine) ? id : "all";
  const next = state.replacedBy?.[id];
  return next !== undefined && state.instances[next] ? next : "all";
}
