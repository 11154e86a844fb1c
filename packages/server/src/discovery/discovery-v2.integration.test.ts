/**
 * Discovery of real OpenCode 2 (`@opencode/cli` 2.1.2) processes beside a real 1.18.33 `serve`,
 * all started by the fleet with one isolated HOME/XDG (the 2.x service on a port of its own, never
 * 49374). The hub app runs over the real registry, so the credentials route is the real one too.
 * The registry scans the whole machine (other helpers run OpenCode too): assertions pick by pid.
 */
import { readFileSync, realpathSync } from "node:fs";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../app.js";
import { createLogger } from "../logger.js";
import { makeUiDir } from "../test-support/test-app.js";
import { createRegistry } from "./registry.js";
import type { Instance, InstanceRegistry, InstancesDocument } from "./types.js";

/** The part of scripts/fleet this test uses (imported by path: it lives outside this package's rootDir). */
interface FleetServer {
  pid: number;
  port: number;
  url: string;
  directory: string;
  generation: 1 | 2;
  password?: string;
  version: string;
  /** 2.x TUIs: the process serving `port` (the service, or the standalone TUI's child). */
  serverPid?: number;
}
interface StartOptions {
  generation?: 1 | 2;
  kind?: "serve" | "tui" | "service" | "standalone";
  passwordVar?: boolean;
}
interface Fleet {
  home: string;
  servers: FleetServer[];
  startServer(opts?: StartOptions): Promise<FleetServer>;
  stop(): Promise<void>;
}
type StartFleet = (opts: { count: number }) => Promise<Fleet>;

const FLEET_MODULE = fileURLToPath(new URL("../../../../scripts/fleet/index.ts", import.meta.url));
const { startFleet } = (await import(/* @vite-ignore */ FLEET_MODULE)) as { startFleet: StartFleet };

/**
 * Polls until `fn` returns a truthy value or the deadline passes. The deadlines are generous: on this
 * 2-core machine shared with other fleets, probes time out and back off (measured: a 2.x serve listed
 * after 7–12 s in the first scan of a busy machine); how fast is measured in dev-docs, not asserted.
 */
async function waitFor<T>(what: string, fn: () => T | undefined | null | false, deadlineMs: number, last: () => unknown): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`not within ${deadlineMs} ms: ${what}; last document: ${JSON.stringify(last())}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const byPid = (doc: InstancesDocument, pid: number | undefined): Instance | undefined => doc.instances.find((i) => i.pid === pid);
const token = (password: string) => Buffer.from(`opencode:${password}`).toString("base64");

/** Reads an SSE response until `text` appears (or the deadline); returns what was read. */
async function readUntil(url: string, text: string, deadlineMs: number): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(deadlineMs) });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const reader = res.body?.getReader();
  if (!reader) throw new Error("no body");
  let seen = "";
  try {
    while (!seen.includes(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += Buffer.from(value).toString("utf8");
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return seen;
}

describe("discovery of real OpenCode 2 processes beside OpenCode 1.18.33", { timeout: 60_000 }, () => {
  let fleet: Fleet;
  let v1: FleetServer;
  let envServe: FleetServer;
  let stdoutServe: FleetServer;
  let service: FleetServer;
  let tui: FleetServer;
  let standalone: FleetServer;
  let registry: InstanceRegistry;
  let app: FastifyInstance;
  let ui: ReturnType<typeof makeUiDir>;
  let logText = "";
  const snapshot = () => registry.snapshot();

  beforeAll(async () => {
    // One after another: servers started together on a fresh shared HOME can race on the database migration.
    fleet = await startFleet({ count: 1 });
    const first = fleet.servers[0];
    if (!first) throw new Error("no 1.x server");
    v1 = first;
    envServe = await fleet.startServer({ generation: 2 });
    stdoutServe = await fleet.startServer({ generation: 2, passwordVar: false });
    service = await fleet.startServer({ generation: 2, kind: "service" });
    tui = await fleet.startServer({ generation: 2, kind: "tui" });
    standalone = await fleet.startServer({ generation: 2, kind: "standalone" });
    // Trace level: every line the registry and the routes write, debug included, must stay free of passwords.
    const stream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        logText += chunk.toString();
        cb();
      },
    });
    const logger = createLogger({ level: "trace", stream });
    registry = createRegistry({ logger });
    ui = makeUiDir();
    app = await buildApp({ registry, uiDir: ui.dir, host: "127.0.0.1", logger, version: "9.9.9-test" });
    registry.start();
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await registry?.stop();
    await fleet?.stop();
    ui?.cleanup();
  });

  it("finds a 2.x serve's OPENCODE_SERVER_PASSWORD unaided, and its eventsUrl streams server.connected", async () => {
    const found = await waitFor(
      "2.x serve ready",
      () => byPid(snapshot(), envServe.pid)?.status === "ready" && byPid(snapshot(), envServe.pid),
      30_000,
      snapshot,
    );
    expect(found).toMatchObject({
      kind: "serve",
      protocol: "v2",
      version: "2.1.2",
      port: envServe.port,
      url: `http://127.0.0.1:${envServe.port}`,
      directory: envServe.directory,
      attachedTuis: [],
      eventsUrl: `http://127.0.0.1:${envServe.port}/api/event?auth_token=${encodeURIComponent(token(envServe.password ?? ""))}`,
    });
    expect(await readUntil(found.eventsUrl ?? "", '"type":"server.connected"', 10_000)).toContain('"type":"server.connected"');
  });

  it("lists a 2.x serve whose password only went to its stdout as auth-required; POST credentials: wrong → 422, right → ready", async () => {
    const locked = await waitFor("stdout-password serve listed", () => byPid(snapshot(), stdoutServe.pid), 30_000, snapshot);
    expect(locked).toMatchObject({
      kind: "serve",
      protocol: "v2",
      status: "auth-required",
      eventsUrl: null,
      version: null,
      directory: stdoutServe.directory,
    });
    const post = (password: string) => app.inject({ method: "POST", url: `/api/instances/${locked.id}/credentials`, payload: { password } });
    const wrong = await post("not-the-password");
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ ok: false, reason: "rejected" });
    expect(byPid(snapshot(), stdoutServe.pid)?.status).toBe("auth-required");
    const right = await post(stdoutServe.password ?? "");
    expect(right.statusCode).toBe(200);
    expect(right.json()).toMatchObject({
      ok: true,
      instance: { id: locked.id, status: "ready", protocol: "v2", version: "2.1.2", directory: stdoutServe.directory },
    });
    const listed = (await app.inject({ method: "GET", url: "/api/instances" })).json() as InstancesDocument;
    expect(byPid(listed, stdoutServe.pid)).toMatchObject({
      status: "ready",
      eventsUrl: `${stdoutServe.url}/api/event?auth_token=${encodeURIComponent(token(stdoutServe.password ?? ""))}`,
    });
  });

  it("lists the 2.x service on its own port as kind service, ready through service.json, with the default TUI attached (never unreachable)", async () => {
    expect(service.port).not.toBe(49374);
    const servicePid = service.serverPid ?? service.pid;
    const found = await waitFor(
      "service ready with the TUI attached",
      () => {
        const i = byPid(snapshot(), servicePid);
        return i?.status === "ready" && i.attachedTuis.some((t) => t.pid === tui.pid) && i;
      },
      30_000,
      snapshot,
    );
    expect(found).toMatchObject({ kind: "service", protocol: "v2", version: "2.1.2", port: service.port });
    // Its password can only have come from service.json: its environment does not hold it.
    expect(service.password).toBeTruthy();
    expect(readFileSync(`/proc/${servicePid}/environ`, "utf8")).not.toContain(service.password ?? "");
    expect(found.eventsUrl).toBe(`${service.url}/api/event?auth_token=${encodeURIComponent(token(service.password ?? ""))}`);
    // The service runs in HOME and serves every folder.
    expect(found.directory).toBe(realpathSync(fleet.home));
    expect(found.attachedTuis).toContainEqual({ pid: tui.pid, directory: tui.directory });
    expect(tui.serverPid).toBe(servicePid);
    expect(snapshot().unreachable.find((u) => u.pid === tui.pid)).toBeUndefined();
  });

  it("lists a standalone TUI's private server as kind tui in the TUI's folder; the TUI itself is never unreachable", async () => {
    const found = await waitFor(
      "standalone child ready",
      () => byPid(snapshot(), standalone.serverPid)?.status === "ready" && byPid(snapshot(), standalone.serverPid),
      30_000,
      snapshot,
    );
    // Its TUI is the instance itself, not a client attached to it.
    expect(found).toMatchObject({
      kind: "tui",
      protocol: "v2",
      version: "2.1.2",
      port: standalone.port,
      directory: standalone.directory,
      attachedTuis: [],
    });
    expect(found.eventsUrl).toContain("/api/event?auth_token=");
    expect(snapshot().unreachable.find((u) => u.pid === standalone.pid)).toBeUndefined();
  });

  it("keeps listing the 1.18.33 serve as before, side by side", async () => {
    const found = await waitFor("1.x serve ready", () => byPid(snapshot(), v1.pid), 30_000, snapshot);
    expect(found).toMatchObject({
      kind: "serve",
      protocol: "global",
      version: "1.18.33",
      status: "ready",
      directory: v1.directory,
      eventsUrl: `${v1.url}/global/event`,
      attachedTuis: [],
    });
  });

  it("never writes a password (or its auth_token) to the log", async () => {
    // Runs last: by now every server above was found, unlocked and logged.
    expect(logText).toContain("OpenCode server found");
    expect(logText).toContain("/api/instances/");
    const secrets = [envServe, stdoutServe, service, standalone].flatMap((s) => (s.password ? [s.password, token(s.password)] : []));
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    for (const secret of secrets) expect(logText).not.toContain(secret);
  });
});
