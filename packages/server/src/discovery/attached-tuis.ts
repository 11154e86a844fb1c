/** Which default OpenCode 2 TUIs are clients of which listed instance (pure). */
import type { ScannedProcess } from "./host-scan.js";
import type { AttachedTui, Instance } from "./types.js";

/**
 * A 2.x TUI started without `--standalone` opens no port: it talks to the background service over
 * loopback TCP. Each port-less TUI (not a launcher) whose established connections go to a listed
 * OpenCode 2 instance's port is attached to that instance. Keyed by instance id; sorted by pid.
 */
export function attachedTuisOf(processes: readonly ScannedProcess[], instances: readonly Instance[]): Map<string, AttachedTui[]> {
  const byPort = new Map(instances.filter((i) => i.protocol === "v2").map((i) => [i.port, i.id]));
  const out = new Map<string, AttachedTui[]>();
  for (const p of processes) {
    if (p.kind !== "tui" || p.wrapsCandidate || p.sockets === null || p.sockets.length > 0) continue;
    const ids = new Set(p.connectedPorts.flatMap((port) => byPort.get(port) ?? []));
    for (const id of ids) out.set(id, [...(out.get(id) ?? []), { pid: p.pid, directory: p.cwd }]);
  }
  for (const list of out.values()) list.sort((a, b) => a.pid - b.pid);
  return out;
}
