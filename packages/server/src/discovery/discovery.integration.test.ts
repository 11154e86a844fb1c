/**
 * Discovery against real processes: `opencode serve` from the fleet, and fake listeners whose
 * argv looks like OpenCode. The registry scans the whole machine, so assertions pick by pid.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHostScanner } from "./host-scan.js";
import { createRegistry } from "./registry.js";
import type { Instance, InstanceRegistry, InstancesDocument } from "./types.js";

/** The part of scripts/fleet this test uses (imported by path: it lives outside this package's rootDir). */
interface FleetServer {
  pid: number;
  port: number;
  url: string;
  directory: string;
  kind: string;
  password?: string;
  version: string;
  kill(): Promise<void> | void;
}
interface Fleet {
  servers: FleetServer[];
  startServer(opts?: { password?: string }): Promise<FleetServer>;
  stop(): Promise<void>;
}
type StartFleet = (opts: { count: number; password?: string }) => Promise<Fleet>;

const FLEET_MODULE = fileURLToPath(new URL("../../../../scripts/fleet/index.ts", import.meta.url));
const FAKE_LISTENER = fileURLToPath(new URL("./test-fixtures/fake-opencode-listener.mjs", import.meta.url));

async function loadFleet(): Promise<StartFleet> {
  const mod = (await import(/* @vite-ignore */ FLEET_MODULE)) as { startFleet: StartFleet };
  return mod.startFleet;
}

/** Polls until `fn` returns a truthy value or the deadline passes (the deadline is the assertion). */
async function waitFor<T>(what: string, fn: () => T | undefined | null | false, deadlineMs: number): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`not within ${deadlineMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const byPid = (doc: InstancesDocument, pid: number): Instance | undefined => doc.instances.find((i) => i.pid === pid);

/** Waits for `n` more completed scans (scan.at advances once per scan). */
async function scansPass(registry: InstanceRegistry, n: number): Promise<void> {
  const seen = new Set([registry.snapshot().scan.at]);
  await waitFor(
    `${n} scans`,
    () => {
      seen.add(registry.snapshot().scan.at);
      return seen.size > n;
    },
    n * 2_000 + 2_000,
  );
}

describe("discovery against real OpenCode servers", () => {
  let startFleet: StartFleet;
  let fleet: Fleet;
  let registry: InstanceRegistry;

  beforeAll(async () => {
    startFleet = await loadFleet();
    // One at start, one after: servers first started together on a fresh shared HOME can race
    // on OpenCode's database migration (seen with the fleet's parallel start).
    fleet = await startFleet({ count: 1 });
    await fleet.startServer();
    registry = createRegistry({});
    registry.start();
  });
  afterAll(async () => {
    await registry?.stop();
    await fleet?.stop();
  });

  it("finds two servers in two directories with their directory, port, pid, version and kind", async () => {
    const [a, b] = fleet.servers;
    if (!a || !b) throw new Error("fleet started fewer than two servers");
    expect(a.directory).not.toBe(b.directory);
    for (const s of [a, b]) {
      const inst = await waitFor(`server ${s.pid} listed`, () => byPid(registry.snapshot(), s.pid), 5_000);
      expect(inst).toMatchObject({
        port: s.port,
        pid: s.pid,
        directory: s.directory,
        version: "1.18.33",
        kind: "serve",
        protocol: "global",
        status: "ready",
        url: `http://127.0.0.1:${s.port}`,
        eventsUrl: `http://127.0.0.1:${s.port}/global/event`,
      });
    }
  });

  // How fast (about 1 s each way on a quiet machine) is measured by scripts/bench/discovery-bench.ts;
  // the deadlines here only stop a wait that would never end.
  it("finds a server started later once it listens, and drops it once it dies", async () => {
    const later = await fleet.startServer();
    const listed = await waitFor(
      "later server listed ready",
      () => {
        const instance = byPid(registry.snapshot(), later.pid);
        return instance?.status === "ready" ? instance : undefined;
      },
      15_000,
    );
    expect(listed).toMatchObject({ port: later.port, directory: later.directory });
    await later.kill();
    await waitFor("killed server dropped", () => !byPid(registry.snapshot(), later.pid), 15_000);
  });
});

describe("discovery of password-protected servers", () => {
  let fleet: Fleet;
  const PASSWORD = "correct horse";

  beforeAll(async () => {
    fleet = await (await loadFleet())({ count: 1, password: PASSWORD });
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it("shows auth-required when its environment is unreadable, and becomes ready only with the right password", async () => {
    const server = fleet.servers[0];
    if (!server) throw new Error("no server");
    const registry = createRegistry({ readEnvironment: false });
    registry.start();
    try {
      const locked = await waitFor("password server listed", () => byPid(registry.snapshot(), server.pid), 5_000);
      expect(locked).toMatchObject({ status: "auth-required", eventsUrl: null, port: server.port });
      const wrong = await registry.setCredentials(locked.id, { username: "opencode", password: "wrong" });
      expect(wrong).toMatchObject({ ok: false, reason: "rejected" });
      expect(byPid(registry.snapshot(), server.pid)?.status).toBe("auth-required");
      const right = await registry.setCredentials(locked.id, { username: "opencode", password: PASSWORD });
      expect(right).toMatchObject({ ok: true, instance: { status: "ready", directory: server.directory, version: "1.18.33" } });
      const token = encodeURIComponent(Buffer.from(`opencode:${PASSWORD}`).toString("base64"));
      expect(byPid(registry.snapshot(), server.pid)?.eventsUrl).toBe(`http://127.0.0.1:${server.port}/global/event?auth_token=${token}`);
      // The stream URL really authenticates.
      const res = await fetch(`http://127.0.0.1:${server.port}/global/health?auth_token=${token}`);
      expect(res.status).toBe(200);
    } finally {
      await registry.stop();
    }
  });

  it("marks it ready directly when the credentials are in its environment", async () => {
    const server = fleet.servers[0];
    if (!server) throw new Error("no server");
    const registry = createRegistry({});
    registry.start();
    try {
      const inst = await waitFor("password server listed", () => byPid(registry.snapshot(), server.pid), 5_000);
      expect(inst).toMatchObject({ status: "ready", directory: server.directory });
      expect(inst.eventsUrl).toContain("?auth_token=");
    } finally {
      await registry.stop();
    }
  });
});

describe("listeners that only look like OpenCode", () => {
  const children: ChildProcess[] = [];

  async function spawnFake(mode: "html" | "hang"): Promise<{ pid: number; port: number }> {
    const child = spawn(process.execPath, [FAKE_LISTENER, mode], { stdio: ["ignore", "pipe", "inherit"] });
    children.push(child);
    const port = await new Promise<number>((resolve, reject) => {
      child.once("error", reject);
      child.stdout?.once("data", (d: Buffer) => resolve(Number(d.toString().trim())));
    });
    if (child.pid === undefined) throw new Error("spawn failed");
    return { pid: child.pid, port };
  }

  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  });

  it("never lists an HTML server or a never-answering server, nor reports them unreachable", async () => {
    const html = await spawnFake("html");
    const hang = await spawnFake("hang");
    // They are OpenCode candidates with a listening port: only the probe can tell them apart.
    const scan = await createHostScanner({ selfPid: process.pid, platform: process.platform, readEnvironment: false })();
    for (const fake of [html, hang]) {
      expect(scan.processes.find((p) => p.pid === fake.pid)?.sockets?.map((s) => s.port)).toEqual([fake.port]);
    }
    const docs: InstancesDocument[] = [];
    const registry = createRegistry({});
    registry.subscribe((d) => docs.push(d));
    registry.start();
    try {
      await scansPass(registry, 4);
      for (const doc of [...docs, registry.snapshot()]) {
        for (const fake of [html, hang]) {
          expect(byPid(doc, fake.pid)).toBeUndefined();
          expect(doc.unreachable.find((u) => u.pid === fake.pid)).toBeUndefined();
        }
      }
      expect(registry.snapshot().scan.error).toBeNull();
    } finally {
      await registry.stop();
    }
  });
});
