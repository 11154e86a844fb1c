import { describe, expect, it } from "vitest";
import { classifyHealth, classifyPath, classifyProject, type ProbeResponse } from "./probe-classify.js";

const res = (status: number, contentType: string | null, body: string, wwwAuthenticate: string | null = null): ProbeResponse => ({ status, contentType, wwwAuthenticate, body });
const JSON_CT = "application/json";

describe("classifyProject", () => {
  it("accepts 200 application/json with an array", () => {
    expect(classifyProject(res(200, JSON_CT, '[{"id":"global"}]'), false)).toEqual({ kind: "opencode" });
    expect(classifyProject(res(200, "application/json; charset=utf-8", "[]"), false)).toEqual({ kind: "opencode" });
  });

  it.each([
    ["HTML 200", res(200, "text/html", "<!doctype html><html></html>")],
    ["JSON object", res(200, JSON_CT, '{"projects":[]}')],
    ["invalid JSON", res(200, JSON_CT, "[oops")],
    ["no content-type", res(200, null, "[]")],
    ["404", res(404, JSON_CT, "[]")],
    ["500 JSON", res(500, JSON_CT, '{"error":"x"}')],
    ["401 with another realm", res(401, null, "", 'Basic realm="Router"')],
    ["401 Bearer", res(401, null, "", "Bearer")],
  ])("rejects %s", (_name, r) => {
    expect(classifyProject(r, false).kind).toBe("not-opencode");
  });

  it("reads OpenCode's password challenge as auth-required, or rejected when credentials were sent", () => {
    const challenge = res(401, null, "", 'Basic realm="Secure Area"');
    expect(classifyProject(challenge, false)).toEqual({ kind: "auth-required" });
    expect(classifyProject(challenge, true)).toEqual({ kind: "rejected" });
    expect(classifyProject(res(401, null, "", 'basic realm="secure area", charset="UTF-8"'), false)).toEqual({ kind: "auth-required" });
  });
});

describe("classifyPath", () => {
  it("returns the directory of a /path answer", () => {
    expect(classifyPath(res(200, JSON_CT, '{"home":"/h","directory":"/w/app","worktree":"/w"}'))).toBe("/w/app");
  });
  it.each([res(200, "text/html", "<html>"), res(200, JSON_CT, "[]"), res(200, JSON_CT, '{"directory":3}'), res(500, JSON_CT, "{}")])("returns null for %j", (r) => {
    expect(classifyPath(r)).toBeNull();
  });
});

describe("classifyHealth", () => {
  it("reads version and the global protocol", () => {
    expect(classifyHealth(res(200, JSON_CT, '{"healthy":true,"version":"1.18.33"}'))).toEqual({ protocol: "global", version: "1.18.33" });
  });
  it("treats a missing route (1.0.x answers 500 JSON) or no answer as legacy", () => {
    expect(classifyHealth(res(500, JSON_CT, '{"name":"UnknownError"}'))).toEqual({ protocol: "legacy", version: null });
    expect(classifyHealth(null)).toEqual({ protocol: "legacy", version: null });
  });
});
