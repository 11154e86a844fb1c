import { afterEach, describe, expect, it } from "vitest";
import type { HostScan, ScannedProcess } from "./host-scan.js";
import type { ProbeResult, ProbeTarget, Prober } from "./probe.js";
import { createRegistry } from "./registry.js";
import type { Credentials, InstanceRegistry, InstancesDocument } from "./types.js";

function proc(pid: number, ports: number[], over: Partial<ScannedProcess> = {}): ScannedProcess {
  return {
    pid,
    ppid: 1,
    command: `opencode serve --port ${ports[0] ?? 0}`,
    kind: "serve",
    subcommand: "serve",
    port: ports[0] ?? null,
    listens: true,
    stdio: false,
    wrapsCandidate: false,
    startTime: `start-${pid}`,
    cwd: `/work/p${pid}`,
    sockets: ports.map((port, i) => ({ address: "127.0.0.1", port, inode: pid * 100 + i })),
    knownCredentials: [],
    binaryMajor: null,
    connectedPorts: [],
    ...over,
  };
}

const ok = (dir: string): ProbeResult => ({ kind: "opencode", directory: dir, version: "1.18.33", protocol: "global" });

/** A scripted machine: set `scan` and `answers`, count probes. */
function fakeWorld() {
  const world = {
    scan: { processes: [], method: "procfs", error: null } as HostScan,
    answers: new Map<number, (creds?: Credentials) => ProbeResult>(),
    probes: [] as number[],
    clock: 1_000_000,
    scans: 0,
  };
  const prober: Prober = {
    async probe(target: ProbeTarget, creds?: Credentials) {
      world.probes.push(target.port);
      const answer = world.answers.get(target.port);
      return answer ? answer(creds) : { kind: "not-opencode", reason: "connection refused" };
    },
    async close() {},
  };
  return {
    world,
    prober,
    scanner: async () => {
      world.scans++;
      return world.scan;
    },
    now: () => world.clock,
  };
}

const registries: InstanceRegistry[] = [];
afterEach(async () => {
  await Promise.all(registries.splice(0).map((r) => r.stop()));
});

/** Scans every 5 ms against the scripted world; the fake clock only moves when a test moves it. */
function setup() {
  const f = fakeWorld();
  const docs: InstancesDocument[] = [];
  const registry = createRegistry({ scanner: f.scanner, prober: f.prober, now: () => f.world.clock, scanIntervalMs: 5 });
  registries.push(registry);
  registry.subscribe((d) => docs.push(d));
  return { ...f, registry, docs };
}

async function waitFor<T>(fn: () => T | undefined | false, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("createRegistry", () => {
  it("lists verified servers with url, eventsUrl and a stable id", async () => {
    const t = setup();
    t.world.scan = { processes: [proc(10, [4096]), proc(11, [5000])], method: "procfs", error: null };
    t.world.answers.set(4096, () => ok("/a"));
    t.world.answers.set(5000, () => ok("/b"));
    t.registry.start();
    const doc = await waitFor(() => t.docs.find((d) => d.instances.length === 2));
    expect(doc.instances[0]).toMatchObject({
      url: "http://127.0.0.1:4096",
      eventsUrl: "http://127.0.0.1:4096/global/event",
      directory: "/a",
      pid: 10,
      kind: "serve",
      status: "ready",
      version: "1.18.33",
    });
    expect(doc.scan.method).toBe("procfs");
    const id = doc.instances[0]?.id;
    const scans = t.world.scans;
    await waitFor(() => t.world.scans >= scans + 3);
    expect(t.registry.snapshot().instances[0]?.id).toBe(id);
  });

  it("does not re-probe verified servers and emits only on change", async () => {
    const t = setup();
    t.world.scan = { processes: [proc(10, [4096])], method: "procfs", error: null };
    t.world.answers.set(4096, () => ok("/a"));
    t.registry.start();
    await waitFor(() => t.docs.length === 1);
    // Let many scans run with nothing changing.
    for (let i = 0; i < 5; i++) {
      const scans = t.world.scans;
      t.world.clock += 1000;
      await waitFor(() => t.world.scans >= scans + 2);
    }
    expect(t.world.probes).toEqual([4096]);
    expect(t.docs).toHaveLength(1);
  });

  it("drops a vanished process and gives a new process on the same port a new id", async () => {
    const t = setup();
    t.world.scan = { processes: [proc(10, [4096])], method: "procfs", error: null };
    t.world.answers.set(4096, () => ok("/a"));
    t.registry.start();
    const first = await waitFor(() => t.docs.at(-1)?.instances[0]);
    t.world.scan = { processes: [], method: "procfs", error: null };
    await waitFor(() => t.docs.at(-1)?.instances.length === 0);
    t.world.scan = { processes: [proc(10, [4096], { startTime: "later" })], method: "procfs", error: null };
    const second = await waitFor(() => t.docs.at(-1)?.instances[0]);
    expect(second.id).not.toBe(first.id);
  });

  it("backs off probing a port that is not OpenCode, and finds it once it answers", async () => {
    const t = setup();
    t.world.scan = { processes: [proc(10, [4096])], method: "procfs", error: null };
    t.registry.start();
    await waitFor(() => t.world.probes.length === 1);
    const scans = t.world.scans;
    t.world.clock += 10; // scans keep running, but the retry is not due yet
    await waitFor(() => t.world.scans >= scans + 3);
    expect(t.world.probes).toHaveLength(1);
    t.world.answers.set(4096, () => ok("/slow"));
    t.world.clock += 1_000;
    await waitFor(() => t.docs.at(-1)?.instances[0]?.directory === "/slow");
    expect(t.world.probes).toHaveLength(2);
  });

  it("retries a timed-out first probe at once (OpenCode's slow first request), then backs off", async () => {
    const t = setup();
    t.world.scan = { processes: [proc(10, [4096]), proc(11, [5000])], method: "procfs", error: null };
    let slow = true;
    t.world.answers.set(4096, () => (slow ? ((slow = false), { kind: "not-opencode", reason: "timed out", timedOut: true }) : ok("/late")));
    t.world.answers.set(5000, () => ({ kind: "not-opencode", reason: "timed out", timedOut: true }));
    t.registry.start();
    const doc = await waitFor(() => t.docs.at(-1));
    expect(doc.instances.map((i) => i.directory)).toEqual(["/late"]);
    const scans = t.world.scans;
    await waitFor(() => t.world.scans >= scans + 3);
    // 5000 hung twice on first sight, and is not probed again before its retry time.
    expect(t.world.probes.filter((p) => p === 5000)).toHaveLength(2);
  });

  it("password server: auth-required with null eventsUrl, ready after setCredentials with the right password only", async () => {
    const t = setup();
    const good = { username: "opencode", password: "pw" };
    t.world.scan = { processes: [proc(10, [4096])], method: "procfs", error: null };
    t.world.answers.set(4096, (c) =>
      c === undefined
        ? { kind: "auth-required", protocol: "global" }
        : c.password === "pw"
          ? ok("/secret")
          : { kind: "rejected", protocol: "global" },
    );
    t.registry.start();
    const locked = await waitFor(() => t.docs.at(-1)?.instances[0]);
    // The hub knows where the process runs even while its API is locked.
    expect(locked).toMatchObject({ status: "auth-required", eventsUrl: null, directory: "/work/p10", error: null });
    expect(await t.registry.setCredentials(locked.id, { username: "opencode", password: "wrong" })).toMatchObject({ ok: false, reason: "rejected" });
    expect(t.registry.snapshot().instances[0]?.status).toBe("auth-required");
    const res = await t.registry.setCredentials(locked.id, good);
    expect(res).toMatchObject({ ok: true, instance: { status: "ready", directory: "/secret" } });
    const token = Buffer.from("opencode:pw").toString("base64");
    expect(t.registry.snapshot().instances[0]?.eventsUrl).toBe(`http://127.0.0.1:4096/global/event?auth_token=${encodeURIComponent(token)}`);
    expect(t.docs.at(-1)?.instances[0]?.status).toBe("ready");
    expect(await t.registry.setCredentials("nope", good)).toMatchObject({ ok: false, reason: "not-found" });
  });

  it("setCredentials tries a credentials check that timed out again before calling the server unreachable", async () => {
    const t = setup();
    t.world.scan = { processes: [proc(10, [4096])], method: "procfs", error: null };
    let slow = 2;
    t.world.answers.set(4096, (c) =>
      c === undefined
        ? { kind: "auth-required", protocol: "global" }
        : slow-- > 0
          ? { kind: "not-opencode", reason: "timed out", timedOut: true }
          : ok("/secret"),
    );
    t.registry.start();
    const locked = await waitFor(() => t.docs.at(-1)?.instances[0]);
    expect(await t.registry.setCredentials(locked.id, { username: "opencode", password: "pw" })).toMatchObject({
      ok: true,
      instance: { status: "ready" },
    });
    t.world.answers.set(4096, () => ({ kind: "not-opencode", reason: "GET /project failed: timed out", timedOut: true }));
    const before = t.world.probes.length;
    expect(await t.registry.setCredentials(locked.id, { username: "opencode", password: "pw" })).toMatchObject({ ok: false, reason: "unreachable" });
    expect(t.world.probes.length - before).toBe(3);
  });

  it("uses credentials from the process environment", async () => {
    const t = setup();
    t.world.scan = { processes: [proc(10, [4096], { knownCredentials: [{ username: "opencode", password: "pw" }] })], method: "procfs", error: null };
    t.world.answers.set(4096, (c) => (c?.password === "pw" ? ok("/env") : { kind: "auth-required", protocol: "global" }));
    t.registry.start();
    const inst = await waitFor(() => t.docs.at(-1)?.instances[0]);
    expect(inst).toMatchObject({ status: "ready", directory: "/env" });
    expect(inst.eventsUrl).toContain("?auth_token=");
  });

  it("retries a password server whose env-credential probe got no answer, instead of freezing it as locked", async () => {
    const t = setup();
    t.world.scan = { processes: [proc(10, [4096], { knownCredentials: [{ username: "opencode", password: "pw" }] })], method: "procfs", error: null };
    let busy = 2; // the credentialed probe times out twice (a loaded machine), then answers
    t.world.answers.set(4096, (c) => {
      if (c === undefined) return { kind: "auth-required", protocol: "global" };
      return busy-- > 0 ? { kind: "not-opencode", reason: "GET /project failed: timed out", timedOut: true } : ok("/env");
    });
    t.registry.start();
    await waitFor(() => t.world.probes.length === 2);
    // Not listed while unverified (no false "locked"), and not probed again before its retry time.
    const scans = t.world.scans;
    await waitFor(() => t.world.scans >= scans + 3);
    expect(t.registry.snapshot().instances).toEqual([]);
    expect(t.world.probes).toHaveLength(2);
    t.world.clock += 1_000;
    await waitFor(() => t.world.probes.length === 4);
    t.world.clock += 2_000;
    const inst = await waitFor(() => t.docs.at(-1)?.instances[0]);
    expect(inst).toMatchObject({ status: "ready", directory: "/env", error: null });
    expect(inst.eventsUrl).toContain("?auth_token=");
    expect(t.docs.every((d) => d.instances.every((i) => i.status === "ready"))).toBe(true);
  });

  it("tries a fresh OpenCode 2's known password once more at once when it timed out (its first authenticated request is slow)", async () => {
    const t = setup();
    t.world.scan = {
      processes: [proc(10, [47300], { knownCredentials: [{ username: "opencode", password: "pw" }] })],
      method: "procfs",
      error: null,
    };
    let slow = 1;
    t.world.answers.set(47300, (c) => {
      if (c === undefined) return { kind: "auth-required", protocol: "v2" };
      return slow-- > 0
        ? { kind: "not-opencode", reason: "answered /api/info, then not /api/location: timed out", timedOut: true }
        : { kind: "opencode", protocol: "v2", version: "2.1.2", directory: "/v2" };
    });
    t.registry.start();
    const inst = await waitFor(() => t.docs.at(-1)?.instances[0]);
    expect(inst).toMatchObject({ status: "ready", protocol: "v2", directory: "/v2" });
    expect(t.world.probes).toHaveLength(3);
  });

  it("keeps retrying a locked port at least every 5 s once it answered like OpenCode", async () => {
    const t = setup();
    t.world.scan = { processes: [proc(10, [4096], { knownCredentials: [{ username: "opencode", password: "pw" }] })], method: "procfs", error: null };
    let answering = false;
    t.world.answers.set(4096, (c) =>
      c === undefined || answering
        ? c && answering
          ? ok("/env")
          : { kind: "auth-required", protocol: "global" }
        : { kind: "not-opencode", reason: "timed out", timedOut: true },
    );
    t.registry.start();
    for (let failures = 1; failures <= 7; failures++) {
      await waitFor(() => t.world.probes.length === failures * 2);
      t.world.clock += 5_000;
    }
    answering = true;
    t.world.clock += 5_000;
    await waitFor(() => t.docs.at(-1)?.instances[0]?.status === "ready");
  });

  it("lists an OpenCode that answers errors as error with its message, re-probes it and turns ready when it recovers", async () => {
    const t = setup();
    t.world.scan = { processes: [proc(10, [4096], { cwd: "/w/old" })], method: "procfs", error: null };
    let broken = true;
    t.world.answers.set(4096, () =>
      broken ? { kind: "error", message: "DrizzleError: Failed to run the query 'CREATE TABLE project'", version: "1.14.41" } : ok("/w/old"),
    );
    t.registry.start();
    const inst = await waitFor(() => t.docs.at(-1)?.instances[0]);
    expect(inst).toMatchObject({
      status: "error",
      error: expect.stringContaining("DrizzleError"),
      version: "1.14.41",
      directory: "/w/old",
      eventsUrl: null,
    });
    // Re-probed (not frozen like a verified server), but not on every scan.
    const scans = t.world.scans;
    await waitFor(() => t.world.scans >= scans + 3);
    expect(t.world.probes).toHaveLength(1);
    t.world.clock += 1_000;
    await waitFor(() => t.world.probes.length === 2);
    expect(t.docs).toHaveLength(1); // the same error again publishes nothing
    broken = false;
    t.world.clock += 5_000;
    const ready = await waitFor(() => (t.docs.at(-1)?.instances[0]?.status === "ready" ? t.docs.at(-1)?.instances[0] : undefined));
    expect(ready).toMatchObject({ id: inst.id, error: null, eventsUrl: "http://127.0.0.1:4096/global/event", firstSeenAt: inst.firstSeenAt });
    // Ready servers are not probed again.
    const probes = t.world.probes.length;
    t.world.clock += 60_000;
    const later = t.world.scans;
    await waitFor(() => t.world.scans >= later + 3);
    expect(t.world.probes).toHaveLength(probes);
  });

  it("legacy servers stream on /event", async () => {
    const t = setup();
    t.world.scan = { processes: [proc(10, [4096])], method: "procfs", error: null };
    t.world.answers.set(4096, () => ({ kind: "opencode", directory: "/old", version: null, protocol: "legacy" }));
    t.registry.start();
    const inst = await waitFor(() => t.docs.at(-1)?.instances[0]);
    expect(inst).toMatchObject({ protocol: "legacy", version: null, eventsUrl: "http://127.0.0.1:4096/event" });
  });

  it("lists a port-less TUI as unreachable, never a launcher or a one-shot tool", async () => {
    const t = setup();
    const tui = proc(20, [], { kind: "tui", subcommand: null, listens: false, command: "opencode /w/app", cwd: "/w/app" });
    const shim = proc(21, [], { wrapsCandidate: true });
    const run = proc(22, [], { kind: "other", subcommand: "run" });
    t.world.scan = { processes: [tui, shim, run], method: "procfs", error: null };
    t.registry.start();
    const doc = await waitFor(() => t.docs.find((d) => d.unreachable.length > 0));
    expect(doc.unreachable).toEqual([
      { pid: 20, command: "opencode /w/app", directory: "/w/app", reason: "no-listening-port", hint: expect.stringContaining("opencode --port 0") },
    ]);
  });

  it("OpenCode 2 service: unlocked with the first known password that works, streamed from /api/event, with its attached TUIs", async () => {
    const t = setup();
    const service = proc(40, [47612], {
      kind: "service",
      command: "opencode.exe serve --service",
      cwd: "/home/me",
      knownCredentials: [
        { username: "opencode", password: "stale" },
        { username: "opencode", password: "svc" },
      ],
    });
    const attached = proc(41, [], {
      kind: "tui",
      subcommand: null,
      listens: false,
      command: "opencode",
      cwd: "/w/app",
      binaryMajor: 2,
      connectedPorts: [47612],
    });
    t.world.scan = { processes: [service, attached], method: "procfs", error: null };
    const v2 = (c?: Credentials): ProbeResult =>
      c === undefined
        ? { kind: "auth-required", protocol: "v2" }
        : c.password === "svc"
          ? { kind: "opencode", protocol: "v2", version: "2.1.2", directory: "/home/me" }
          : { kind: "rejected", protocol: "v2" };
    t.world.answers.set(47612, v2);
    t.registry.start();
    const doc = await waitFor(() => t.docs.find((d) => d.instances.length === 1));
    const token = encodeURIComponent(Buffer.from("opencode:svc").toString("base64"));
    expect(doc.instances[0]).toMatchObject({
      kind: "service",
      protocol: "v2",
      version: "2.1.2",
      status: "ready",
      directory: "/home/me",
      eventsUrl: `http://127.0.0.1:47612/api/event?auth_token=${token}`,
    });
    expect(doc.instances[0]?.attachedTuis).toEqual([{ pid: 41, directory: "/w/app" }]);
    // Without, with the stale password, with the working one.
    expect(t.world.probes).toEqual([47612, 47612, 47612]);
    expect(t.docs.every((d) => d.unreachable.length === 0)).toBe(true);
    // The TUI exits: the document changes.
    t.world.scan = { processes: [service], method: "procfs", error: null };
    await waitFor(() => t.docs.at(-1)?.instances[0]?.attachedTuis.length === 0);
  });

  it("lists a locked OpenCode 2 as auth-required with protocol v2, and every other instance with no attached TUIs", async () => {
    const t = setup();
    t.world.scan = { processes: [proc(50, [4096]), proc(51, [47300])], method: "procfs", error: null };
    t.world.answers.set(4096, () => ok("/one"));
    t.world.answers.set(47300, () => ({ kind: "auth-required", protocol: "v2" }));
    t.registry.start();
    const doc = await waitFor(() => t.docs.find((d) => d.instances.length === 2));
    expect(doc.instances).toMatchObject([
      { port: 4096, protocol: "global", attachedTuis: [] },
      { port: 47300, protocol: "v2", status: "auth-required", version: null, eventsUrl: null, directory: "/work/p51", attachedTuis: [] },
    ]);
  });

  it("a locked 2.x service is unlocked on the next scan once its service.json names a password, and not re-probed while nothing changes", async () => {
    const t = setup();
    const service = (known: Credentials[]) =>
      proc(52, [47400], { kind: "service", command: "opencode.exe serve --service", cwd: "/home/me", knownCredentials: known });
    t.world.answers.set(47400, (c) =>
      c === undefined
        ? { kind: "auth-required", protocol: "v2" }
        : c.password === "written-later"
          ? { kind: "opencode", protocol: "v2", version: "2.1.2", directory: "/home/me" }
          : { kind: "rejected", protocol: "v2" },
    );
    // Probed before the service wrote its service.json: nothing to try yet.
    t.world.scan = { processes: [service([])], method: "procfs", error: null };
    t.registry.start();
    await waitFor(() => t.docs.find((d) => d.instances[0]?.status === "auth-required"));
    // A stale password is tried once (after the plain probe), then the locked server is left alone until its known passwords change.
    t.world.scan = { processes: [service([{ username: "opencode", password: "stale" }])], method: "procfs", error: null };
    await waitFor(() => t.world.probes.length === 3);
    const scans = t.world.scans;
    await waitFor(() => t.world.scans >= scans + 5);
    expect(t.world.probes).toHaveLength(3);
    expect(t.registry.snapshot().instances[0]?.status).toBe("auth-required");
    // The file now holds the service's password: ready without the page and without waiting out a backoff (the clock never moved).
    t.world.scan = { processes: [service([{ username: "opencode", password: "written-later" }])], method: "procfs", error: null };
    const doc = await waitFor(() => t.docs.find((d) => d.instances[0]?.status === "ready"));
    expect(doc.instances[0]).toMatchObject({ kind: "service", protocol: "v2", version: "2.1.2", directory: "/home/me" });
    expect(doc.instances[0]?.eventsUrl).toContain("/api/event?auth_token=");
  });

  it("gives a server that will listen a grace period before calling it unreachable", async () => {
    const t = setup();
    t.world.scan = { processes: [proc(30, [])], method: "procfs", error: null };
    t.registry.start();
    await waitFor(() => t.world.scans >= 3);
    expect(t.registry.snapshot().unreachable).toEqual([]);
    t.world.clock += 6_000;
    await waitFor(() => t.docs.at(-1)?.unreachable.length === 1);
  });

  it("surfaces a scan error instead of an empty list", async () => {
    const t = setup();
    t.world.scan = { processes: [], method: "none", error: "Cannot read the socket table" };
    t.registry.start();
    const doc = await waitFor(() => t.docs.at(-1));
    expect(doc.scan).toMatchObject({ method: "none", error: "Cannot read the socket table" });
  });

  it("a listener that throws does not stop others", async () => {
    const t = setup();
    t.registry.subscribe(() => {
      throw new Error("boom");
    });
    t.world.scan = { processes: [proc(10, [4096])], method: "procfs", error: null };
    t.world.answers.set(4096, () => ok("/a"));
    t.registry.start();
    await waitFor(() => t.docs.length === 1);
  });
});

describe("probe concurrency", () => {
  it("probes at most 8 ports at a time, and all of them eventually", async () => {
    const ports = Array.from({ length: 20 }, (_, i) => 6000 + i);
    let inFlight = 0;
    let maxInFlight = 0;
    const waiting: (() => void)[] = [];
    const prober: Prober = {
      async probe(target: ProbeTarget) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise<void>((resolve) => waiting.push(resolve));
        inFlight--;
        return ok(`/p${target.port}`);
      },
      async close() {},
    };
    const scan: HostScan = { processes: ports.map((port) => proc(port, [port])), method: "procfs", error: null };
    const registry = createRegistry({ scanner: async () => scan, prober, now: () => 1_000_000, scanIntervalMs: 5 });
    registries.push(registry);
    registry.start();
    // Release probes one by one as they queue up; the limiter must never let more than 8 wait at once.
    await waitFor(() => {
      waiting.splice(0).forEach((release) => release());
      return registry.snapshot().instances.length === ports.length;
    });
    expect(maxInFlight).toBe(8);
  });
});
