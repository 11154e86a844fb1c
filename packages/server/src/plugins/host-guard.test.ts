import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, makeUiDir } from "../test-support/test-app.js";
import { crossSiteRefusal, isAllowedHost, parseHostHeader } from "./host-guard.js";

describe("parseHostHeader / isAllowedHost", () => {
  it("parses names, IPv4, bracketed IPv6, with or without port", () => {
    expect(parseHostHeader("LocalHost:7420")).toBe("localhost");
    expect(parseHostHeader("127.0.0.1")).toBe("127.0.0.1");
    expect(parseHostHeader("[::1]:7420")).toBe("::1");
    expect(parseHostHeader("[::1]")).toBe("::1");
    expect(parseHostHeader("::1")).toBeNull();
    expect(parseHostHeader("a b")).toBeNull();
    expect(parseHostHeader(undefined)).toBeNull();
  });

  it("allows loopback names and the configured host only", () => {
    expect(isAllowedHost("localhost:1", "127.0.0.1")).toBe(true);
    expect(isAllowedHost("192.168.1.5:7420", "192.168.1.5")).toBe(true);
    expect(isAllowedHost("[fe80::1]:7420", "fe80::1")).toBe(true);
    expect(isAllowedHost("evil.com", "127.0.0.1")).toBe(false);
    expect(isAllowedHost("localhost.evil.com", "127.0.0.1")).toBe(false);
    expect(isAllowedHost("127.0.0.1.nip.io", "127.0.0.1")).toBe(false);
  });

  it("refuses only unsafe API requests from another origin", () => {
    const post = (headers: Record<string, string>) =>
      crossSiteRefusal({ method: "POST", url: "/api/x", headers: { host: "127.0.0.1:7420", ...headers } });
    expect(post({})).toBeNull();
    expect(post({ origin: "http://127.0.0.1:7420", "sec-fetch-site": "same-origin" })).toBeNull();
    expect(post({ origin: "http://localhost:4096" })).toMatch(/Refused/);
    expect(post({ origin: "null" })).toMatch(/Refused/);
    expect(post({ "sec-fetch-site": "cross-site" })).toMatch(/another site/);
    expect(post({ "sec-fetch-site": "same-site" })).toMatch(/another site/);
    expect(crossSiteRefusal({ method: "GET", url: "/api/x", headers: { origin: "https://evil.com" } })).toBeNull();
  });
});

describe("host guard on the app", () => {
  let app: FastifyInstance;
  let ui: ReturnType<typeof makeUiDir>;

  beforeAll(async () => {
    ui = makeUiDir();
    ({ app } = await buildTestApp({ uiDir: ui.dir, host: "192.168.1.5" }));
  });
  afterAll(async () => {
    await app.close();
    ui.cleanup();
  });

  const get = (url: string, host: string) => app.inject({ url, headers: { host, accept: "text/html" } });

  it.each(["localhost:7420", "localhost", "127.0.0.1", "127.0.0.1:7420", "[::1]", "[::1]:7420", "192.168.1.5:7420"])(
    "accepts Host %s",
    async (host) => {
      expect((await get("/api/health", host)).statusCode).toBe(200);
    },
  );

  it.each(["/api/health", "/api/instances", "/api/instances/stream", "/", "/assets/app-abc123.js", "/session/abc"])(
    "refuses Host evil.com for %s with a plain explanation",
    async (url) => {
      const res = await get(url, "evil.com");
      expect(res.statusCode).toBe(403);
      expect(res.headers["content-type"]).toMatch(/^application\/json/);
      expect(res.body).toContain("Refused");
      expect(res.body).toContain("evil.com");
    },
  );

  it.each(["/api/health", "/"])("answers a foreign Host on %s in the hub's one error shape", async (url) => {
    const res = await get(url, "evil.com");
    expect(res.json()).toEqual({ ok: false, reason: "foreign-host", message: expect.stringContaining("evil.com") });
  });

  it("refuses a rebinding name that resolves to loopback", async () => {
    expect((await get("/api/instances", "evil.com:7420")).statusCode).toBe(403);
    expect((await get("/api/instances", "localtest.me")).statusCode).toBe(403);
  });

  describe("credentials POST", () => {
    const post = (headers: Record<string, string>) =>
      app.inject({
        method: "POST",
        url: "/api/instances/inst-6421/credentials",
        headers: { host: "127.0.0.1:7420", ...headers },
        payload: { password: "pw" },
      });

    it("runs for the hub's own page", async () => {
      expect((await post({ origin: "http://127.0.0.1:7420", "sec-fetch-site": "same-origin" })).statusCode).toBe(200);
      expect((await post({})).statusCode).toBe(200);
    });

    it("is refused from evil.com", async () => {
      const res = await post({ origin: "https://evil.com", "sec-fetch-site": "cross-site" });
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain("Refused");
      expect(res.json()).toMatchObject({ ok: false, reason: "cross-site" });
    });

    it("is refused from another origin without fetch metadata", async () => {
      expect((await post({ origin: "https://evil.com" })).statusCode).toBe(403);
      expect((await post({ origin: "http://localhost:7420" })).statusCode).toBe(403);
    });

    it("is refused when only fetch metadata says cross-site", async () => {
      expect((await post({ "sec-fetch-site": "cross-site" })).statusCode).toBe(403);
    });
  });
});
