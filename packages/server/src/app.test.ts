import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readVersion } from "./config.js";
import { buildApp } from "./app.js";
import { createFakeRegistry, sampleDocument } from "./test-support/fake-registry.js";
import { buildTestApp, INDEX_HTML, makeUiDir } from "./test-support/test-app.js";

const html = { accept: "text/html,application/xhtml+xml,*/*;q=0.8" };

describe("hub app", () => {
  let app: FastifyInstance;
  let ui: ReturnType<typeof makeUiDir>;

  beforeAll(async () => {
    ui = makeUiDir();
    ({ app } = await buildTestApp({ uiDir: ui.dir }));
  });
  afterAll(async () => {
    await app.close();
    ui.cleanup();
  });

  it("GET /api/health answers ok and the version", async () => {
    const res = await app.inject({ url: "/api/health" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, version: "9.9.9-test" });
  });

  it("reports the package version by default", async () => {
    const plain = await buildApp({ registry: createFakeRegistry(), uiDir: ui.dir, host: "127.0.0.1" });
    const res = await plain.inject({ url: "/api/health" });
    expect(res.json()).toEqual({ ok: true, version: readVersion() });
    await plain.close();
  });

  it("GET /api/instances keeps every field, nulls included", async () => {
    const res = await app.inject({ url: "/api/instances" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    // Deep equality: fast-json-stringify would drop an undeclared field or coerce a null.
    expect(res.json()).toStrictEqual(sampleDocument());
    const body = res.json() as ReturnType<typeof sampleDocument>;
    expect(body.instances[1]).toMatchObject({ directory: null, version: null, eventsUrl: null, error: null });
    expect(body.instances[2]).toMatchObject({ status: "error", error: expect.stringContaining("DrizzleError") });
    expect(body.scan).toEqual({ at: "2025-01-01T00:00:01.000Z", durationMs: 12.5, method: "procfs", error: null });
  });

  it("GET /api/instances passes a scan error through", async () => {
    const registry = createFakeRegistry({ ...sampleDocument(), scan: { at: "x", durationMs: 1, method: "none", error: "Cannot read /proc" } });
    const { app: other } = await buildTestApp({ uiDir: ui.dir, registry });
    expect((await other.inject({ url: "/api/instances" })).json()).toMatchObject({ scan: { method: "none", error: "Cannot read /proc" } });
    await other.close();
  });

  it("serves index.html at / with the security headers", async () => {
    const res = await app.inject({ url: "/", headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(INDEX_HTML);
    expect(res.headers["content-security-policy"]).toContain(
      "connect-src 'self' http://127.0.0.1:* http://localhost:* ws://127.0.0.1:* ws://localhost:*",
    );
    expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
  });

  it("serves assets with long caching", async () => {
    const res = await app.inject({ url: "/assets/app-abc123.js" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/javascript/);
    expect(res.headers["cache-control"]).toContain("immutable");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("sends the build's precompressed copy to a browser that accepts it, and the original to one that does not", async () => {
    const { writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { brotliCompressSync, gzipSync, brotliDecompressSync } = await import("node:zlib");
    const script = `export const big = ${JSON.stringify("switchboard ".repeat(500))};\n`;
    writeFileSync(join(ui.dir, "assets", "big-def456.js"), script);
    writeFileSync(join(ui.dir, "assets", "big-def456.js.br"), brotliCompressSync(script));
    writeFileSync(join(ui.dir, "assets", "big-def456.js.gz"), gzipSync(script));

    const br = await app.inject({ url: "/assets/big-def456.js", headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(br.statusCode).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toMatch(/javascript/);
    expect(br.headers["vary"]).toMatch(/accept-encoding/i);
    expect(br.headers["cache-control"]).toContain("immutable");
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);

    const gz = await app.inject({ url: "/assets/big-def456.js", headers: { "accept-encoding": "gzip" } });
    expect(gz.headers["content-encoding"]).toBe("gzip");

    const plain = await app.inject({ url: "/assets/big-def456.js" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it("answers / with the page for any Accept and Accept-Encoding (the service worker asks with */*, br)", async () => {
    for (const headers of [{ accept: "*/*", "accept-encoding": "gzip, deflate, br, zstd" }, { accept: "*/*" }, html]) {
      const res = await app.inject({ url: "/", headers });
      expect(res.statusCode, JSON.stringify(headers)).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
    }
  });

  it("answers a deep link with index.html (SPA fallback)", async () => {
    const res = await app.inject({ url: "/session/abc", headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(INDEX_HTML);
    expect(res.headers["cache-control"]).toBe("no-cache");
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
  });

  it("answers a missing asset with 404, not index.html", async () => {
    const res = await app.inject({ url: "/assets/x.js", headers: { accept: "*/*" } });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain("Switchboard test UI");
  });

  it("answers an unknown API route with a JSON 404", async () => {
    const res = await app.inject({ url: "/api/nope", headers: html });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ ok: false, reason: "not-found", message: "No API route GET /api/nope." });
  });

  it("answers a bad body with the one error shape", async () => {
    const res = await app.inject({ method: "POST", url: "/api/instances/inst-6421/credentials", payload: { password: 5 } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ ok: false, reason: "bad-request", message: expect.stringContaining("password") });
  });

  it("answers a body that is not JSON with the one error shape", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/instances/inst-6421/credentials",
      headers: { "content-type": "application/json" },
      payload: "{oops",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ ok: false, reason: "bad-request" });
  });

  it("answers a thrown error with 500 and the one error shape, without its detail", async () => {
    const registry = createFakeRegistry();
    registry.credentialAnswer = () => {
      throw new Error("secret internals");
    };
    const { app: other } = await buildTestApp({ uiDir: ui.dir, registry });
    const res = await other.inject({ method: "POST", url: "/api/instances/inst-6421/credentials", payload: { password: "pw" } });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ ok: false, reason: "internal", message: expect.any(String) });
    expect(res.body).not.toContain("secret internals");
    await other.close();
  });

  it("has no proxy route", async () => {
    const res = await app.inject({ url: "/api/proxy/http://127.0.0.1:4096/session" });
    expect(res.statusCode).toBe(404);
  });
});

describe("hub app without a UI build", () => {
  it("explains how to build the page, and keeps the API up", async () => {
    const { app } = await buildTestApp({ uiDir: "/nonexistent/switchboard-ui" });
    const page = await app.inject({ url: "/" });
    expect(page.statusCode).toBe(503);
    expect(page.headers["content-type"]).toMatch(/^text\/plain/);
    expect(page.body).toContain("npm start");
    expect((await app.inject({ url: "/session/abc", headers: html })).body).toContain("npm start");
    expect((await app.inject({ url: "/api/instances" })).statusCode).toBe(200);
    expect((await app.inject({ url: "/assets/x.js" })).statusCode).toBe(404);
    await app.close();
  });
});
