import { spawn, type ChildProcess } from "node:child_process";
import { guardPid, releasePid } from "./exit-guard.js";
import { authHeaders } from "./env.js";
import { probeLegacyPath, waitForHealth, type Health, type Probe } from "./health.js";
import { LogTail } from "./log-tail.js";
import { isAlive, terminate } from "./process-exit.js";
import type { FleetServer } from "./types.js";

/** A spawned `opencode serve` that has answered its health check. */
export interface ServeProcess {
  child: ChildProcess;
  pid: number;
  health: Health;
  log: LogTail;
  /** Settles when the process has exited and been reaped. */
  exited: Promise<void>;
  /** The password OpenCode 2 made up and printed (only with `readPassword`). */
  password?: string;
  /** The headers the server answered to (those given, or Basic auth with the printed password). */
  headers: Record<string, string>;
}

/** True for the error spawnServe throws when the port was taken. */
export function isPortTaken(error: unknown): boolean {
  return error instanceof Error && (error as Error & { code?: string }).code === "EADDRINUSE";
}

/** Options of spawnServe. */
export interface SpawnServeOptions {
  bin: string;
  directory: string;
  port: number;
  env: NodeJS.ProcessEnv;
  headers: Record<string, string>;
  logFile?: string;
  timeoutMs: number;
  /** Set for a 1.0.x binary: ready when /path answers (no /global/health); reported as the version. */
  legacyVersion?: string;
  /** Readiness probe (default /global/health; OpenCode 2: probeInfo). */
  probe?: Probe;
  /** OpenCode 2 without a password variable: wait for its `server password <pw>` line and use that. */
  readPassword?: boolean;
  /** Run inside a network namespace, bound to its address (FleetOptions.netns). */
  netns?: { name: string; address: string };
  /** `--mdns --hostname 0.0.0.0`: OpenCode announces itself over DNS-SD (StartServerOptions.mdns). */
  mdns?: boolean;
}

/** The URL host a serve process answers on. */
export const serveHost = (netns: SpawnServeOptions["netns"]): string => netns?.address ?? "127.0.0.1";

const LISTENING = /listening on (http:\/\/\S+)/;
/** OpenCode 2's made-up password line; only a whole line counts (a chunk may end mid-password). */
const PASSWORD = /server password (\S+)(?=\r?\n)/;
const hidePassword = (line: string): string => line.replace(/(server password )\S+/, "$1<hidden>");

/**
 * Start `opencode serve` in `directory` and wait until it has printed "listening on" and
 * answers /global/health. A request sent before that line can hang forever, so we wait for
 * the line first. On failure the process is killed and the error carries the log tail.
 */
export async function spawnServe(options: SpawnServeOptions): Promise<ServeProcess> {
  const args = [
    "serve",
    "--port",
    String(options.port),
    "--hostname",
    options.mdns ? "0.0.0.0" : serveHost(options.netns),
    ...(options.mdns ? ["--mdns"] : []),
  ];
  // `ip netns exec` execs the command in place (no fork), so the child's pid is OpenCode's.
  const [command, argv] = options.netns ? ["ip", ["netns", "exec", options.netns.name, options.bin, ...args]] : [options.bin, args];
  const child = spawn(command, argv, {
    cwd: options.directory,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Guarded from the start: a test run dying during boot must not leak this process.
  if (child.pid !== undefined) guardPid(child.pid);
  const log = new LogTail(options.logFile);
  let exitInfo: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exitInfo = `exit code ${code} signal ${signal}`;
      resolve();
    });
    child.once("error", (error) => {
      exitInfo = `spawn error ${error.message}`;
      resolve();
    });
  });
  // Resolves once stdout holds the "listening on" line (and, with readPassword, the password line after it).
  // Logged line by line with the password blanked: credentials never reach a log.
  const listening = new Promise<string | undefined>((resolve) => {
    let seen = "";
    let partial = "";
    let done = false;
    child.stdout?.on("data", (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      const lines = (partial + text).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) log.push(`${hidePassword(line)}\n`);
      if (done) return;
      seen += text;
      const password = PASSWORD.exec(seen)?.[1];
      if (LISTENING.test(seen) && (!options.readPassword || password)) {
        done = true;
        seen = "";
        resolve(password);
      }
    });
    child.stdout?.on("end", () => log.push(hidePassword(partial)));
  });
  child.stderr?.on("data", (chunk: Buffer) => log.push(chunk.toString("utf8")));

  const url = `http://${serveHost(options.netns)}:${options.port}`;
  const deadline = Date.now() + options.timeoutMs;
  const fail = async (reason: string): Promise<never> => {
    if (child.pid && isAlive(child.pid)) child.kill("SIGKILL");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2_000))]);
    if (child.pid !== undefined) releasePid(child.pid);
    const error = new Error(
      `opencode serve in ${options.directory} on port ${options.port}: ${reason}${exitInfo ? ` (${exitInfo})` : ""}\n--- log tail ---\n${log.tail()}`,
    );
    // OpenCode reports a taken port only as "ServeError" before exiting.
    if (log.toString().includes("ServeError")) Object.assign(error, { code: "EADDRINUSE" });
    throw error;
  };

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), options.timeoutMs)));
  let password: string | undefined;
  const first = await Promise.race([
    listening.then((printed) => ((password = printed), "listening" as const)),
    exited.then(() => "exited" as const),
    timeout,
  ]);
  clearTimeout(timer);
  const expected = options.readPassword ? `"listening on" and "server password"` : `"listening on"`;
  if (first === "exited") return fail("exited before listening");
  if (first === "timeout") return fail(`printed no ${expected} within ${options.timeoutMs} ms`);
  const pid = child.pid;
  if (pid === undefined) return fail("no pid");
  const headers = password === undefined ? options.headers : authHeaders(password, undefined);
  try {
    const legacy = options.legacyVersion;
    const probe = legacy === undefined ? options.probe : (u: string, h: Record<string, string>, t: number) => probeLegacyPath(u, h, t, legacy);
    const health = await waitForHealth(url, headers, deadline, () => exitInfo === undefined, probe);
    return { child, pid, health, log, exited, password, headers };
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

/** The FleetServer parts of a started serve process (either generation): pid, version, logs and kill. */
export function serveParts(proc: ServeProcess): Pick<FleetServer, "pid" | "version" | "logs" | "kill"> {
  return {
    pid: proc.pid,
    version: proc.health.version,
    logs: () => proc.log.toString(),
    kill: async (signal) => {
      await terminate(proc.pid, signal, 5_000, proc.exited);
      releasePid(proc.pid);
    },
  };
}
