/**
 * OpenCode 2's background service of one fleet HOME: its own port (`opencode service set port N`,
 * never the machine-wide default 49374), started the way a user does (`opencode service start`,
 * or by the default TUI), found through `~/.local/state/opencode/service.json` and stopped by pid.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { guardPid, releasePid } from "./exit-guard.js";
import { freePort } from "./free-port.js";
import { isAlive, terminate } from "./process-exit.js";
import type { HomeDirs } from "./workspace.js";

const run = promisify(execFile);

/** OpenCode 2's fixed default service port, shared machine-wide: a test must never use it. */
export const DEFAULT_SERVICE_PORT = 49374;

/** What the running service registers in `~/.local/state/opencode/service.json`. */
export interface ServiceState {
  pid: number;
  url: string;
  password: string;
  version: string;
}

/** Parse the state file's JSON; undefined unless every field the fleet needs is there. */
export function parseServiceState(text: string): ServiceState | undefined {
  try {
    const value = JSON.parse(text) as Partial<Record<keyof ServiceState, unknown>>;
    const { pid, url, password, version } = value;
    if (typeof pid !== "number" || typeof url !== "string" || typeof password !== "string" || typeof version !== "string") return undefined;
    return { pid, url, password, version };
  } catch {
    return undefined;
  }
}

/** The port of a service URL (`http://127.0.0.1:47555` → 47555). */
export const portOf = (url: string): number => Number(new URL(url).port);

/** The background service of one isolated HOME. */
export class ServiceHost {
  private port: Promise<number> | undefined;
  /** Every service pid seen (a TUI may start a new one after the last was killed). */
  private readonly pids = new Set<number>();

  constructor(
    private readonly bin: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly dirs: HomeDirs,
  ) {}

  /** Where the running service registers itself (exists only while it runs). */
  get stateFile(): string {
    return join(this.dirs.state, "opencode", "service.json");
  }

  /** The service's log (it runs detached: stdout is /dev/null). */
  get logFile(): string {
    return join(this.dirs.data, "opencode", "log", "opencode.log");
  }

  private async cli(args: string[], timeoutMs = 60_000): Promise<string> {
    try {
      const { stdout } = await run(this.bin, args, { cwd: this.dirs.home, env: this.env, timeout: timeoutMs, encoding: "utf8" });
      return stdout;
    } catch (error) {
      const detail = error as { stdout?: string; stderr?: string; message?: string };
      throw new Error(`opencode ${args.join(" ")} failed: ${detail.message ?? String(error)}\n${detail.stdout ?? ""}${detail.stderr ?? ""}`);
    }
  }

  /** Give this HOME's service a free port of its own, once (`opencode service set port N`). */
  ensurePort(): Promise<number> {
    this.port ??= (async () => {
      const port = await freePort();
      if (port === DEFAULT_SERVICE_PORT) throw new Error(`freePort() picked ${DEFAULT_SERVICE_PORT}, OpenCode 2's shared default`);
      await this.cli(["service", "set", "port", String(port)]);
      return port;
    })();
    // A failed attempt is not remembered: the next call tries again.
    this.port.catch(() => (this.port = undefined));
    return this.port;
  }

  /** Fix the service password (`opencode service set password`); it applies from the next start. */
  async setPassword(password: string): Promise<void> {
    await this.cli(["service", "set", "password", password]);
  }

  /** The running service's registration, if any (and only if its pid is alive). */
  state(): ServiceState | undefined {
    if (!existsSync(this.stateFile)) return undefined;
    const state = parseServiceState(readFileSync(this.stateFile, "utf8"));
    return state && isAlive(state.pid) ? state : undefined;
  }

  /** Remember a service pid so stop() and the exit guard end it. */
  track(pid: number): void {
    this.pids.add(pid);
    guardPid(pid);
  }

  /** `opencode service start` (returns once the service answers) and its registration. */
  async start(timeoutMs: number): Promise<ServiceState> {
    await this.ensurePort();
    const printed = await this.cli(["service", "start"], timeoutMs);
    const state = this.state();
    if (!state) throw new Error(`opencode service start printed ${JSON.stringify(printed.trim())} but ${this.stateFile} names no live service`);
    this.track(state.pid);
    return state;
  }

  /** Poll the state file until a live service is registered (e.g. one a TUI starts). */
  async waitForState(deadline: number, stillRunning: () => boolean): Promise<ServiceState> {
    while (Date.now() < deadline) {
      const state = this.state();
      if (state) {
        this.track(state.pid);
        return state;
      }
      if (!stillRunning()) throw new Error("the process exited before a service registered in " + this.stateFile);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no service registered in ${this.stateFile} in time`);
  }

  /** Stop one service pid (SIGTERM also removes the state file). */
  async kill(pid: number, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    await terminate(pid, signal, 5_000);
    this.pids.delete(pid);
    releasePid(pid);
  }

  /** Stop every service this HOME ran (the registered one included). */
  async stop(): Promise<void> {
    const registered = this.state();
    if (registered) this.track(registered.pid);
    await Promise.allSettled([...this.pids].map((pid) => this.kill(pid)));
  }
}
