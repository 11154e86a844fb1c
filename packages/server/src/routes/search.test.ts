import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../app.js";
import type { IndexedSession, SearchResponse } from "../contract/hub-api.js";
import { createRemoteAuth } from "../remote/auth-state.js";
import { createFailureLimiter } from "../remote/failure-limiter.js";
import type { SearchService } from "../search/search-service.js";
import type { StoredSession } from "../search/types.js";
import { createFakeRegistry, sampleDocument } from "../test-support/fake-registry.js";
import { storedSearchService } from "../test-support/stored-search.js";
import { makeUiDir } from "../test-support/test-app.js";

const XSS = '<img src=x onerror="alert(1)"> lemur';
const sessions: StoredSession[] = [
  {
    sessionId: "ses_a",
    directory: "/w/a",
    title: "Lemur planning",
    updated: 50,
    messages: [
      { messageId: "msg_1", role: "user", text: XSS, time: 10 },
      { messageId: "msg_2", role: "assistant", text: "lemur lemur answer", time: 20 },
      { messageId: "msg_2", role: "tool", text: "rg lemur src", time: 20 },
    ],
  },
  {
    sessionId: "ses_b",
    directory: "/w/b",
    title: "other",
    updated: 60,
    messages: Array.from({ length: 5 }, (_, i) => ({ messageId: `msg_b${i}`, role: "user" as const, text: `lemur ${i}`, time: 30 + i })),
  },
];

let dir: string;
let ui: ReturnType<typeof makeUiDir>;
let search: SearchService;
let app: FastifyInstance;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "switchboard-search-route-"));
  ui = makeUiDir();
  search = await storedSearchService(dir, sessions);
  app = await buildApp({ registry: createFakeRegistry({ ...sampleDocument(), instances: [] }), uiDir: ui.dir, host: "127.0.0.1", search });
});

afterAll(async () => {
  await app?.close();
  await search?.stop();
  ui?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const get = async <T>(url: string) => {
  const res = await app.inject({ method: "GET", url });
  return { status: res.statusCode, body: res.json<T>() };
};

describe("GET /api/search", () => {
  it("answers the contract's shape; snippet is the stored text as plain text with offsets of the matches", async () => {
    const { status, body } = await get<SearchResponse>("/api/search?q=onerror");
    expect(status).toBe(200);
    expect(body.next).toBeNull();
    expect(body.results).toEqual([
      {
        sessionId: "ses_a",
        messageId: "msg_1",
        instanceId: null,
        machine: null,
        directory: "/w/a",
        title: "Lemur planning",
        role: "user",
        snippet: XSS,
        matches: [[11, 18]],
        time: 10,
        score: expect.any(Number),
      },
    ]);
  });

  it("filters by role and directory, and pages with next", async () => {
    expect((await get<SearchResponse>("/api/search?q=lemur&role=tool")).body.results.map((r) => r.messageId)).toEqual(["msg_2"]);
    expect((await get<SearchResponse>("/api/search?q=lemur&directory=%2Fw%2Fb")).body.results).toHaveLength(5);
    const first = await get<SearchResponse>("/api/search?q=lemur&limit=3");
    expect(first.body.results).toHaveLength(3);
    const seen = first.body.results.map((r) => `${r.messageId}:${r.role}:${r.snippet}`);
    let next = first.body.next;
    while (next) {
      const page = await get<SearchResponse>(`/api/search?q=lemur&limit=3&cursor=${next}`);
      seen.push(...page.body.results.map((r) => `${r.messageId}:${r.role}:${r.snippet}`));
      next = page.body.next;
    }
    // Every message document (8) and the title document, each once.
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
  });

  it("refuses a bad limit, since or cursor with words", async () => {
    for (const q of ["limit=0", "limit=500", "since=yesterday", "cursor=nope", "role=system"]) {
      const { status, body } = await get<{ ok: boolean; message: string }>(`/api/search?q=lemur&${q}`);
      expect(status, q).toBe(400);
      expect(body.ok).toBe(false);
      expect(body.message.length).toBeGreaterThan(5);
    }
    expect((await get("/api/search")).status).toBe(400);
  });
});

describe("GET /api/search/session/:sessionId", () => {
  it("serves a stored session read-only, with no running server (instanceId null)", async () => {
    const { status, body } = await get<IndexedSession>("/api/search/session/ses_a");
    expect(status).toBe(200);
    expect(body).toEqual({
      sessionId: "ses_a",
      instanceId: null,
      machine: null,
      directory: "/w/a",
      title: "Lemur planning",
      updated: 50,
      messages: sessions[0]?.messages,
    });
    expect((await get("/api/search/session/ses_nope")).status).toBe(404);
  });
});

describe("remote mode", () => {
  it("refuses /api/search without the sign-in cookie, and answers with it", async () => {
    const auth = createRemoteAuth();
    const remote = await buildApp({
      registry: createFakeRegistry({ ...sampleDocument(), instances: [] }),
      uiDir: ui.dir,
      host: "127.0.0.2",
      search,
      remote: { auth, limiter: createFailureLimiter({ max: 10, windowMs: 60_000 }), secure: false, onRotate: () => {} },
    });
    try {
      const headers = { host: "127.0.0.2" };
      const refused = await remote.inject({ method: "GET", url: "/api/search?q=lemur", headers });
      expect(refused.statusCode).toBe(401);
      expect(refused.body).not.toContain("lemur");
      expect((await remote.inject({ method: "GET", url: "/api/search/session/ses_a", headers })).statusCode).toBe(401);
      const signIn = await remote.inject({ method: "GET", url: `/auth/${auth.mintToken()}`, headers });
      const cookie = String(signIn.headers["set-cookie"]).split(";")[0] as string;
      const ok = await remote.inject({ method: "GET", url: "/api/search?q=lemur", headers: { ...headers, cookie } });
      expect(ok.statusCode).toBe(200);
      expect(ok.json<SearchResponse>().results.length).toBeGreaterThan(0);
    } finally {
      await remote.close();
    }
  });
});
