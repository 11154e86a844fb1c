/**
 * The OpenCode servers the hub started ("managed"): which they are (by pid and port), the
 * registry view that marks them `managed: true`, and stopping them (one from its tab; all on exit
 * only when the user asked with --stop-managed-on-exit).
 */
import type { InstanceRegistry, InstancesDocument } from "../discovery/types.js";
import type { LaunchedServe } from "./launch-serve.js";

/** What identifies a listed instance as one the hub started. */
export type ManagedCandidate = { pid: number; port: number; machine?: unknown };

/** The hub's started servers. */
export class ManagedServers {
  private readonly started: LaunchedServe[] = [];

  /** Remembers a started server. */
  add(serve: LaunchedServe): void {
    this.started.push(serve);
  }

  /** True when the instance (pid or port, on this machine) is one the hub started. */
  owns(instance: ManagedCandidate): boolean {
    return this.indexOf(instance) !== -1;
  }

  /** Stops the started server behind `instance`; false when the hub did not start it. */
  stop(instance: ManagedCandidate): boolean {
    const i = this.indexOf(instance);
    const serve = this.started[i];
    if (!serve) return false;
    this.started.splice(i, 1);
    killQuietly(serve.pid);
    return true;
  }

  private indexOf(instance: ManagedCandidate): number {
    // A peer machine's server may share a port number with ours: only this machine's count.
    if (instance.machine) return -1;
    return this.started.findIndex((s) => s.pid === instance.pid || s.port === instance.port);
  }

  /** Stops every started server (hub exit with --stop-managed-on-exit). */
  stopAll(): number {
    const all = this.started.splice(0);
    for (const s of all) killQuietly(s.pid);
    return all.length;
  }

  /** The document with the hub's own servers marked `managed: true`. */
  mark(doc: InstancesDocument): InstancesDocument {
    if (this.started.length === 0) return doc;
    return { ...doc, instances: doc.instances.map((i) => (this.owns(i) ? { ...i, managed: true } : i)) };
  }
}

/** How long a stopped server gets to exit on SIGTERM before SIGKILL (1.18.33 can linger while clients stay connected). */
const KILL_AFTER_MS = 5_000;

function killQuietly(pid: number): void {
  if (!signal(pid, "SIGTERM")) return;
  setTimeout(() => {
    if (signal(pid, 0)) signal(pid, "SIGKILL");
  }, KILL_AFTER_MS).unref();
}

/** Sends a signal; false when the process is gone (anything else is worth a line). */
function signal(pid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ESRCH") console.warn(`switchboard: could not signal OpenCode pid ${pid}`, err);
    return false;
  }
}

/** The registry as the routes see it: every document passes through `managed.mark`. */
export function markedRegistry(registry: InstanceRegistry, managed: ManagedServers): InstanceRegistry {
  return {
    snapshot: () => managed.mark(registry.snapshot()),
    subscribe: (listener) => registry.subscribe((doc) => listener(managed.mark(doc))),
    setCredentials: (id, credentials) => registry.setCredentials(id, credentials),
    start: () => registry.start(),
    stop: () => registry.stop(),
  };
}
