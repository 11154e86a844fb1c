/** Starts the built hub (packages/server/dist) as a child process on a free port, for browser tests. */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../packages/server/dist/cli.js", import.meta.url));

export interface Hub {
  url: string;
  pid: number;
  /** Everything the hub printed so far (stdout + stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Runs `node packages/server/dist/cli.js --port 0 --no-open` and waits for its URL. */
export async function startHub(opts: { scanIntervalMs?: number; timeoutMs?: number } = {}): Promise<Hub> {
  if (!existsSync(CLI)) throw new Error(`The hub is not built (${CLI}). Run \`npm test\` or \`npm run build\` first.`);
  const args = [CLI, "--port", "0", "--no-open"];
  if (opts.scanIntervalMs) args.push("--scan-interval", String(opts.scanIntervalMs));
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CI: "true" } });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The hub printed no URL within ${opts.timeoutMs ?? 15_000} ms:\n${out}`)), opts.timeoutMs ?? 15_000);
    const check = () => {
      const m = /running at (http:\/\/\S+)/.exec(out);
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
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
        child.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}
