// Issue 17's findings 2–5, each against a remote-mode hub: encoded paths, /auth/ as a way around
// the gate, the limiter locking out the rightful user, secrets in the log, and the relay's routes.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../logger.js";
import { startRemoteHub, type RemoteHub } from "../test-support/remote-hub.js";
import { SESSION_COOKIE } from "./cookie.js";

let hub: RemoteHub;

beforeAll(async () => {
  hub = await startRemoteHub();
});

afterAll(async () => {
  await hub?.close();
});

describe("one decoded path for every check (finding 2)", () => {
  it("refuses a cross-site POST to /%61pi/… like one to /api/…, and signs nobody out", async () => {
    const cookie = await hub.signIn();
    for (const path of ["/%61pi/remote/rotate", "/%61%70%69/remote/rotate", "/api/remote/rotate"]) {
      const res = await hub.raw("POST", path, { cookie, origin: "http://evil.example", "sec-fetch-site": "same-site" });
      expect(res.status, path).toBe(403);
    }
    expect(hub.rotated).toEqual([]);
    expect((await hub.raw("GET", "/%61pi/health", { cookie })).status).toBe(200);
  });

  it("refuses a cross-site relay write spelled with escapes", async () => {
    const cookie = await hub.signIn();
    hub.seen.length = 0;
    const res = await hub.raw("POST", "/%72elay/inst-up/session", { cookie, origin: "http://evil.example" });
    expect(res.status).toBe(403);
    expect(hub.seen).toEqual([]);
  });
});

describe("/auth/ is the sign-in route only (finding 3)", () => {
  it.each([
    "/auth/../assets/app-abc123.js",
    "/auth/%2e%2e/sw.js",
    "/auth/%2E%2E/assets/app-abc123.js",
    "/auth/.%2e/index.html",
    "/auth/x%2f..%2f..%2fassets/app-abc123.js",
  ])("refuses %s before anything is served (400, JSON)", async (path) => {
    const res = await hub.raw("GET", path);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, reason: "bad-path" });
  });

  it.each(["/auth/", "/auth/x/assets/app-abc123.js", "/auth/x/index.html", "/authx/app.js"])(
    "answers %s with 401 without a session",
    async (path) => {
      const res = await hub.raw("GET", path, { accept: "text/html" });
      expect(res.status).toBe(401);
      expect(res.body).not.toContain("console.log");
    },
  );
});

describe("the limiter never locks the rightful user out (finding 4)", () => {
  it("a cookie that rotation revoked is told 'signed out', never counted, and the new link works", async () => {
    const stale = await hub.signIn();
    const fresh = hub.auth.rotate();
    for (let i = 0; i < 30; i++) {
      const res = await hub.raw("GET", i % 2 ? "/" : "/api/instances", { cookie: stale, accept: "text/html" });
      expect(res.status).toBe(401);
      expect(res.body).toMatch(/signed out/);
      expect(res.headers["set-cookie"]?.[0]).toMatch(/Max-Age=0/);
    }
    // Cookies the hub never knew (e.g. from before a restart) are not guesses either.
    for (let i = 0; i < 30; i++)
      expect((await hub.raw("GET", "/api/health", { cookie: `${SESSION_COOKIE}=${"n".repeat(42)}${i % 10}` })).status).toBe(401);
    const res = await fetch(`${hub.base}/auth/${fresh}`, { redirect: "manual", headers: { cookie: stale } });
    expect(res.status).toBe(303);
    expect(res.headers.get("set-cookie")).toMatch(/HttpOnly/);
  });

  it("picks the valid cookie when junk or a stale one comes first", async () => {
    const stale = await hub.signIn();
    hub.auth.rotate();
    const valid = await hub.signIn();
    const value = (c: string) => c.slice(c.indexOf("=") + 1);
    expect((await hub.raw("GET", "/api/health", { cookie: `${SESSION_COOKIE}=junk; ${valid}` })).status).toBe(200);
    expect((await hub.raw("GET", "/api/health", { cookie: `${stale}; ${SESSION_COOKIE}=${value(valid)}` })).status).toBe(200);
  });

  it("a used link is not a strike; a valid link presented while locked out is void", async () => {
    const locked = await startRemoteHub({ limiter: { max: 3 } });
    try {
      const used = locked.auth.mintToken();
      expect((await fetch(`${locked.base}/auth/${used}`, { redirect: "manual" })).status).toBe(303);
      for (let i = 0; i < 10; i++) expect((await fetch(`${locked.base}/auth/${used}`, { redirect: "manual" })).status).toBe(401);
      for (let i = 0; i < 3; i++) expect((await fetch(`${locked.base}/auth/${"g".repeat(42)}${i}`, { redirect: "manual" })).status).toBe(401);
      const token = locked.auth.mintToken();
      const refused = await fetch(`${locked.base}/auth/${token}`, { redirect: "manual" });
      expect(refused.status).toBe(429);
      expect(await refused.text()).toMatch(/void/);
      expect(locked.auth.tokenState(token)).toBe("spent");
    } finally {
      await locked.close();
    }
  });
});

describe("no secret in the log at any level (finding 5)", () => {
  it("logs the sign-in path as /auth/… with SWITCHBOARD_LOG=debug's request lines", async () => {
    let text = "";
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        text += chunk.toString();
        done();
      },
    });
    const logged = await startRemoteHub({ logger: createLogger({ level: "debug", stream: sink }) });
    try {
      const token = logged.auth.mintToken();
      const spare = logged.auth.mintToken();
      const res = await fetch(`${logged.base}/auth/${token}`, { redirect: "manual" });
      expect(res.status).toBe(303);
      const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] as string;
      await logged.raw("GET", `/auth/${spare}/..`);
      await logged.raw("GET", `/auth/${"w".repeat(43)}`);
      await logged.raw("GET", "/api/health", { cookie });
      expect(text).toContain('"url":"/auth/…"');
      expect(text).toContain("incoming request");
      for (const secret of [token, spare, cookie.split("=")[1] as string]) expect(text).not.toContain(secret);
    } finally {
      await logged.close();
    }
  });
});

describe("the relay matches method and path together (finding 5)", () => {
  it("creates a session and sends to it, on OpenCode 1.x and 2", async () => {
    const cookie = await hub.signIn();
    const post = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${hub.base}${path}`, {
        method: "POST",
        headers: { cookie, origin: hub.base, "content-type": "application/json", ...headers },
        body: '{"title":"t"}',
      });
    hub.seen.length = 0;
    for (const path of [
      "/relay/inst-up/session",
      "/relay/inst-up/session/ses_1/message",
      "/relay/inst-up/session/ses_1/prompt_async",
      "/relay/inst-v2/api/session",
      "/relay/inst-v2/api/session/ses_1/prompt",
    ]) {
      expect((await post(path, { "x-opencode-directory": "/tmp/proj", "x-other": "no" })).status, path).toBe(200);
    }
    expect(hub.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST /session",
      "POST /session/ses_1/message",
      "POST /session/ses_1/prompt_async",
      "POST /api/session",
      "POST /api/session/ses_1/prompt",
    ]);
    expect(
      hub.seen.every((r) => r.headers["x-opencode-directory"] === "/tmp/proj" && r.headers["x-other"] === undefined && r.body === '{"title":"t"}'),
    ).toBe(true);
  });
});
