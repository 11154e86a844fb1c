/**
 * Pure: the instance tabs grouped by machine. This machine's instances (and servers added by URL)
 * come first, ungrouped, as before machines existed; then one group per peer Switchboard, in the
 * hub's order, headed by that machine's tab with its own connection state (a machine with no
 * instances yet still shows its head: "connecting…", "signed out").
 */
import type { Machine } from "../../api/hub-types";
import type { InstanceEntry } from "../../store/types";

/** One run of tabs: `machine` null for this machine's own. */
export interface TabGroup {
  machine: Machine | null;
  entries: InstanceEntry[];
}

/** Groups `entries` (already in tab order) under `machines`; a peer instance whose machine is not listed yet gets a "connecting" head. */
export function groupByMachine(entries: readonly InstanceEntry[], machines: readonly Machine[]): TabGroup[] {
  const own: InstanceEntry[] = [];
  const byMachine = new Map<string, TabGroup>(machines.map((machine) => [machine.id, { machine, entries: [] }]));
  for (const entry of entries) {
    const of = entry.info.machine;
    if (!of) {
      own.push(entry);
      continue;
    }
    let group = byMachine.get(of.id);
    if (!group) {
      group = { machine: { id: of.id, name: of.name, url: "", status: "connecting", error: null }, entries: [] };
      byMachine.set(of.id, group);
    }
    group.entries.push(entry);
  }
  return [{ machine: null, entries: own }, ...byMachine.values()];
}

/** Every instance id in the order the grouped tabs show them (arrow keys follow it). */
export function groupedOrder(groups: readonly TabGroup[]): InstanceEntry[] {
  return groups.flatMap((group) => group.entries);
}
