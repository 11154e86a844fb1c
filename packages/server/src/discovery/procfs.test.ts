import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageMajor, parseProcStat, procKnownCredentials } from "./procfs.js";

describe("parseProcStat", () => {
  it("reads comm, ppid and start time, even when comm has spaces and parentheses", () => {
    const line = "6260 (opencode.exe) S 6253 6253 3442 0 -1 4194560 1 0 0 0 10 2 0 0 20 0 9 0 4242 1 2 3\n";
    expect(parseProcStat(line)).toEqual({ comm: "opencode.exe", state: "S", ppid: 6253, startTicks: "4242" });
    const odd = "77 (my (weird) name) R 1 77 77 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 999 0 0\n";
    expect(parseProcStat(odd)).toEqual({ comm: "my (weird) name", state: "R", ppid: 1, startTicks: "999" });
  });
  it("rejects junk", () => {
    expect(parseProcStat("")).toBeNull();
  });
});

describe("packageMajor", () => {
  it("reads the major version of the binary's package (1.x opencode-ai, 2.x @opencode/cli)", () => {
    expect(packageMajor(JSON.stringify({ name: "opencode-ai", version: "1.18.33" }))).toBe(1);
    expect(packageMajor(JSON.stringify({ name: "@opencode/cli", version: "2.1.2" }))).toBe(2);
  });
  it("is null without a readable version", () => {
    expect(packageMajor(null)).toBeNull();
    expect(packageMajor("{not json")).toBeNull();
    expect(packageMajor(JSON.stringify({ name: "x" }))).toBeNull();
  });
});

describe("procKnownCredentials (a real process's environ and files)", () => {
  it("finds a service's service.json through that process's own HOME and XDG_STATE_HOME, never the reader's", async () => {
    const home = mkdtempSync(join(tmpdir(), "sb-known-"));
    const state = join(home, "xdg-state");
    mkdirSync(join(state, "opencode"), { recursive: true });
    mkdirSync(join(home, ".config", "opencode"), { recursive: true });
    writeFileSync(join(state, "opencode", "service.json"), JSON.stringify({ url: "http://127.0.0.1:47555", password: "from-state" }));
    writeFileSync(join(home, ".config", "opencode", "service.json"), JSON.stringify({ port: 47555, password: "from-config" }));
    // A stand-in process with the environment a service would have (and none of the hub's HOME).
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], {
      env: { HOME: home, XDG_STATE_HOME: state, OPENCODE_PASSWORD: "from-env" },
      stdio: "ignore",
    });
    try {
      await new Promise((r) => child.once("spawn", r));
      const pid = child.pid ?? 0;
      expect(procKnownCredentials(pid, true).map((c) => c.password)).toEqual(["from-state", "from-config", "from-env"]);
      expect(procKnownCredentials(pid, false).map((c) => c.password)).toEqual(["from-env"]);
    } finally {
      child.kill();
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("has nothing for a process that is gone", () => {
    expect(procKnownCredentials(2 ** 22 + 1, true)).toEqual([]);
  });
});
