/** Starts the built hub (packages/server/dist) as a child process on a free port, for browser tests. */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../packages/server/dist/cli.js", import.meta.url));

export interface Hub {
  url: string;
  pid: number;
  /** Everything the hub printed so far (stdout + stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** How to start a hub; every field is optional. */
export interface StartHubOptions {
  scanIntervalMs?: number;
  timeoutMs?: number;
  /** The program and its first arguments (default: node packages/server/dist/cli.js), e.g. an installed `switchboard` bin. */
  command?: readonly [string, ...string[]];
  /** More flags after `--port 0 --no-open`, e.g. `--host 127.0.0.2`. */
  args?: readonly string[];
  /**
   * The whole environment (default: this process's) plus CI=true. Without an XDG_STATE_HOME of its
   * own the hub gets a fresh state folder (removed on stop), so no test writes the search index,
   * machine identity or saved servers into the real ~/.local/state/switchboard.
   */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /**
   * Start it in its own process group and stop the whole group: for launchers such as `npx`,
   * which run the hub as a grandchild and do not pass SIGTERM on.
   */
  group?: boolean;
}

/** Runs `node packages/server/dist/cli.js --port 0 --no-open` (or opts.command) and waits for its URL. */
export async function startHub(opts: StartHubOptions = {}): Promise<Hub> {
  if (!opts.command && !existsSync(CLI)) throw new Error(`The hub is not built (${CLI}). Run \`npm test\` or \`npm run build\` first.`);
  const [program, ...first] = opts.command ?? [process.execPath, CLI];
  const args = [...first, "--port", "0", "--no-open", ...(opts.args ?? [])];
  if (opts.scanIntervalMs) args.push("--scan-interval", String(opts.scanIntervalMs));
  const env: NodeJS.ProcessEnv = { ...(opts.env ?? process.env), CI: "true" };
  const ownState = opts.env?.XDG_STATE_HOME ? null : mkdtempSync(join(tmpdir(), "switchboard-hub-state-"));
  if (ownState) env.XDG_STATE_HOME = ownState;
  const child: ChildProcess = spawn(program, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env,
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    detached: opts.group === true,
  });
  const signal = (name: NodeJS.Signals): void => {
    if (opts.group && child.pid) process.kill(-child.pid, name);
    else child.kill(name);
  };
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    // 45 s: beside a fleet and Chromium starting at once on a loaded 2-core machine, the hub took over 15 s to print its URL.
    const waitMs = opts.timeoutMs ?? 45_000;
    const timer = setTimeout(() => reject(new Error(`The hub printed no URL within ${waitMs} ms:\n${out}`)), waitMs);
    const check = () => {
      const m = /running at (https?:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ""));
      }
    };
    child.stdout?.on("data", check);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The hub exited (${code}) before printing its URL:\n${out}`));
    });
  });
  return {
    url,
    pid: child.pid ?? -1,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        const removeState = () => ownState && rmSync(ownState, { recursive: true, force: true });
        if (child.exitCode !== null || child.signalCode !== null) {
          removeState();
          return resolve();
        }
        const kill = setTimeout(() => signal("SIGKILL"), 5_000);
        child.once("exit", () => {
          clearTimeout(kill);
          removeState();
          resolve();
        });
        signal("SIGTERM");
      }),
  };
}
