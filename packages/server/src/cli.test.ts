import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer, type AddressInfo, type Server } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const cliPath = fileURLToPath(new URL("./cli.ts", import.meta.url));

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];

/** Runs the CLI from source (tsx), like `npm start` runs dist/cli.js. */
function runCli(args: string[]): Run {
  const child = spawn(process.execPath, ["--import", "tsx", cliPath, ...args], {
    cwd: repoRoot,
    env: { ...process.env, CI: "true", SWITCHBOARD_LOG: "", SWITCHBOARD_UI_DIR: "/nonexistent/switchboard-ui" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function waitForLine(run: Run, pattern: RegExp): Promise<RegExpMatchArray> {
  for (;;) {
    const match = pattern.exec(run.stdout());
    if (match) return match;
    if (run.child.exitCode !== null) throw new Error(`CLI exited ${run.child.exitCode}: ${run.stderr()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.pid) process.kill(c.pid, "SIGKILL");
});

describe("cli", () => {
  it("prints the real URL, answers /api/health, and exits cleanly on SIGTERM", async () => {
    const run = runCli(["--port", "0", "--no-open"]);
    const [, url] = await waitForLine(run, /Switchboard is running at (http:\/\/127\.0\.0\.1:(\d+))\n/);
    expect(url).not.toMatch(/:0$/);
    // Readable log lines by default (log-format.ts), not pino JSON; SWITCHBOARD_LOG=json brings that back.
    expect(run.stdout()).toMatch(/^\d\d:\d\d:\d\d {2}Server listening at /m);
    expect(run.stdout()).not.toContain('{"level"');
    const res = await fetch(`${url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, version: expect.any(String) });
    const instances = await fetch(`${url}/api/instances`);
    expect(await instances.json()).toMatchObject({ instances: expect.any(Array), scan: expect.any(Object) });
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
  });

  it("explains a busy port", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const run = runCli(["--port", String(port), "--no-open"]);
      expect(await run.exited).toBe(1);
      expect(run.stderr()).toContain(`Port ${port} is busy: another Switchboard? Use --port 0 for any free port.`);
    } finally {
      blocker.close();
    }
  });

  it("rejects a bad flag with exit code 2", async () => {
    const run = runCli(["--prot", "80"]);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain('Unknown option "--prot"');
  });

  it("rejects a bad value with exit code 2", async () => {
    const run = runCli(["--port", "http"]);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain("--port needs a number");
  });

  it("prints help and version", async () => {
    const help = runCli(["--help"]);
    expect(await help.exited).toBe(0);
    expect(help.stdout()).toContain("--scan-interval MS");
    const version = runCli(["--version"]);
    expect(await version.exited).toBe(0);
    expect(version.stdout()).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("warns when binding a non-loopback address", async () => {
    const run = runCli(["--host", "0.0.0.0", "--port", "0", "--no-open"]);
    await waitForLine(run, /Switchboard is running at http:\/\/127\.0\.0\.1:\d+/);
    expect(run.stderr()).toContain("Warning: binding 0.0.0.0");
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
  });
});
