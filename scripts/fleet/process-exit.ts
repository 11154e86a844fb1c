import { readFileSync } from "node:fs";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** True while the pid exists and is not a zombie (a zombie has exited; only its parent has not reaped it). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // state is the field after the parenthesised command name
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return process.platform !== "linux";
  }
}

/** Resolve once the pid has exited (or `exited` settles first), polling every 25 ms; false on timeout. */
export async function waitForExit(pid: number, timeoutMs: number, exited?: Promise<unknown>): Promise<boolean> {
  let done = false;
  void exited?.then(() => (done = true));
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (done || !isAlive(pid)) return true;
    await sleep(25);
  }
  return done || !isAlive(pid);
}

/** Send `signal`, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function terminate(pid: number, signal: NodeJS.Signals = "SIGTERM", graceMs = 5_000, exited?: Promise<unknown>): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  if (await waitForExit(pid, graceMs, exited)) return;
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    return;
  }
  if (!(await waitForExit(pid, 5_000, exited))) throw new Error(`pid ${pid} survived SIGKILL`);
}
