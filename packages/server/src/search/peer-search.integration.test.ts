/**
 * Search across machines, hub to hub on loopback: hub B runs in remote mode with its own index;
 * hub A adds B with B's real one-time sign-in link (the peer credential trade), and A's
 * /api/search then holds B's hits, labelled with B's name, merged and paged with A's own. A slow B
 * and a stopped B do not hold A's answer back, and the answer says B is missing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildApp } from "../app.js";
import type { IndexedSession, SearchResponse } from "../contract/hub-api.js";
import type { DiscoveryLogger } from "../discovery/registry.js";
import { createPeers, type Peers } from "../machines/peers.js";
import { stubUrlServers } from "../test-support/stub-sources.js";
import { createRemoteAuth } from "../remote/auth-state.js";
import { createFailureLimiter } from "../remote/failure-limiter.js";
import { loadPeerCredentials } from "../remote/peer-credentials.js";
import { createFakeRegistry, sampleDocument } from "../test-support/fake-registry.js";
import { makeUiDir } from "../test-support/test-app.js";
import { storedSearchService } from "../test-support/stored-search.js";
import type { SearchService } from "./search-service.js";
import type { StoredSession } from "./types.js";

/** Generous: on a loaded machine a healthy peer must not be taken for a slow one. */
const PEER_TIMEOUT_MS = 5_000;

const session = (id: string, title: string, texts: string[]): StoredSession => ({
  sessionId: id,
  directory: `/work/${id}`,
  title,
  updated: 1,
  messages: texts.map((text, i) => ({ messageId: `${id}-m${i}`, role: "user", text, time: 1000 + i })),
});

const silent: DiscoveryLogger = { info() {}, warn() {}, error() {}, debug() {} };
const dirs: string[] = [];
const ui = makeUiDir();
let serviceA: SearchService;
let serviceB: SearchService;
let hubA: FastifyInstance;
let hubB: FastifyInstance;
let baseA: string;
let peers: Peers;
/** Milliseconds B waits before answering a search (a slow machine). */
let bDelayMs = 0;

/** A search service over no servers, its index loaded from a store written beforehand. */
async function indexOf(sessions: StoredSession[]): Promise<SearchService> {
  const dir = mkdtempSync(join(tmpdir(), "sb-peer-search-"));
  dirs.push(dir);
  return storedSearchService(dir, sessions);
}

const search = async (query: string): Promise<SearchResponse> => {
  const res = await fetch(`${baseA}/api/search?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as SearchResponse;
};

beforeAll(async () => {
  serviceB = await indexOf([
    session("ses_b1", "Okapi migration", ["the okapi migration runs on machine b", "zebrafish only here"]),
    session("ses_b2", "shared", ["quokka words on b", "quokka again on b"]),
  ]);
  serviceA = await indexOf([session("ses_a1", "local", ["quokka words on a", "quokka and more quokka"])]);

  const stateB = mkdtempSync(join(tmpdir(), "sb-peer-search-b-"));
  dirs.push(stateB);
  const auth = createRemoteAuth();
  hubB = await buildApp({
    registry: createFakeRegistry({ ...sampleDocument(), instances: [] }),
    uiDir: ui.dir,
    host: "127.0.0.1",
    search: serviceB,
    remote: {
      auth,
      limiter: createFailureLimiter({ max: 10, windowMs: 60_000 }),
      secure: false,
      onRotate: () => undefined,
      peers: { credentials: await loadPeerCredentials(stateB), machine: { id: "machine-b-id", name: "machine-b" } },
    },
  });
  hubB.addHook("onRequest", async (request) => {
    if (bDelayMs > 0 && request.url.startsWith("/api/search")) await new Promise((resolve) => setTimeout(resolve, bDelayMs).unref());
  });
  await hubB.listen({ port: 0, host: "127.0.0.1" });
  const baseB = `http://127.0.0.1:${(hubB.server.address() as AddressInfo).port}`;

  const stateA = mkdtempSync(join(tmpdir(), "sb-peer-search-a-"));
  dirs.push(stateA);
  peers = createPeers({ dir: stateA, logger: silent });
  const urlServers = stubUrlServers();
  hubA = await buildApp({
    registry: createFakeRegistry({ ...sampleDocument(), instances: [] }),
    uiDir: ui.dir,
    host: "127.0.0.1",
    search: serviceA,
    peerSearchTimeoutMs: PEER_TIMEOUT_MS,
    machines: { urlServers, peers, upstreamOf: () => ({ authorization: null }) },
  });
  await hubA.listen({ port: 0, host: "127.0.0.1" });
  baseA = `http://127.0.0.1:${(hubA.server.address() as AddressInfo).port}`;

  // "Add a machine" with B's one-time link, as the page's dialog does.
  const added = await fetch(`${baseA}/api/machines`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseA },
    body: JSON.stringify({ link: `${baseB}/auth/${auth.mintToken()}` }),
  });
  expect(added.status).toBe(200);
  await vi.waitFor(() => expect(peers.searchTargets?.()[0]?.status).toBe("connected"), { timeout: 10_000, interval: 20 });
}, 30_000);

afterAll(async () => {
  await hubA?.close();
  await peers?.stop();
  await hubB?.close();
  await serviceA?.stop();
  await serviceB?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  ui.cleanup();
});

describe("search across machines", () => {
  it("finds words said only on the peer, labelled with its machine", async () => {
    const answer = await search("q=zebrafish");
    expect(answer.unanswered).toEqual([]);
    expect(answer.results).toHaveLength(1);
    expect(answer.results[0]).toMatchObject({ sessionId: "ses_b1", messageId: "ses_b1-m1", machine: "machine-b", instanceId: null });
    expect(answer.results[0]?.snippet.slice(...(answer.results[0]?.matches[0] as [number, number]))).toBe("zebrafish");
  });

  it("merges both machines' hits and pages through every one exactly once", async () => {
    const all = await search("q=quokka&limit=100");
    expect(new Set(all.results.map((r) => `${r.machine ?? "here"}:${r.messageId}`))).toEqual(
      new Set(["here:ses_a1-m0", "here:ses_a1-m1", "machine-b:ses_b2-m0", "machine-b:ses_b2-m1"]),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: SearchResponse = await search(`q=quokka&limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.results.map((r) => `${r.machine ?? "here"}:${r.messageId}`));
      cursor = page.next;
    } while (cursor !== null && seen.length < 10);
    expect(seen.sort()).toEqual(all.results.map((r) => `${r.machine ?? "here"}:${r.messageId}`).sort());
  });

  it("asks only this hub with local=1 (what peers send, so two hubs never ask each other back)", async () => {
    const answer = await search("q=zebrafish&local=1");
    expect(answer.results).toEqual([]);
    expect(answer.unanswered).toEqual([]);
  });

  it("reads a peer's session as indexed there", async () => {
    const res = await fetch(`${baseA}/api/search/session/ses_b1`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as IndexedSession;
    expect(body).toMatchObject({ sessionId: "ses_b1", machine: "machine-b", title: "Okapi migration" });
    expect(body.messages.map((m) => m.text)).toContain("zebrafish only here");
    expect((await fetch(`${baseA}/api/search/session/ses_nowhere`)).status).toBe(404);
  });

  it("answers without a slow peer, saying its hits are missing", { timeout: 30_000 }, async () => {
    bDelayMs = PEER_TIMEOUT_MS * 6;
    try {
      const answer = await search("q=quokka");
      expect(answer.results.map((r) => r.machine)).toEqual([null, null]);
      expect(answer.unanswered).toEqual([{ machine: "machine-b", message: expect.stringMatching(/machine-b did not answer within 5 s/) }]);
    } finally {
      bDelayMs = 0;
    }
  });

  it("answers without a stopped peer, saying so", async () => {
    await hubB.close();
    const answer = await search("q=quokka");
    expect(answer.results.map((r) => r.sessionId)).toEqual(["ses_a1", "ses_a1"]);
    expect(answer.unanswered).toHaveLength(1);
    expect(answer.unanswered[0]?.machine).toBe("machine-b");
    expect(answer.unanswered[0]?.message).toMatch(/^machine-b .+: its sessions are not in these results\.$/);
  });
});
