/**
 * The search index against real servers of both generations: OpenCode 1.0.61 (legacy /event),
 * 1.18.33 (/global/event) and 2.1.2 (/api/event, password), all started by the fleet, watched by a
 * real registry (which scans the whole machine: other helpers' servers are indexed too, so every
 * assertion picks by session id or by words only these sessions hold). Queries go through the real
 * hub app (buildApp + inject). Latency is printed, never asserted (scripts/bench measures it).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../app.js";
import type { IndexedSession, SearchResponse, SearchResult } from "../contract/hub-api.js";
import { createRegistry } from "../discovery/registry.js";
import type { InstanceRegistry } from "../discovery/types.js";
import { createLogger } from "../logger.js";
import { makeUiDir } from "../test-support/test-app.js";
import { createSearchService, type SearchService } from "./search-service.js";

/** The part of scripts/fleet this test uses (imported by path: it lives outside this package's rootDir). */
interface FleetServer {
  pid: number;
  url: string;
  directory: string;
  password?: string;
  headers: Record<string, string>;
  generation: 1 | 2;
  kill(signal?: NodeJS.Signals): Promise<void>;
}
interface Fleet {
  servers: FleetServer[];
  startServer(opts: { generation?: 1 | 2; bin?: string; legacyVersion?: string }): Promise<FleetServer>;
  stop(): Promise<void>;
}
interface FleetModule {
  startFleet(opts: { count: number; wordDelayMs?: number }): Promise<Fleet>;
  legacyOpencodeBin(): string | undefined;
  LEGACY_OPENCODE_VERSION: string;
}
interface ClientModule {
  createSession(target: FleetServer, body?: { title?: string }): Promise<{ id: string }>;
  promptAsync(target: FleetServer, sessionID: string, text: string): Promise<void>;
  isSettled(target: FleetServer, sessionID: string): Promise<boolean>;
  waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs?: number): Promise<T>;
}
const fleetModule = (await import(/* @vite-ignore */ fileURLToPath(new URL("../../../../scripts/fleet/index.ts", import.meta.url)))) as FleetModule;
const client = (await import(/* @vite-ignore */ fileURLToPath(new URL("../../../../scripts/fleet/client.ts", import.meta.url)))) as ClientModule;
const legacyBin = fleetModule.legacyOpencodeBin();

/** Words each said in one session only. */
const WORDS = { current: "quokkacurrent", v2: "quokkavtwo", legacy: "quokkalegacy" } as const;

describe("search over real OpenCode servers (1.0.61, 1.18.33, 2.1.2)", { timeout: 90_000 }, () => {
  let fleet: Fleet;
  let legacyFleet: Fleet | undefined;
  let current: FleetServer;
  let v2: FleetServer;
  let legacy: FleetServer | undefined;
  const sessions: Record<keyof typeof WORDS, string> = { current: "", v2: "", legacy: "" };
  let registry: InstanceRegistry;
  let search: SearchService;
  let app: FastifyInstance;
  let dir: string;
  let ui: ReturnType<typeof makeUiDir>;
  let logText = "";

  async function query(q: string): Promise<SearchResult[]> {
    const res = await app.inject({ method: "GET", url: `/api/search?q=${encodeURIComponent(q)}&limit=50` });
    expect(res.statusCode).toBe(200);
    return res.json<SearchResponse>().results;
  }
  const found = (q: string, sessionId: string, extra: (r: SearchResult) => boolean = () => true) =>
    client.waitFor(`"${q}" found in ${sessionId}`, async () => (await query(q)).find((r) => r.sessionId === sessionId && extra(r)), 60_000);
  const instanceIdOf = (pid: number) => registry.snapshot().instances.find((i) => i.pid === pid && i.status === "ready")?.id;

  async function startHub(): Promise<void> {
    const stream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        logText += chunk.toString();
        cb();
      },
    });
    const logger = createLogger({ level: "trace", stream });
    registry = createRegistry({ logger: logger.child({ component: "discovery" }) });
    search = createSearchService({ registry, dir, logger: logger.child({ component: "search" }) });
    app = await buildApp({ registry, uiDir: ui.dir, host: "127.0.0.1", search, version: "9.9.9-test" });
    registry.start();
    await search.start();
  }
  async function stopHub(): Promise<void> {
    await app?.close();
    await search?.stop();
    await registry?.stop();
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "switchboard-search-it-"));
    ui = makeUiDir();
    fleet = await fleetModule.startFleet({ count: 1, wordDelayMs: 5 });
    current = fleet.servers[0] as FleetServer;
    v2 = await fleet.startServer({ generation: 2 });
    // History written before the hub starts: the index must read it in the background.
    for (const [key, server] of [
      ["current", current],
      ["v2", v2],
    ] as const) {
      const s = await client.createSession(server);
      sessions[key] = s.id;
      await client.promptAsync(server, s.id, `please remember ${WORDS[key]} for later`);
      await client.waitFor("the reply", () => client.isSettled(server, s.id), 60_000);
    }
    if (legacyBin) {
      // 1.0.x keeps its own storage: a fleet of its own. It has no prompt_async: its blocking
      // POST …/message stores the prompt at once and answers when the turn ends, which is not waited for.
      legacyFleet = await fleetModule.startFleet({ count: 0 });
      const old = await legacyFleet.startServer({ bin: legacyBin, legacyVersion: fleetModule.LEGACY_OPENCODE_VERSION });
      legacy = old;
      sessions.legacy = (await client.createSession(old, { title: `legacy ${WORDS.legacy} notes` })).id;
      const body = JSON.stringify({ parts: [{ type: "text", text: `the legacy word is ${WORDS.legacy}prompt` }] });
      void fetch(`${old.url}/session/${sessions.legacy}/message`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        signal: AbortSignal.timeout(60_000),
      }).catch(() => {});
    }
    await startHub();
  }, 240_000);

  afterAll(async () => {
    await stopHub();
    await legacyFleet?.stop();
    await fleet?.stop();
    ui?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it("finds the words said in one session on 1.18.33 and on 2.1.2, with their instance ids", async () => {
    for (const key of ["current", "v2"] as const) {
      const server = key === "current" ? current : v2;
      const hit = await found(WORDS[key], sessions[key], (r) => r.role === "user");
      expect(hit).toMatchObject({ directory: server.directory, instanceId: instanceIdOf(server.pid), machine: null });
      expect(hit.snippet.slice(...(hit.matches[0] as [number, number])).toLowerCase()).toBe(WORDS[key]);
      // The mock's reply repeats the prompt: the assistant's text is indexed too.
      await found(WORDS[key], sessions[key], (r) => r.role === "assistant");
      expect((await query(WORDS[key])).every((r) => r.sessionId === sessions[key])).toBe(true);
    }
  });

  it.skipIf(!legacyBin)(
    "finds a 1.0.61 session by its title and its prompt (skipped where the 1.0.61 binary is not installed: linux-x64 only)",
    async () => {
      const hit = await found(WORDS.legacy, sessions.legacy);
      expect(hit.instanceId).toBe(instanceIdOf(legacy?.pid ?? -1));
      expect(hit.title).toBe(`legacy ${WORDS.legacy} notes`);
      const prompt = await found(`${WORDS.legacy}prompt`, sessions.legacy, (r) => r.role === "user");
      expect(prompt.snippet).toBe(`the legacy word is ${WORDS.legacy}prompt`);
    },
  );

  it("finds a reply that just finished, on 1.18.33 and 2.1.2 (events, not re-listing)", async () => {
    for (const [server, sessionId, word] of [
      [current, sessions.current, "wombatlive"],
      [v2, sessions.v2, "numbatlive"],
    ] as const) {
      await client.promptAsync(server, sessionId, `now say ${word}`);
      await client.waitFor("the reply", () => client.isSettled(server, sessionId), 60_000);
      const settled = Date.now();
      await found(word, sessionId, (r) => r.role === "assistant");
      console.log(
        `[search] ${server.generation === 2 ? "2.1.2" : "1.18.33"}: finished reply findable ${Date.now() - settled} ms after the server said settled`,
      );
    }
  });

  it("keeps a killed server's sessions findable (instanceId null) and readable", async () => {
    await current.kill("SIGKILL");
    await client.waitFor("the registry to drop it", async () => instanceIdOf(current.pid) === undefined, 30_000);
    const hit = await found(WORDS.current, sessions.current);
    expect(hit.instanceId).toBeNull();
    const res = await app.inject({ method: "GET", url: `/api/search/session/${sessions.current}` });
    expect(res.statusCode).toBe(200);
    const stored = res.json<IndexedSession>();
    expect(stored.instanceId).toBeNull();
    expect(stored.messages.map((m) => m.text).join("\n")).toContain("wombatlive");
  });

  it("after a hub restart on the same state folder, the killed server's sessions are still found", async () => {
    await stopHub();
    await startHub();
    // Straight from disk: found before any server could have been listed again.
    const hit = (await query(WORDS.current)).find((r) => r.sessionId === sessions.current);
    expect(hit?.instanceId).toBeNull();
    expect((await query("wombatlive")).some((r) => r.sessionId === sessions.current)).toBe(true);
    // The live 2.x server's session is there too, and gets its instance id back once listed.
    await found(WORDS.v2, sessions.v2, (r) => r.instanceId !== null);
  });

  it("never logs the 2.x password", () => {
    expect(logText).toContain("search:");
    expect(v2.password).toBeTruthy();
    expect(logText).not.toContain(v2.password as string);
    expect(logText).not.toContain(Buffer.from(`opencode:${v2.password ?? ""}`).toString("base64"));
  });
});
