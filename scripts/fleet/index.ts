/**
 * The test fleet: real OpenCode servers (the pinned opencode-ai binary) in throwaway git repos,
 * sharing one isolated HOME, all talking to the scripted mock model. See dev-docs/fleet.md.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { startMockLlm } from "../mock-llm/index.js";
import { authEnv, authHeaders, isolatedEnv } from "./env.js";
import { guardCleanup, guardDir, releaseDir, releasePid } from "./exit-guard.js";
import { freePort } from "./free-port.js";
import { opencodeBin, opencodeVersion } from "./opencode-bin.js";
import { terminate } from "./process-exit.js";
import { isPortTaken, spawnServe } from "./serve-process.js";
import { TmuxHost, tuiAvailable } from "./tmux.js";
import { spawnTui } from "./tui-process.js";
import type { Fleet, FleetOptions, FleetServer, StartServerOptions } from "./types.js";
import { createRepo, prepareHome } from "./workspace.js";

/** True when an executable `name` is in one of PATH's directories. */
function onPath(name: string): boolean {
  return (process.env.PATH ?? "").split(delimiter).some((dir) => dir !== "" && existsSync(join(dir, name)));
}

export { LEGACY_OPENCODE_VERSION, legacyOpencodeBin, opencodeBin, opencodeVersion, V1_14_OPENCODE_VERSION, v114OpencodeBin } from "./opencode-bin.js";
export { tuiAvailable } from "./tmux.js";
export { freePort } from "./free-port.js";
export { FLEET_COMMAND, fleetCommandExpansion, SECOND_MOCK_MODEL } from "./workspace.js";
export type { MockLlm } from "../mock-llm/index.js";
export type { Fleet, FleetOptions, FleetServer, StartServerOptions } from "./types.js";

const NAMES = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu"];

interface Launch {
  name: string;
  directory: string;
  port: number;
  kind: "serve" | "tui";
  password?: string;
  username?: string;
  timeoutMs: number;
  bin?: string;
  legacyVersion?: string;
}

/** Start the mock model and `count` serve + `tui` TUI OpenCode processes. */
export async function startFleet(opts: FleetOptions = {}): Promise<Fleet> {
  const tuiCount = opts.tui ?? 0;
  if (tuiCount > 0 && !tuiAvailable()) throw new Error("startFleet({ tui }) needs tmux; check tuiAvailable() first");
  const bin = opencodeBin();
  const keep = opts.keep ?? process.env.SWITCHBOARD_FLEET_KEEP === "1";
  const root = mkdtempSync(join(tmpdir(), "switchboard-fleet-"));
  if (!keep) guardDir(root);
  const llm = await startMockLlm({ wordDelayMs: opts.wordDelayMs, onRequest: opts.onRequest });
  const dirs = prepareHome(join(root, "home"), llm.url, opencodeVersion());
  mkdirSync(join(root, "logs"), { recursive: true });
  const baseEnv = isolatedEnv(dirs);
  const servers: FleetServer[] = [];
  const live = new Map<FleetServer, Launch>();
  const tmux = new TmuxHost(join(root, "tmux.sock"), baseEnv);
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
      const proc = await spawnServe({ bin: l.bin ?? bin, legacyVersion: l.legacyVersion, directory: l.directory, port: l.port, env, headers, logFile: join(root, "logs", `${l.name}.log`), timeoutMs: l.timeoutMs });
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
    const tui = await spawnTui({ tmux, bin, session: l.name, directory: l.directory, port: l.port, extraEnv: authEnv(l.password, l.username), headers, timeoutMs: l.timeoutMs });
    return {
      ...common,
      pid: tui.pid,
      version: tui.health.version,
      logs: () => {
        try {
          return tmux.capture(l.name);
        } catch {
          return "";
        }
      },
      kill: async (signal) => {
        await terminate(tui.pid, signal, 5_000);
        releasePid(tui.pid);
      },
    };
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
      timeoutMs: o.timeoutMs ?? 60_000,
      bin: o.bin,
      legacyVersion: o.legacyVersion,
    };
    if (l.kind === "tui" && l.bin) throw new Error("startServer({ bin }) is for serve processes only");
    // 1.0.x needs ripgrep for every prompt (system prompt file tree) and, without `rg` on PATH,
    // downloads it from GitHub: offline every prompt fails. Say so now instead of a silent hang.
    if (l.legacyVersion !== undefined && !onPath("rg")) {
      throw new Error(`OpenCode ${l.legacyVersion} needs ripgrep (\`rg\`) on PATH for prompts: apt-get install ripgrep (.ci/run does)`);
    }
    // The first process on a fresh HOME creates the shared database; two doing it at once
    // crash on a migration race ("Failed query: CREATE TABLE ..."), so later launches wait.
    // A port we picked can be grabbed by someone else before OpenCode binds it: pick again.
    const launchRetrying = async (): Promise<FleetServer> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await launch(l);
        } catch (error) {
          if (o.port !== undefined || attempt >= 3 || !isPortTaken(error)) throw error;
          l.port = await freePort();
        }
      }
    };
    let server: FleetServer;
    if (databaseReady) {
      await databaseReady;
      server = await launchRetrying();
    } else {
      const first = launchRetrying();
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
    rmSync(tmux.socket, { force: true });
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
