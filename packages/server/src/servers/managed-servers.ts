/**
 * The OpenCode servers the hub started ("managed"): which they are (by pid and port), the
 * registry view that marks them `managed: true`, and stopping them (one from its tab; all on exit
 * only when the user asked with --stop-managed-on-exit).
 */
import type { InstanceRegistry, InstancesDocument } from "../discovery/types.js";
import type { LaunchedServe } from "./launch-serve.js";

/** The hub's started servers. */
export class ManagedServers {
  private readonly started: LaunchedServe[] = [];

  /** Remembers a started server. */
  add(serve: LaunchedServe): void {
    this.started.push(serve);
  }

  /** True when the instance (pid or port) is one the hub started. */
  owns(instance: { pid: number; port: number }): boolean {
    return this.started.some((s) => s.pid === instance.pid || s.port === instance.port);
  }

  /** Stops the started server behind `instance`; false when the hub did not start it. */
  stop(instance: { pid: number; port: number }): boolean {
    const i = this.started.findIndex((s) => s.pid === instance.pid || s.port === instance.port);
    const serve = this.started[i];
    if (!serve) return false;
    this.started.splice(i, 1);
    killQuietly(serve.pid);
    return true;
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

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGTERM");
  } catch (err) {
    // Already gone is the outcome we wanted; anything else is worth a line.
    if ((err as NodeJS.ErrnoException).code !== "ESRCH") console.warn(`switchboard: could not stop OpenCode pid ${pid}`, err);
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
