import { execFileSync, spawnSync } from "node:child_process";
import { readlinkSync, realpathSync } from "node:fs";
import { childrenOf } from "./procfs.js";

let available: boolean | undefined;

/** True when a tmux binary is present and runs (the TUI kind needs it). */
export function tuiAvailable(): boolean {
  if (available === undefined) {
    const probe = spawnSync("tmux", ["-V"], { encoding: "utf8", timeout: 5_000 });
    available = probe.status === 0 && /^tmux \d/.test(probe.stdout);
  }
  return available;
}

function exeOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return undefined;
  }
}

/** A private tmux server (its own socket file, no user config) that hosts TUI processes. */
export class TmuxHost {
  constructor(
    /** Socket path (`tmux -S`): inside the fleet root, so it goes away with it. */
    readonly socket: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  private tmux(args: string[]): string {
    return execFileSync("tmux", ["-S", this.socket, "-f", "/dev/null", ...args], {
      env: this.env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  }

  /**
   * Start `argv` in a new detached 200x50 session and return the pid of `bin` itself (not tmux,
   * not a shell). argv is passed as separate words, so tmux execs it without a shell.
   */
  start(session: string, cwd: string, argv: string[], extraEnv: Record<string, string>, bin: string): number {
    const envArgs = Object.entries(extraEnv).flatMap(([key, value]) => ["-e", `${key}=${value}`]);
    const out = this.tmux([
      "new-session",
      "-d",
      "-s",
      session,
      "-x",
      "200",
      "-y",
      "50",
      "-c",
      cwd,
      ...envArgs,
      "-P",
      "-F",
      "#{pane_pid}",
      "--",
      ...argv,
    ]);
    const panePid = Number(out.trim());
    if (!Number.isInteger(panePid) || panePid <= 0) throw new Error(`tmux printed no pane pid: ${out}`);
    const want = realpathSync(bin);
    const queue = [panePid];
    // The pane's process normally is the binary; look one level down in case a shell was kept.
    while (queue.length) {
      const pid = queue.shift();
      if (pid === undefined) break;
      if (exeOf(pid) === want) return pid;
      queue.push(...childrenOf(pid));
    }
    return panePid;
  }

  /** The visible text of a session's pane. */
  capture(session: string): string {
    return this.tmux(["capture-pane", "-p", "-J", "-t", `=${session}:`]);
  }

  /** Pid of the tmux server, if it runs. */
  serverPid(): number | undefined {
    try {
      const pid = Number(this.tmux(["display-message", "-p", "#{pid}"]).trim());
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  /** Stop the private tmux server and everything in it. */
  killServer(): void {
    try {
      this.tmux(["kill-server"]);
    } catch {
      // no server running: nothing to kill
    }
  }
}
