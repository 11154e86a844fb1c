/** Which default OpenCode 2 TUIs are clients of which listed instance (pure). */
import type { ScannedProcess } from "./host-scan.js";
import type { AttachedTui, Instance } from "./types.js";

/**
 * A 2.x TUI started without `--standalone` opens no port: it talks to the background service over
 * loopback TCP. Each port-less TUI whose established connections go to a listed OpenCode 2
 * instance's port is attached to that instance, also when it started the service itself (the
 * service is then its child for a while). A standalone TUI is not attached to its own private
 * server (its child, listed as kind `tui`: that instance already is the TUI). Keyed by instance id; sorted by pid.
 */
export function attachedTuisOf(processes: readonly ScannedProcess[], instances: readonly Instance[]): Map<string, AttachedTui[]> {
  const byPort = new Map(instances.filter((i) => i.protocol === "v2").map((i) => [i.port, i]));
  const parentOf = new Map(processes.map((p) => [p.pid, p.ppid]));
  const out = new Map<string, AttachedTui[]>();
  for (const p of processes) {
    if (p.kind !== "tui" || p.sockets === null || p.sockets.length > 0) continue;
    const targets = new Set(p.connectedPorts.flatMap((port) => byPort.get(port) ?? []));
    for (const instance of targets) {
      if (instance.kind === "tui" && parentOf.get(instance.pid) === p.pid) continue;
      out.set(instance.id, [...(out.get(instance.id) ?? []), { pid: p.pid, directory: p.cwd }]);
    }
  }
  for (const list of out.values()) list.sort((a, b) => a.pid - b.pid);
  return out;
}
