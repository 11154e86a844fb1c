import { describe, expect, it } from "vitest";
import { canonicalTarget, loggedPath, pathClass, requestClass } from "./request-path.js";

describe("canonicalTarget", () => {
  it("decodes harmless escapes into the one path every check reads, query kept as sent", () => {
    expect(canonicalTarget("/%61pi/remote/rotate")).toEqual({ ok: true, url: "/api/remote/rotate", path: "/api/remote/rotate" });
    expect(canonicalTarget("/%2Fx")).toMatchObject({ ok: false });
    expect(canonicalTarget("/relay/inst-1/session?directory=%2Ftmp%2Fa")).toEqual({
      ok: true,
      url: "/relay/inst-1/session?directory=%2Ftmp%2Fa",
      path: "/relay/inst-1/session",
    });
    expect(canonicalTarget("/session/%c3%a9t%C3%A9")).toEqual({ ok: true, url: "/session/%C3%A9t%C3%A9", path: "/session/été" });
    expect(canonicalTarget("/relay/127.0.0.1:22/session")).toMatchObject({ ok: true, url: "/relay/127.0.0.1:22/session" });
    expect(canonicalTarget("/a%20b/%25")).toMatchObject({ ok: true, url: "/a%20b/%25", path: "/a b/%" });
    expect(canonicalTarget("/")).toMatchObject({ ok: true, url: "/" });
    expect(canonicalTarget("/api/proxy/http://127.0.0.1:4096/x")).toMatchObject({ ok: true, url: "/api/proxy/http://127.0.0.1:4096/x" });
  });

  it.each([
    "/auth/../assets/index.js",
    "/auth/%2e%2e/sw.js",
    "/auth/%2E%2E/sw.js",
    "/auth/.%2e/sw.js",
    "/./api/health",
    "/api/..",
    "/api%2fhealth",
    "/api%2Fhealth",
    "/api%5chealth",
    "/api\\health",
    "/api/%00",
    "/api/%0a",
    "/api/%zz",
    "/api/%c3",
    "/api/é",
    "/api/a b",
    "/api#x",
    "http://evil.example/api/health",
    "*",
  ])("refuses %s", (raw) => {
    const target = canonicalTarget(raw);
    expect(target.ok).toBe(false);
    expect(!target.ok && target.message).toMatch(/^Refused: /);
  });
});

describe("pathClass", () => {
  it("tells the API, the relay, the sign-in route and the page's files apart", () => {
    expect(pathClass("/api")).toBe("api");
    expect(pathClass("/api/remote/rotate")).toBe("api");
    expect(pathClass("/apix")).toBe("static");
    expect(pathClass("/API/health")).toBe("static");
    expect(pathClass("/relay/inst-1/session")).toBe("relay");
    expect(pathClass("/relay")).toBe("static");
    expect(pathClass("/auth/abc")).toBe("auth");
    expect(pathClass("/auth/abc?x=1")).toBe("auth");
    expect(pathClass("/auth/abc/assets/index.js")).toBe("static");
    expect(pathClass("/auth/")).toBe("static");
    expect(pathClass("/assets/index.js")).toBe("static");
    expect(requestClass("GET", "/auth/abc")).toBe("auth");
    expect(requestClass("POST", "/auth/abc")).toBe("static");
    expect(requestClass("POST", "/api/x")).toBe("api");
  });

  it("logs the sign-in route without its token", () => {
    expect(loggedPath("/auth/c2VjcmV0LXRva2VuLXRoYXQtbXVzdC1ub3QtbGVhaw")).toBe("/auth/…");
    expect(loggedPath("/api/health?x=1")).toBe("/api/health?x=1");
  });
});
