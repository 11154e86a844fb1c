import { guardPid, releasePid } from "./exit-guard.js";
import { waitForHealth, type Health } from "./health.js";
import { isAlive, terminate } from "./process-exit.js";
import type { TmuxHost } from "./tmux.js";

/** Options of spawnTui. */
export interface SpawnTuiOptions {
  tmux: TmuxHost;
  bin: string;
  /** tmux session name (the fleet server name). */
  session: string;
  directory: string;
  port: number;
  /** Env added on top of the tmux server's (isolated) env, e.g. the password. */
  extraEnv: Record<string, string>;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** Wait until a TUI pane shows its home screen (the status line carries the version). */
export async function waitForPane(capture: () => string, version: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (capture().includes(version)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the TUI drew no screen showing ${version} in time`);
}

/**
 * Start `opencode <dir> --port P` in a detached tmux session and wait until its port answers
 * and it has drawn its first screen. Returns the pid of opencode itself (not tmux).
 */
export async function spawnTui(o: SpawnTuiOptions): Promise<{ pid: number; health: Health }> {
  const argv = [o.bin, o.directory, "--port", String(o.port), "--hostname", "127.0.0.1"];
  const pid = o.tmux.start(o.session, o.directory, argv, { ...o.extraEnv, TERM: "xterm-256color" }, o.bin);
  guardPid(pid);
  try {
    const deadline = Date.now() + o.timeoutMs;
    const health = await waitForHealth(`http://127.0.0.1:${o.port}`, o.headers, deadline, () => isAlive(pid));
    // The port answers before the TUI has drawn anything; /tui/* calls sent until then are lost.
    await waitForPane(() => o.tmux.capture(o.session), health.version, deadline);
    return { pid, health };
  } catch (error) {
    throw await tuiFailure(o.tmux, o.session, [pid], `opencode TUI ${o.session} on port ${o.port}`, error);
  }
}

/** A TUI's pane text ("" once its session is gone). */
export function paneText(tmux: TmuxHost, session: string): string {
  try {
    return tmux.capture(session);
  } catch {
    return "";
  }
}

/** Kill a TUI that failed to start (and its helpers), releasing their pids; the error carries the pane text. */
export async function tuiFailure(tmux: TmuxHost, session: string, pids: number[], what: string, error: unknown): Promise<Error> {
  const pane = paneText(tmux, session);
  for (const pid of pids) {
    await terminate(pid, "SIGKILL");
    releasePid(pid);
  }
  return new Error(`${what}: ${error instanceof Error ? error.message : String(error)}\n--- pane ---\n${pane}`);
}
