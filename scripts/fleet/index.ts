/**
 * The test fleet: real OpenCode servers (the pinned opencode-ai binary) in throwaway git repos,
 * sharing one isolated HOME, all talking to the scripted mock model. See dev-docs/fleet.md.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { startMockLlm } from "../mock-llm/index.js";
import { authEnv, authHeaders, isolatedEnv } from "./env.js";
import { guardCleanup, guardDir, releaseDir, releasePid } from "./exit-guard.js";
import { freePort } from "./free-port.js";
import { opencode2Bin, opencodeBin, opencodeVersion } from "./opencode-bin.js";
import { terminate } from "./process-exit.js";
import { isPortTaken, serveHost, serveParts, spawnServe } from "./serve-process.js";
import { TmuxHost, tuiAvailable } from "./tmux.js";
import { paneText, spawnTui } from "./tui-process.js";
import type { Fleet, FleetOptions, FleetServer, Generation, ServerKind, StartServerOptions, V2FleetServer } from "./types.js";
import { launchV2, type V2Context } from "./v2-launch.js";
import { ServiceHost } from "./v2-service.js";
import { createRepo, prepareHome } from "./workspace.js";

/** True when an executable `name` is in one of PATH's directories. */
function onPath(name: string): boolean {
  return (process.env.PATH ?? "").split(delimiter).some((dir) => dir !== "" && existsSync(join(dir, name)));
}

export {
  LEGACY_OPENCODE_VERSION,
  legacyOpencodeBin,
  opencode2Bin,
  opencode2Version,
  opencodeBin,
  opencodeVersion,
  V1_14_OPENCODE_VERSION,
  v114OpencodeBin,
} from "./opencode-bin.js";
export { DEFAULT_SERVICE_PORT } from "./v2-service.js";
export { tuiAvailable } from "./tmux.js";
export { freePort } from "./free-port.js";
export { FLEET_COMMAND, fleetCommandExpansion, SECOND_MOCK_MODEL } from "./workspace.js";
export type { MockLlm } from "../mock-llm/index.js";
export type { Fleet, FleetOptions, FleetServer, Generation, ServerKind, StartServerOptions, V2FleetServer } from "./types.js";

const NAMES = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu"];

interface Launch {
  name: string;
  directory: string;
  port: number;
  kind: ServerKind;
  generation: Generation;
  password?: string;
  username?: string;
  passwordVar: boolean;
  timeoutMs: number;
  bin?: string;
  legacyVersion?: string;
  mdns?: boolean;
}

/** Reject option combinations a generation cannot run (before anything starts). */
function checkLaunch(l: Launch, o: StartServerOptions): void {
  if (l.generation === 1) {
    if (l.kind !== "serve" && l.kind !== "tui") throw new Error(`kind "${l.kind}" needs generation: 2`);
    if (o.passwordVar !== undefined) throw new Error("passwordVar is for generation 2 serve");
    if (l.kind === "tui" && l.bin) throw new Error("startServer({ bin }) is for serve processes only");
    return;
  }
  if (l.bin || l.legacyVersion) throw new Error("bin and legacyVersion are for generation 1 (2.x runs the pinned @opencode/cli)");
  if (l.username) throw new Error('OpenCode 2 accepts only the user "opencode"');
  if (o.port !== undefined && l.kind !== "serve") throw new Error(`port is for serve; a 2.x ${l.kind} gets its port from the service or the OS`);
  if (o.passwordVar !== undefined && l.kind !== "serve") throw new Error("passwordVar is for generation 2 serve");
  if (!l.passwordVar && l.password) throw new Error("passwordVar: false means OpenCode makes the password up: do not pass one");
  if (l.kind === "standalone" && l.password) throw new Error("a standalone TUI makes up its own password");
}

/** Start the mock model and `count` serve + `tui` TUI OpenCode processes. */
export async function startFleet(opts: FleetOptions = {}): Promise<Fleet> {
  const tuiCount = opts.tui ?? 0;
  const anyTui = tuiCount + (opts.v2Tui ?? 0) + (opts.standalone ?? 0) > 0;
  if (anyTui && !tuiAvailable()) throw new Error("startFleet({ tui, v2Tui, standalone }) needs tmux; check tuiAvailable() first");
  const bin = opencodeBin();
  const keep = opts.keep ?? process.env.SWITCHBOARD_FLEET_KEEP === "1";
  const root = mkdtempSync(join(tmpdir(), "switchboard-fleet-"));
  if (!keep) guardDir(root);
  const llm = await startMockLlm({
    wordDelayMs: opts.wordDelayMs,
    onRequest: opts.onRequest,
    ...(opts.netns ? { host: opts.netns.hostAddress } : {}),
  });
  const netns = opts.netns ? { name: opts.netns.name, address: opts.netns.address } : undefined;
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
  /** The private tmux server, marked for stop() and the exit guard. */
  const useTmux = (): TmuxHost => {
    tmuxUsed = true;
    releaseTmux ??= guardCleanup(() => tmux.killServer());
    return tmux;
  };
  // OpenCode 2 parts are made on first use, so 1.x-only fleets work where @opencode/cli is missing.
  let v2Context: V2Context | undefined;
  const v2 = (): V2Context => {
    if (v2Context) return v2Context;
    const v2Bin = opencode2Bin();
    return (v2Context = {
      ...(netns ? { netns } : {}),
      bin: v2Bin,
      env: baseEnv,
      service: new ServiceHost(v2Bin, baseEnv, dirs),
      tmux: useTmux,
      logDir: join(root, "logs"),
    });
  };

  async function launch(l: Launch): Promise<FleetServer> {
    if (stopped) throw new Error("fleet is stopped");
    if (!existsSync(l.directory)) createRepo(l.directory, l.name, baseEnv);
    if (l.generation === 2) return launchV2(l, v2());
    const env = { ...baseEnv, ...authEnv(l.password, l.username) };
    const headers = authHeaders(l.password, l.username);
    const url = `http://${serveHost(netns)}:${l.port}`;
    const common = {
      name: l.name,
      port: l.port,
      url,
      directory: l.directory,
      kind: l.kind,
      generation: 1 as const,
      password: l.password,
      username: l.username,
      headers,
    };
    if (l.kind === "serve") {
      const proc = await spawnServe({
        bin: l.bin ?? bin,
        legacyVersion: l.legacyVersion,
        directory: l.directory,
        port: l.port,
        env,
        headers,
        logFile: join(root, "logs", `${l.name}.log`),
        timeoutMs: l.timeoutMs,
        ...(netns ? { netns } : {}),
        ...(l.mdns ? { mdns: true } : {}),
      });
      return { ...common, ...serveParts(proc) };
    }
    useTmux();
    const tui = await spawnTui({
      tmux,
      bin,
      session: l.name,
      directory: l.directory,
      port: l.port,
      extraEnv: authEnv(l.password, l.username),
      headers,
      timeoutMs: l.timeoutMs,
    });
    return {
      ...common,
      pid: tui.pid,
      version: tui.health.version,
      logs: () => paneText(tmux, l.name),
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

  // The first process of each generation on the shared HOME creates (1.x) or migrates (2.x) the one
  // database; two doing it at once crash on a migration race ("Failed query: CREATE TABLE ..."), so
  // first launches run one after another, in call order, and every other launch waits for them.
  // (1.x cannot open a database 2.x created: "Database is not empty and has no session table".)
  let firstLaunches: Promise<void> = Promise.resolve();
  const claimed = new Set<Generation>();
  function ordered(generation: Generation, run: () => Promise<FleetServer>): Promise<FleetServer> {
    if (claimed.has(generation)) return firstLaunches.then(run);
    claimed.add(generation);
    const first = firstLaunches.then(run);
    firstLaunches = first.then(
      () => undefined,
      () => {
        claimed.delete(generation);
      },
    );
    return first;
  }

  function startNamed(name: string, o: StartServerOptions): Promise<FleetServer> {
    const generation = o.generation ?? 1;
    const kind = o.kind ?? "serve";
    const passwordVar = o.passwordVar ?? true;
    // A 2.x serve always has a password: ours (set in its env, as a user would), or OpenCode's own.
    const password = o.password ?? (generation === 2 && kind === "serve" && passwordVar ? randomBytes(18).toString("base64url") : undefined);
    const l: Launch = {
      name,
      directory: o.directory ?? join(root, name),
      port: o.port ?? 0,
      kind,
      generation,
      password,
      username: o.username,
      passwordVar,
      timeoutMs: o.timeoutMs ?? 60_000,
      bin: o.bin,
      legacyVersion: o.legacyVersion,
      mdns: o.mdns,
    };
    try {
      checkLaunch(l, o);
    } catch (error) {
      return Promise.reject(error);
    }
    // 1.0.x needs ripgrep for every prompt (system prompt file tree) and, without `rg` on PATH,
    // downloads it from GitHub: offline every prompt fails. Say so now instead of a silent hang.
    if (l.legacyVersion !== undefined && !onPath("rg")) {
      return Promise.reject(
        new Error(`OpenCode ${l.legacyVersion} needs ripgrep (\`rg\`) on PATH for prompts: apt-get install ripgrep (.ci/run does)`),
      );
    }
    // serve and 1.x TUIs listen where we say; a 2.x service/TUI/standalone finds its own port.
    const picksPort = kind === "serve" || generation === 1;
    // A port we picked can be grabbed by someone else before OpenCode binds it: pick again.
    const launchRetrying = async (): Promise<FleetServer> => {
      if (picksPort && l.port === 0) l.port = await freePort();
      for (let attempt = 1; ; attempt++) {
        try {
          return await launch(l);
        } catch (error) {
          if (o.port !== undefined || !picksPort || attempt >= 3 || !isPortTaken(error)) throw error;
          l.port = await freePort();
        }
      }
    };
    // Claimed synchronously, so launches keep the order of the startServer calls.
    return ordered(generation, launchRetrying).then((server) => {
      servers.push(server);
      live.set(server, l);
      return server;
    });
  }

  function startServer(o: StartServerOptions & { generation: 2 }): Promise<V2FleetServer>;
  function startServer(o?: StartServerOptions): Promise<FleetServer>;
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
    // After the TUIs: a 2.x TUI may have started the service, and quitting a TUI leaves it running.
    await v2Context?.service.stop();
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
      if (server.kind !== "tui" && server.kind !== "standalone") throw new Error(`${server.name} is not a TUI server`);
      return tmux.capture(server.name);
    },
    servicePort: () => v2().service.ensurePort(),
    stop,
  };

  try {
    const plans: StartServerOptions[] = [];
    for (let i = 0; i < (opts.count ?? 1); i++) plans.push({ password: opts.password, username: opts.username });
    for (let i = 0; i < tuiCount; i++) plans.push({ kind: "tui", password: opts.password, username: opts.username });
    // 1.x first: it cannot open a data folder that 2.x created (2.x migrates a 1.x one in place).
    // Then the service, so the 2.x TUIs attach to it instead of starting it themselves.
    if (opts.service) plans.push({ generation: 2, kind: "service" });
    for (let i = 0; i < (opts.v2 ?? 0); i++) plans.push({ generation: 2, password: opts.password });
    for (let i = 0; i < (opts.v2Tui ?? 0); i++) plans.push({ generation: 2, kind: "tui" });
    for (let i = 0; i < (opts.standalone ?? 0); i++) plans.push({ generation: 2, kind: "standalone" });
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
