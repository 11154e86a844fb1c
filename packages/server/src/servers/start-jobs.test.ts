import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createFakeRegistry, sampleDocument, sampleInstance } from "../test-support/fake-registry.js";
import { launchServe, type LaunchedServe, type LaunchOptions } from "./launch-serve.js";
import { ManagedServers } from "./managed-servers.js";
import { StartJobs } from "./start-jobs.js";

const scratch = mkdtempSync(join(tmpdir(), "sb-start-jobs-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A stand-in `opencode` (launchServe runs it as `<bin> serve --port N --hostname 127.0.0.1`). */
function standIn(name: string, body: string): string {
  const path = join(scratch, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** Resolves once `probe` is true (polls every 10 ms; the test's own timeout bounds it). */
async function until(probe: () => boolean): Promise<void> {
  while (!probe()) await new Promise((r) => setTimeout(r, 10));
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Jobs that start `bin` for real (launchServe) over a registry that never lists it. */
function realJobs(bin: string, managed = new ManagedServers(), verifyTimeoutMs = 5_000): StartJobs {
  return new StartJobs({
    registry: createFakeRegistry(sampleDocument()),
    managed,
    verifyTimeoutMs,
    launch: (dir, hooks) => launchServe(bin, dir, hooks),
  });
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("start jobs", () => {
  it("moves through spawning, waiting for the port, probing and listed", async () => {
    const registry = createFakeRegistry(sampleDocument());
    const managed = new ManagedServers();
    const launched = deferred<LaunchedServe>();
    let hooks: Pick<LaunchOptions, "onSpawned" | "signal"> = {};
    let clock = 1_000;
    const jobs = new StartJobs({
      registry,
      managed,
      verifyTimeoutMs: 5_000,
      now: () => clock,
      launch: (_dir, h) => {
        hooks = h;
        return launched.promise;
      },
    });
    const job = jobs.create("/p");
    expect(job).toMatchObject({ state: "spawning", elapsedMs: 0, pid: null, port: null, instance: null });
    hooks.onSpawned?.({ pid: 4242, log: "/tmp/out.log" });
    clock += 1_500;
    expect(jobs.get(job.id)).toMatchObject({ state: "waiting-port", pid: 4242, elapsedMs: 1_500, log: "/tmp/out.log" });
    launched.resolve({ pid: 4242, port: 5555, directory: "/p", bin: "/b", log: "/tmp/out.log" });
    await until(() => jobs.get(job.id)?.state === "probing");
    expect(jobs.get(job.id)?.port).toBe(5555);
    clock += 500;
    registry.set({ ...sampleDocument(), instances: [sampleInstance({ id: "inst-5555", port: 5555, pid: 4242, directory: "/p" })] });
    const done = await jobs.settled(job.id);
    expect(done).toMatchObject({ state: "listed", elapsedMs: 2_000, instance: { id: "inst-5555" }, message: null });
    clock += 9_000;
    expect(jobs.get(job.id)?.elapsedMs).toBe(2_000);
    expect(managed.owns({ pid: 4242, port: 5555 })).toBe(true);
    expect(jobs.get("nope")).toBeNull();
  });

  it("hands discovery the password an OpenCode 2 server was started with, then lists it", async () => {
    const registry = createFakeRegistry(sampleDocument());
    const locked = sampleInstance({ id: "inst-6000", port: 6000, pid: 31, status: "auth-required", eventsUrl: null });
    registry.credentialAnswer = (id, credentials) => {
      const ready = { ...locked, status: "ready" as const };
      if (credentials.password === "chosen-by-hub") setTimeout(() => registry.set({ ...sampleDocument(), instances: [ready] }), 5);
      return credentials.password === "chosen-by-hub" ? { ok: true, instance: ready } : { ok: false, reason: "rejected", message: "no" };
    };
    const jobs = new StartJobs({
      registry,
      managed: new ManagedServers(),
      verifyTimeoutMs: 5_000,
      launch: async (dir) => {
        setTimeout(() => registry.set({ ...sampleDocument(), instances: [locked] }), 5);
        return { pid: 31, port: 6000, directory: dir, bin: "/b", log: "/l", password: "chosen-by-hub" };
      },
    });
    const done = await jobs.settled(jobs.create("/p").id);
    expect(done).toMatchObject({ state: "listed", instance: { id: "inst-6000", status: "ready" } });
    expect(registry.credentialCalls).toEqual([{ id: "inst-6000", credentials: { username: "opencode", password: "chosen-by-hub" } }]);
    expect(JSON.stringify(done)).not.toContain("chosen-by-hub");
  });

  it("a server that exits before listening fails the job with its output and words to act on", async () => {
    const bin = standIn("broken", 'echo "starting"; echo "Error: Unexpected token in opencode.json at line 3" >&2; exit 1');
    const jobs = realJobs(bin);
    const done = await jobs.settled(jobs.create(scratch).id);
    expect(done?.state).toBe("failed");
    expect(done?.reason).toBe("start-failed");
    expect(done?.message).toContain("exit code 1");
    expect(done?.message).toContain("opencode.json");
    expect(done?.output).toContain("Unexpected token in opencode.json at line 3");
    expect(done?.pid).toBeGreaterThan(0);
  });

  it("cancel stops a server still booting, and a failed verification says where its output is", async () => {
    const bin = standIn("slow", "exec sleep 30");
    const managed = new ManagedServers();
    const jobs = realJobs(bin, managed);
    const job = jobs.create(scratch);
    await until(() => jobs.get(job.id)?.state === "waiting-port");
    const pid = jobs.get(job.id)?.pid as number;
    expect(alive(pid)).toBe(true);
    expect(jobs.cancel(job.id)).toMatchObject({ state: "cancelled", message: expect.stringContaining("Cancelled") });
    await until(() => !alive(pid));
    expect((await jobs.settled(job.id))?.state).toBe("cancelled");

    // Listening but never listed by discovery: failed, still managed (the user can stop it from its tab).
    const listening = standIn("listens", 'echo "opencode server listening on http://127.0.0.1:$3"; exec sleep 30');
    const unverified = realJobs(listening, managed, 50);
    const failed = await unverified.settled(unverified.create(scratch).id);
    expect(failed).toMatchObject({ state: "failed", reason: "not-verified" });
    expect(failed?.message).toContain("could not verify");
    expect(failed?.message).toContain(failed?.log ?? "no log");
    const port = failed?.port as number;
    expect(managed.owns({ pid: failed?.pid as number, port })).toBe(true);
    const serverPid = failed?.pid as number;
    expect(managed.stop({ pid: serverPid, port })).toBe(true);
    await until(() => !alive(serverPid));
  });

  it("cancel while probing stops the listening server", async () => {
    const listening = standIn("listens-2", 'echo "opencode server listening on http://127.0.0.1:$3"; exec sleep 30');
    const managed = new ManagedServers();
    const jobs = realJobs(listening, managed, 30_000);
    const job = jobs.create(scratch);
    await until(() => jobs.get(job.id)?.state === "probing");
    const { pid, port } = jobs.get(job.id) as { pid: number; port: number };
    jobs.cancel(job.id);
    expect((await jobs.settled(job.id))?.state).toBe("cancelled");
    expect(managed.owns({ pid, port })).toBe(false);
    await until(() => !alive(pid));
  });
});
