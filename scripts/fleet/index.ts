/**
 * The test fleet: real OpenCode servers (the pinned opencode-ai binary) in throwaway git repos,
 * sharing one isolated HOME, all talking to the scripted mock model. See dev-docs/fleet.md.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMockLlm, type MockLlm } from "../mock-llm/index.js";
import { authEnv, authHeaders, isolatedEnv } from "./env.js";
import { guardCleanup, guardDir, guardPid, releaseDir, releasePid } from "./exit-guard.js";
import { freePort } from "./free-port.js";
import { waitForHealth } from "./health.js";
import { LogTail } from "./log-tail.js";
import { opencodeBin } from "./opencode-bin.js";
import { isAlive, terminate } from "./process-exit.js";
import { spawnServe } from "./serve-process.js";
import { TmuxHost, tuiAvailable } from "./tmux.js";
import { createRepo, prepareHome } from "./workspace.js";

export { opencodeBin } from "./opencode-bin.js";
export { tuiAvailable } from "./tmux.js";
export { freePort } from "./free-port.js";
export type { MockLlm } from "../mock-llm/index.js";

/** One running OpenCode process of the fleet. */
export interface FleetServer {
  /** Fleet-unique name (alpha, beta, …); also the repo folder and tmux session name. */
  name: string;
  pid: number;
  port: number;
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  url: string;
  /** Launch directory, as `GET /path` reports it. */
  directory: string;
  kind: "serve" | "tui";
  password?: string;
  username?: string;
  /** `/global/health` version, e.g. "1.18.33". */
  version: string;
  /** Basic-auth header for password servers, `{}` otherwise; spread it into fetch headers. */
  headers: Record<string, string>;
  /** Output so far (serve: stdout+stderr; tui: empty, use fleet.capture). */
  logs(): string;
  /** Signal the process (default SIGTERM, SIGKILL after 5 s); resolves when it has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Options of Fleet.startServer. */
export interface StartServerOptions {
  /** Launch directory; created as a one-commit git repo when it does not exist. Default: <root>/<name>. */
  directory?: string;
  /** Default: a free port picked by the fleet. */
  port?: number;
  password?: string;
  username?: string;
  kind?: "serve" | "tui";
  name?: string;
  /** Readiness timeout (default 30 s). */
  timeoutMs?: number;
}

/** A set of OpenCode servers plus the mock model they use. */
export interface Fleet {
  /** Temp root holding home/, logs/ and one repo per server. */
  root: string;
  /** The one isolated HOME all servers share (so they share one database, like a real user). */
  home: string;
  llm: MockLlm;
  /** Private tmux socket name of the TUI servers: `tmux -L <tmuxSocket> attach -t <name>`. */
  tmuxSocket: string;
  /** Servers in start order; restart() replaces an entry in place; killed servers stay listed. */
  servers: FleetServer[];
  startServer(opts?: StartServerOptions): Promise<FleetServer>;
  /** Start the same kind again on the same port and directory (kills it first if still alive). */
  restart(server: FleetServer): Promise<FleetServer>;
  /** The isolated env used for OpenCode processes (without any password). */
  env(): NodeJS.ProcessEnv;
  /** Visible text of a TUI server's tmux pane. */
  capture(server: FleetServer): string;
  /** Kill everything the fleet started (by pid), its tmux server and the mock; remove temp dirs unless keep. */
  stop(): Promise<void>;
}

/** Options of startFleet. */
export interface FleetOptions {
  /** `opencode serve` processes to start (default 1). */
  count?: number;
  /** TUI processes to start in tmux (default 0; throws when tmux is missing). */
  tui?: number;
  /** Password for the initial servers (not for later startServer calls unless given there). */
  password?: string;
  username?: string;
  /** Mock model per-word delay (default 20 ms). */
  wordDelayMs?: number;
  /** Keep the temp root after stop() (for debugging). Also: env SWITCHBOARD_FLEET_KEEP=1. */
  keep?: boolean;
}

const NAMES = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu"];
const OPENCODE_VERSION = "1.18.33";

interface Launch {
  name: string;
  directory: string;
  port: number;
  kind: "serve" | "tui";
  password?: string;
  username?: string;
  timeoutMs: number;
}

/** Wait until a TUI pane shows its home screen (the status line carries the version). */
async function waitForPane(capture: () => string, version: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (capture().includes(version)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the TUI drew no screen showing ${version} in time`);
}

/** Start the mock model and `count` serve + `tui` TUI OpenCode processes. */
export async function startFleet(opts: FleetOptions = {}): Promise<Fleet> {
  const tuiCount = opts.tui ?? 0;
  if (tuiCount > 0 && !tuiAvailable()) throw new Error("startFleet({ tui }) needs tmux; check tuiAvailable() first");
  const bin = opencodeBin();
  const keep = opts.keep ?? process.env.SWITCHBOARD_FLEET_KEEP === "1";
  const root = mkdtempSync(join(tmpdir(), "switchboard-fleet-"));
  if (!keep) guardDir(root);
  const llm = await startMockLlm({ wordDelayMs: opts.wordDelayMs });
  const dirs = prepareHome(join(root, "home"), llm.url, OPENCODE_VERSION);
  mkdirSync(join(root, "logs"), { recursive: true });
  const baseEnv = isolatedEnv(dirs);
  const servers: FleetServer[] = [];
  const live = new Map<FleetServer, Launch>();
  const tmux = new TmuxHost(`switchboard-fleet-${process.pid}-${Math.random().toString(36).slice(2, 8)}`, baseEnv);
  let tmuxUsed = false;
  let releaseTmux: (() => void) | undefined;
  let stopped = false;

  const usedNames = new Set<string>();
  let databaseReady: Promise<void> | undefined;

  async function launch(l: Launch): Promise<FleetServer> {
    if (stopped) throw new Error("fleet is stopped");
    if (!existsSync(l.directory)) createRepo(l.directory, l.name, baseEnv);
    const env = { ...baseEnv, ...authEnv(l.password, l.username) };
    const headers = authHeaders(l.password, l.username);
    const url = `http://127.0.0.1:${l.port}`;
    const common = { name: l.name, port: l.port, url, directory: l.directory, kind: l.kind, password: l.password, username: l.username, headers };
    if (l.kind === "serve") {
      const proc = await spawnServe({ bin, directory: l.directory, port: l.port, env, headers, logFile: join(root, "logs", `${l.name}.log`), timeoutMs: l.timeoutMs });
      guardPid(proc.pid);
      return {
        ...common,
        pid: proc.pid,
        version: proc.health.version,
        logs: () => proc.log.toString(),
        kill: async (signal) => {
          await terminate(proc.pid, signal, 5_000, proc.exited);
          releasePid(proc.pid);
        },
      };
    }
    tmuxUsed = true;
    releaseTmux ??= guardCleanup(() => tmux.killServer());
    const pid = tmux.start(l.name, l.directory, [bin, l.directory, "--port", String(l.port), "--hostname", "127.0.0.1"], { ...authEnv(l.password, l.username), TERM: "xterm-256color" }, bin);
    guardPid(pid);
    try {
      const deadline = Date.now() + l.timeoutMs;
      const health = await waitForHealth(url, headers, deadline, () => isAlive(pid));
      // The port answers before the TUI has drawn anything; until it has, /tui/* calls are lost.
      await waitForPane(() => tmux.capture(l.name), health.version, deadline);
      const empty = new LogTail(undefined);
      return {
        ...common,
        pid,
        version: health.version,
        logs: () => empty.toString(),
        kill: async (signal) => {
          await terminate(pid, signal, 5_000);
          releasePid(pid);
        },
      };
    } catch (error) {
      let pane = "";
      try {
        pane = tmux.capture(l.name);
      } catch {
        // the session is gone with the process
      }
      await terminate(pid, "SIGKILL");
      releasePid(pid);
      throw new Error(`opencode TUI ${l.name} on port ${l.port}: ${error instanceof Error ? error.message : String(error)}\n--- pane ---\n${pane}`);
    }
  }

  function reserveName(wanted?: string): string {
    const name = wanted ?? NAMES.find((n) => !usedNames.has(n)) ?? `server-${usedNames.size + 1}`;
    if (usedNames.has(name)) throw new Error(`fleet server name ${name} is taken`);
    usedNames.add(name);
    return name;
  }

  async function startNamed(name: string, o: StartServerOptions): Promise<FleetServer> {
    const l: Launch = {
      name,
      directory: o.directory ?? join(root, name),
      port: o.port ?? (await freePort()),
      kind: o.kind ?? "serve",
      password: o.password,
      username: o.username,
      timeoutMs: o.timeoutMs ?? 30_000,
    };
    // The first process on a fresh HOME creates the shared database; two doing it at once
    // crash on a migration race ("Failed query: CREATE TABLE ..."), so later launches wait.
    let server: FleetServer;
    if (databaseReady) {
      await databaseReady;
      server = await launch(l);
    } else {
      const first = launch(l);
      databaseReady = first.then(
        () => undefined,
        () => {
          databaseReady = undefined;
        },
      );
      server = await first;
    }
    servers.push(server);
    live.set(server, l);
    return server;
  }

  async function startServer(o: StartServerOptions = {}): Promise<FleetServer> {
    return startNamed(reserveName(o.name), o);
  }

  async function restart(server: FleetServer): Promise<FleetServer> {
    const l = live.get(server);
    if (!l) throw new Error(`server ${server.name} is not (or no longer) part of this fleet`);
    await server.kill();
    const next = await launch(l);
    live.delete(server);
    live.set(next, l);
    const index = servers.indexOf(server);
    if (index >= 0) servers[index] = next;
    else servers.push(next);
    return next;
  }

  async function stop(): Promise<void> {
    if (stopped) return;
    stopped = true;
    await Promise.allSettled(servers.map((s) => s.kill()));
    if (tmuxUsed) tmux.killServer();
    releaseTmux?.();
    await llm.close();
    if (!keep) {
      rmSync(root, { recursive: true, force: true });
      releaseDir(root);
    }
  }

  const fleet: Fleet = {
    root,
    home: dirs.home,
    llm,
    tmuxSocket: tmux.socket,
    servers,
    startServer,
    restart,
    env: () => ({ ...baseEnv }),
    capture: (server) => {
      if (server.kind !== "tui") throw new Error(`${server.name} is not a TUI server`);
      return tmux.capture(server.name);
    },
    stop,
  };

  try {
    const plans: StartServerOptions[] = [];
    for (let i = 0; i < (opts.count ?? 1); i++) plans.push({ password: opts.password, username: opts.username });
    for (let i = 0; i < tuiCount; i++) plans.push({ kind: "tui", password: opts.password, username: opts.username });
    const results = await Promise.allSettled(plans.map((p) => startServer(p)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
  } catch (error) {
    await stop();
    throw error;
  }
  // Keep start order stable (alpha, beta, …) even though they started in parallel.
  servers.sort((a, b) => NAMES.indexOf(a.name) - NAMES.indexOf(b.name));
  return fleet;
}
