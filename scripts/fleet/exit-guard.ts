import { rmSync } from "node:fs";

/** Things a fleet owns that must not outlive this Node process. */
interface Owned {
  pids: Set<number>;
  cleanups: Set<() => void>;
  dirs: Set<string>;
}

const owned: Owned = { pids: new Set(), cleanups: new Set(), dirs: new Set() };
let installed = false;

/** Synchronous last-resort cleanup: SIGKILL every owned pid, run sync cleanups, remove dirs. */
function cleanupNow(): void {
  for (const pid of owned.pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  owned.pids.clear();
  for (const fn of owned.cleanups) {
    try {
      fn();
    } catch {
      // best effort while exiting
    }
  }
  owned.cleanups.clear();
  for (const dir of owned.dirs) rmSync(dir, { recursive: true, force: true });
  owned.dirs.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on("exit", cleanupNow);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const handler = (): void => {
      // Someone else handles this signal (e.g. the fleet CLI stopping gracefully): let them;
      // the exit handler still catches whatever they leave behind.
      if (process.listenerCount(signal) > 1) return;
      process.off(signal, handler);
      cleanupNow();
      // Keep the default behaviour: die by the same signal.
      process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
}

/** Track a pid so a crashed or interrupted run still kills it. */
export function guardPid(pid: number): void {
  install();
  owned.pids.add(pid);
}

/** Stop tracking a pid (it was stopped the normal way). */
export function releasePid(pid: number): void {
  owned.pids.delete(pid);
}

/** Run `fn` synchronously at exit unless released; returns the release function. */
export function guardCleanup(fn: () => void): () => void {
  install();
  owned.cleanups.add(fn);
  return () => owned.cleanups.delete(fn);
}

/** Remove `dir` at exit unless released. */
export function guardDir(dir: string): void {
  install();
  owned.dirs.add(dir);
}

/** Stop tracking a dir. */
export function releaseDir(dir: string): void {
  owned.dirs.delete(dir);
}
