import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createProcLister, packageMajor, parseProcStat, PROC_REFRESH_MS, procKnownCredentials, procSocketInodes, shouldReadProc } from "./procfs.js";

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

describe("createProcLister (what it reads again on each scan)", () => {
  const stat = (pid: number, comm: string, state = "S") =>
    `${pid} (${comm}) ${state} 1 ${pid} ${pid} 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 ${pid * 10} 0 0\n`;
  /** A fake /proc whose reads are counted. */
  function fakeProc(procs: Map<number, { comm: string; state?: string; cmd?: string }>) {
    const reads: number[] = [];
    return {
      reads,
      source: {
        pids: () => [...procs.keys()],
        stat: (pid: number) => {
          reads.push(pid);
          const p = procs.get(pid);
          return p ? stat(pid, p.comm, p.state) : null;
        },
        cmdline: (pid: number) => procs.get(pid)?.cmd ?? null,
      },
    };
  }

  it("reads an old, uninteresting process once per PROC_REFRESH_MS, and OpenCode-like ones every scan", () => {
    const procs = new Map([
      [10, { comm: "bash" }],
      [20, { comm: "opencode.exe", cmd: "opencode.exe\0serve\0" }],
    ]);
    const { reads, source } = fakeProc(procs);
    let now = 0;
    const list = createProcLister(source, () => now);
    expect(list().map((r) => r.pid)).toEqual([10, 20]);
    now = PROC_REFRESH_MS + 1; // both are old now: bash was read at 0
    list();
    reads.length = 0;
    now += 1_000;
    expect(list().map((r) => r.pid)).toEqual([10, 20]);
    expect(reads).toEqual([20]);
    now += PROC_REFRESH_MS;
    reads.length = 0;
    list();
    expect(reads).toEqual([10, 20]);
  });

  it("sees at once a young process exec into OpenCode, an old OpenCode that became a zombie, and an exit", () => {
    const procs = new Map<number, { comm: string; state?: string; cmd?: string }>([[40, { comm: "opencode.exe", cmd: "opencode.exe\0serve\0" }]]);
    const { source } = fakeProc(procs);
    let now = 0;
    const list = createProcLister(source, () => now);
    list(); // 40 was there at the first scan: old
    now = 1_000;
    procs.set(30, { comm: "ip" }); // started after the first scan: young
    expect(list().map((r) => [r.pid, r.name])).toEqual([
      [40, "opencode.exe"],
      [30, "ip"],
    ]);
    now = 1_500;
    procs.set(30, { comm: "opencode.exe", cmd: "opencode.exe\0serve\0--port\0" + "4096\0" });
    procs.set(40, { comm: "opencode.exe", state: "Z" });
    expect(list().map((r) => [r.pid, r.name])).toEqual([[30, "opencode.exe"]]);
    procs.delete(30);
    now = 2_000;
    expect(list()).toEqual([]);
  });

  it("keeps serving the remembered row of an old quiet process without reading it", () => {
    const procs = new Map([[50, { comm: "sleep" }]]);
    const { reads, source } = fakeProc(procs);
    let now = 0;
    const list = createProcLister(source, () => now);
    list();
    now = PROC_REFRESH_MS + 5;
    list();
    reads.length = 0;
    now += 100;
    expect(list()).toEqual([{ pid: 50, ppid: 1, name: "sleep", cmd: "sleep", startTicks: "500" }]);
    expect(reads).toEqual([]);
    expect(shouldReadProc(undefined, 0)).toBe(true);
  });
});

describe("procSocketInodes (a real process)", () => {
  it("reuses the previous answer while the fd list is unchanged and recent, and reads again after PROC_REFRESH_MS", () => {
    const first = procSocketInodes(process.pid, undefined, 1_000);
    if ("error" in first) throw new Error(first.error);
    expect(procSocketInodes(process.pid, first, 2_000)).toBe(first);
    const later = procSocketInodes(process.pid, first, 1_000 + PROC_REFRESH_MS);
    expect(later).not.toBe(first);
    expect(later).toMatchObject({ readMs: 1_000 + PROC_REFRESH_MS });
    const changed = procSocketInodes(process.pid, { ...first, names: "0,1" }, 2_000);
    expect(changed).not.toBe(first);
    expect(procSocketInodes(2 ** 22 + 7, undefined, 0)).toEqual({ error: "ENOENT" });
  });
});
