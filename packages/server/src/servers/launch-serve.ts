/**
 * Starts `opencode serve --port 0` in a folder and resolves once it says where it listens. The
 * process is detached, unreferenced and writes to a log file (not a pipe the hub holds), so it
 * outlives the hub unless the hub is told to stop it.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { closeSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The Basic-auth user name of a server started with a password (OpenCode's default, set explicitly). */
export const OPENCODE_USER = "opencode";

/** A started server. */
export interface LaunchedServe {
  pid: number;
  port: number;
  directory: string;
  bin: string;
  /** Where its output goes. */
  log: string;
  /** The password it was started with (OpenCode 2 always has one); in memory only, never logged. */
  password?: string;
}

/** The port in a line like "opencode server listening on http://127.0.0.1:4096" (2.x: `{"url":…}`). */
export function listenPort(text: string): number | null {
  const m = /https?:\/\/[^\s"/]+:(\d{2,5})/.exec(text);
  return m ? Number(m[1]) : null;
}

/** A port free right now on 127.0.0.1 (1.18.33 reads `--port 0` as "unset" and takes 4096, measured). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

/** Options of {@link launchServe}. */
export interface LaunchOptions {
  /** How long it may take to print its listen line (default 30 s). */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Sets OPENCODE_SERVER_PASSWORD: OpenCode 2 cannot run without one and would otherwise make up its own. */
  password?: string;
  /** Called once the process exists (the start job moves to "waiting for the port"). */
  onSpawned?: (spawned: { pid: number; log: string }) => void;
  /** Aborting ends the process (SIGTERM) and rejects with {@link LaunchCancelled}. */
  signal?: AbortSignal;
}

/** Why a launch failed, with the server's own output for the user to read. */
export class LaunchFailed extends Error {
  constructor(
    message: string,
    /** The last lines it printed (stdout and stderr), trimmed; "" when it printed nothing. */
    readonly output: string,
    readonly log: string | null,
  ) {
    super(message);
  }
}

/** The launch was aborted through its signal. */
export class LaunchCancelled extends Error {
  constructor() {
    super("Cancelled: the hub stopped the OpenCode it was starting.");
  }
}

/** How much of the server's output a failure carries. */
const TAIL_CHARS = 1_200;

/** Spawns and waits for the listen line (rejects with {@link LaunchFailed} and the output tail when it exits or takes longer than `timeoutMs`). */
export async function launchServe(bin: string, directory: string, opts: LaunchOptions = {}): Promise<LaunchedServe> {
  if (opts.signal?.aborted) throw new LaunchCancelled();
  const port = await freePort();
  const log = join(mkdtempSync(join(tmpdir(), "switchboard-serve-")), "output.log");
  const fd = openSync(log, "a");
  const child = spawn(bin, ["serve", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: directory,
    env: {
      ...(opts.env ?? process.env),
      ...(opts.password ? { OPENCODE_SERVER_PASSWORD: opts.password, OPENCODE_SERVER_USERNAME: OPENCODE_USER } : {}),
    },
    detached: true,
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  const output = () => {
    try {
      return readFileSync(log, "utf8");
    } catch {
      return "";
    }
  };
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timeoutMs = opts.timeoutMs ?? 30_000;
    let done = false;
    const finish = (err: Error | null, value?: LaunchedServe) => {
      if (done) return;
      done = true;
      clearInterval(poll);
      opts.signal?.removeEventListener("abort", onAbort);
      child.removeAllListeners();
      if (err) reject(err);
      else if (value) resolve(value);
    };
    const tail = () => output().trim().slice(-TAIL_CHARS);
    const onAbort = () => {
      child.kill("SIGTERM");
      finish(new LaunchCancelled());
    };
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    const poll = setInterval(() => {
      const port = listenPort(output());
      if (port !== null && child.pid !== undefined) {
        child.unref();
        finish(null, { pid: child.pid, port, directory, bin, log, ...(opts.password ? { password: opts.password } : {}) });
      } else if (Date.now() - started > timeoutMs) {
        child.kill("SIGTERM");
        const seconds = Math.round(timeoutMs / 1000);
        finish(
          new LaunchFailed(
            `OpenCode did not start listening within ${seconds} s. A busy machine can be that slow: try again; if it keeps failing, run \`${bin} serve\` in that folder to see why.`,
            tail(),
            log,
          ),
        );
      }
    }, 100);
    if (child.pid !== undefined) opts.onSpawned?.({ pid: child.pid, log });
    child.once("error", (err) =>
      finish(new LaunchFailed(`Could not run ${bin}: ${err.message}. Check that it is an OpenCode binary you can execute.`, "", null)),
    );
    child.once("exit", (code, signal) =>
      finish(
        new LaunchFailed(
          `OpenCode stopped before it listened (${signal ?? `exit code ${String(code)}`}). Its last output is below: fix what it says (often the folder's opencode.json or a provider setting), or run \`${bin} serve\` in that folder to see more.`,
          tail(),
          log,
        ),
      ),
    );
  });
}
