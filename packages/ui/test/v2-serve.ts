/**
 * One OpenCode 2.1.2 `serve` in a fleet's HOME (sharing its mock model and data folder), for the
 * v2 client's integration test. Stand-in until the fleet's own generation-2 support lands.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { freePort, type Fleet } from "../../../scripts/fleet/index.js";
import { createRepo } from "../../../scripts/fleet/workspace.js";

/** A running 2.x server. */
export interface V2Serve {
  url: string;
  port: number;
  directory: string;
  password: string;
  /** `?auth_token=` value and Basic credentials: base64("opencode:" + password). */
  token: string;
  logs(): string;
  stop(): Promise<void>;
}

const BIN = fileURLToPath(new URL("../../../node_modules/@opencode/cli/bin/opencode.exe", import.meta.url));

/**
 * Starts it in `directory` (default: a new repo `<fleet root>/<name>`; an existing folder, e.g. a
 * 1.x server's, is used as is) and waits until `/api/info` answers.
 */
export async function startV2Serve(fleet: Fleet, name: string, opts: { password?: string; directory?: string } = {}): Promise<V2Serve> {
  const password = opts.password ?? "v2-secret";
  const directory = opts.directory ?? join(fleet.root, name);
  const env = { ...fleet.env(), OPENCODE_SERVER_PASSWORD: password };
  if (!existsSync(directory)) createRepo(directory, name, env);
  const port = await freePort();
  const child = spawn(BIN, ["serve", "--port", String(port), "--hostname", "127.0.0.1"], { cwd: directory, env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const token = Buffer.from(`opencode:${password}`).toString("base64");
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`OpenCode 2 exited before it answered: ${log.slice(-2000)}`);
    const ok = await fetch(`${url}/api/info`, { headers: { authorization: `Basic ${token}` }, signal: AbortSignal.timeout(1_500) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`OpenCode 2 did not answer /api/info within 60 s: ${log.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    url,
    port,
    directory,
    password,
    token,
    logs: () => log,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
