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

/** A started server. */
export interface LaunchedServe {
  pid: number;
  port: number;
  directory: string;
  bin: string;
  /** Where its output goes. */
  log: string;
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

/** Spawns and waits for the listen line (rejects with the output tail when it exits or takes longer than `timeoutMs`). */
export async function launchServe(
  bin: string,
  directory: string,
  opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<LaunchedServe> {
  const port = await freePort();
  const log = join(mkdtempSync(join(tmpdir(), "switchboard-serve-")), "output.log");
  const fd = openSync(log, "a");
  const child = spawn(bin, ["serve", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: directory,
    env: opts.env ?? process.env,
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
      child.removeAllListeners();
      if (err) reject(err);
      else if (value) resolve(value);
    };
    const tail = () => output().trim().slice(-400);
    const poll = setInterval(() => {
      const port = listenPort(output());
      if (port !== null && child.pid !== undefined) {
        child.unref();
        finish(null, { pid: child.pid, port, directory, bin, log });
      } else if (Date.now() - started > timeoutMs) {
        child.kill("SIGTERM");
        finish(new Error(`OpenCode did not start listening within ${Math.round(timeoutMs / 1000)} s: ${tail()}`));
      }
    }, 100);
    child.once("error", (err) => finish(new Error(`Could not start ${bin}: ${err.message}`)));
    child.once("exit", (code, signal) => finish(new Error(`OpenCode exited before listening (${signal ?? `code ${String(code)}`}): ${tail()}`)));
  });
}
