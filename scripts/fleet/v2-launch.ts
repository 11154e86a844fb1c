/** Starting each kind of OpenCode 2 process (serve, service, default TUI, standalone TUI) for the fleet. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { authHeaders } from "./env.js";
import { guardPid, releasePid } from "./exit-guard.js";
import { probeInfo, waitForHealth } from "./health.js";
import { isAlive, terminate } from "./process-exit.js";
import { childrenOf, cmdlineOf, environOf, listeningPorts } from "./procfs.js";
import { serveHost, serveParts, spawnServe } from "./serve-process.js";
import type { TmuxHost } from "./tmux.js";
import { paneText, tuiFailure, waitForPane } from "./tui-process.js";
import type { FleetServer } from "./types.js";
import { portOf, type ServiceHost } from "./v2-service.js";

/** What the fleet lends a 2.x launch. */
export interface V2Context {
  /** Serve processes run in this network namespace (FleetOptions.netns). */
  netns?: { name: string; address: string };
  /** OpenCode 2's native binary. */
  bin: string;
  /** The fleet's isolated env (HOME, XDG_*, offline flags), without any password. */
  env: NodeJS.ProcessEnv;
  service: ServiceHost;
  /** The fleet's private tmux server; call before using it so stop() kills it. */
  tmux(): TmuxHost;
  logDir: string;
}

/** One 2.x process to start. */
export interface V2Launch {
  name: string;
  directory: string;
  /** serve only; the other kinds get their port from the service or the OS. */
  port: number;
  kind: "serve" | "service" | "tui" | "standalone";
  password?: string;
  passwordVar: boolean;
  timeoutMs: number;
}

type Common = Pick<FleetServer, "name" | "directory" | "kind" | "generation">;

const TUI_ENV = { TERM: "xterm-256color" };

/** Start one 2.x process of `l.kind` and wait until it answers `/api/info` (and a TUI has drawn). */
export function launchV2(l: V2Launch, ctx: V2Context): Promise<FleetServer> {
  const common: Common = { name: l.name, directory: l.directory, kind: l.kind, generation: 2 };
  if (l.kind === "serve") return launchServe(l, ctx, common);
  if (l.kind === "service") return launchService(l, ctx, common);
  if (l.kind === "tui") return launchTui(l, ctx, common);
  return launchStandalone(l, ctx, common);
}

async function launchServe(l: V2Launch, ctx: V2Context, common: Common): Promise<FleetServer> {
  const fixed = l.passwordVar ? l.password : undefined;
  const proc = await spawnServe({
    bin: ctx.bin,
    directory: l.directory,
    port: l.port,
    env: { ...ctx.env, ...(fixed ? { OPENCODE_SERVER_PASSWORD: fixed } : {}) },
    headers: authHeaders(fixed, undefined),
    logFile: join(ctx.logDir, `${l.name}.log`),
    timeoutMs: l.timeoutMs,
    probe: probeInfo,
    readPassword: fixed === undefined,
    ...(ctx.netns ? { netns: ctx.netns } : {}),
  });
  return {
    ...common,
    ...serveParts(proc),
    port: l.port,
    url: `http://${serveHost(ctx.netns)}:${l.port}`,
    password: proc.password ?? fixed,
    headers: proc.headers,
  };
}

/** Tail of a log file ("" when it does not exist yet). */
function fileTail(path: string, chars = 16_000): string {
  return existsSync(path) ? readFileSync(path, "utf8").slice(-chars) : "";
}

async function launchService(l: V2Launch, ctx: V2Context, common: Common): Promise<FleetServer> {
  const deadline = Date.now() + l.timeoutMs;
  if (l.password) await ctx.service.setPassword(l.password);
  const state = await ctx.service.start(l.timeoutMs);
  const headers = authHeaders(state.password, undefined);
  const health = await waitForHealth(state.url, headers, deadline, () => isAlive(state.pid), probeInfo);
  return {
    ...common,
    pid: state.pid,
    port: portOf(state.url),
    url: state.url,
    password: state.password,
    headers,
    version: health.version,
    logs: () => fileTail(ctx.service.logFile),
    kill: (signal) => ctx.service.kill(state.pid, signal),
  };
}

/** Poll until `find` returns something, failing when `alive` turns false or the deadline passes. */
async function pollFor<T>(what: string, find: () => T | undefined, alive: () => boolean, deadline: number): Promise<T> {
  while (Date.now() < deadline) {
    const found = find();
    if (found !== undefined) return found;
    if (!alive()) throw new Error(`the process exited before ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ${what} in time`);
}

async function launchTui(l: V2Launch, ctx: V2Context, common: Common): Promise<FleetServer> {
  // The default TUI attaches to this HOME's service, starting it if needed: give it the fleet's port first.
  await ctx.service.ensurePort();
  if (l.password) await ctx.service.setPassword(l.password);
  const tmux = ctx.tmux();
  const deadline = Date.now() + l.timeoutMs;
  const pid = tmux.start(l.name, l.directory, [ctx.bin], TUI_ENV, ctx.bin);
  guardPid(pid);
  try {
    const state = await ctx.service.waitForState(deadline, () => isAlive(pid));
    const headers = authHeaders(state.password, undefined);
    const health = await waitForHealth(state.url, headers, deadline, () => isAlive(pid), probeInfo);
    await waitForPane(() => tmux.capture(l.name), health.version, deadline);
    return {
      ...common,
      pid,
      serverPid: state.pid,
      port: portOf(state.url),
      url: state.url,
      password: state.password,
      headers,
      version: health.version,
      logs: () => paneText(tmux, l.name),
      // Like a user quitting the TUI: the service keeps running (fleet.stop() ends it).
      kill: async (signal) => {
        await terminate(pid, signal, 5_000);
        releasePid(pid);
      },
    };
  } catch (error) {
    throw await tuiFailure(tmux, l.name, [pid], `OpenCode 2 TUI ${l.name}`, error);
  }
}

async function launchStandalone(l: V2Launch, ctx: V2Context, common: Common): Promise<FleetServer> {
  const tmux = ctx.tmux();
  const deadline = Date.now() + l.timeoutMs;
  const pid = tmux.start(l.name, l.directory, [ctx.bin, "--standalone"], TUI_ENV, ctx.bin);
  guardPid(pid);
  const pids = [pid];
  try {
    const alive = (): boolean => isAlive(pid);
    // The private server is the TUI's child `opencode.exe serve --stdio --port 0`; it is registered nowhere.
    const child = await pollFor("a `serve --stdio` child", () => childrenOf(pid).find((c) => cmdlineOf(c).includes("--stdio")), alive, deadline);
    guardPid(child);
    pids.push(child);
    const port = await pollFor("a listening port of the child", () => listeningPorts(child)[0], alive, deadline);
    // The TUI hands the child its password in the environment (readable by the same user).
    const password = await pollFor("OPENCODE_PASSWORD in the child's environment", () => environOf(child).OPENCODE_PASSWORD, alive, deadline);
    const url = `http://127.0.0.1:${port}`;
    const headers = authHeaders(password, undefined);
    const health = await waitForHealth(url, headers, deadline, () => isAlive(child), probeInfo);
    await waitForPane(() => tmux.capture(l.name), health.version, deadline);
    return {
      ...common,
      pid,
      serverPid: child,
      port,
      url,
      password,
      headers,
      version: health.version,
      logs: () => paneText(tmux, l.name),
      // The child exits when the TUI closes its stdin; kill it by pid too in case it lingers.
      kill: async (signal) => {
        for (const p of pids) {
          await terminate(p, signal, 5_000);
          releasePid(p);
        }
      },
    };
  } catch (error) {
    throw await tuiFailure(tmux, l.name, pids, `OpenCode 2 standalone TUI ${l.name}`, error);
  }
}
