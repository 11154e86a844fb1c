import { describe, expect, it } from "vitest";
import {
  classifyBroken,
  classifyHealth,
  classifyInfo,
  classifyPath,
  classifyProject,
  isHealthy,
  MAX_SERVER_MESSAGE,
  openCodeErrorMessage,
  shortenServerMessage,
  type ProbeResponse,
} from "./probe-classify.js";

const res = (status: number, contentType: string | null, body: string, wwwAuthenticate: string | null = null): ProbeResponse => ({
  status,
  contentType,
  wwwAuthenticate,
  body,
});
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

describe("classifyInfo (OpenCode 2's GET /api/info)", () => {
  const info =
    '{"version":"2.1.2","pid":3928,"urls":["http://127.0.0.1:47611"],"paths":{"tmp":"/tmp/opencode"},"capabilities":{"persistentPty":true}}';
  const unauthorized = res(401, JSON_CT, '{"_tag":"UnauthorizedError","message":"Authentication required"}', 'Basic realm="Secure Area"');

  it("reads the version of an authenticated answer", () => {
    expect(classifyInfo(res(200, JSON_CT, info), true)).toEqual({ kind: "v2", version: "2.1.2" });
  });
  it("takes the UnauthorizedError 401 as proof of OpenCode 2: auth-required, or rejected when credentials were sent", () => {
    expect(classifyInfo(unauthorized, false)).toEqual({ kind: "auth-required" });
    expect(classifyInfo(unauthorized, true)).toEqual({ kind: "rejected" });
    // Sent to a browser fetch (sec-fetch-mode cors) it has no challenge header; the body alone decides.
    expect(classifyInfo({ ...unauthorized, wwwAuthenticate: null }, false)).toEqual({ kind: "auth-required" });
  });
  it.each([
    ["no answer", null],
    ["1.x's web app (HTML 200)", res(200, "text/html", "<!doctype html>")],
    ["1.x's password challenge (empty 401)", res(401, null, "", 'Basic realm="Secure Area"')],
    ["another server's JSON 401", res(401, JSON_CT, '{"error":"unauthorized"}', 'Basic realm="Secure Area"')],
    ["1.0.x's error body", res(500, JSON_CT, '{"name":"UnknownError","data":{}}')],
    ["JSON without urls and pid", res(200, JSON_CT, '{"version":"2.1.2"}')],
  ])("is null for %s", (_name, r) => {
    expect(classifyInfo(r, false)).toBeNull();
  });
});

describe("classifyPath", () => {
  it("returns the folder of OpenCode 2's /api/location", () => {
    expect(classifyPath(res(200, JSON_CT, '{"directory":"/tmp/proj","project":{"id":"cfa2","directory":"/tmp/proj","canonical":"/tmp/proj"}}'))).toBe(
      "/tmp/proj",
    );
  });
  it("returns the directory of a /path answer", () => {
    expect(classifyPath(res(200, JSON_CT, '{"home":"/h","directory":"/w/app","worktree":"/w"}'))).toBe("/w/app");
  });
  it.each([res(200, "text/html", "<html>"), res(200, JSON_CT, "[]"), res(200, JSON_CT, '{"directory":3}'), res(500, JSON_CT, "{}")])(
    "returns null for %j",
    (r) => {
      expect(classifyPath(r)).toBeNull();
    },
  );
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

describe("error classification", () => {
  const drizzle = '{"name":"UnknownError","data":{"message":"DrizzleError: Failed to run the query \'CREATE TABLE project\'"}}';
  it("reads OpenCode's JSON error body", () => {
    expect(openCodeErrorMessage(res(500, JSON_CT, drizzle))).toBe("DrizzleError: Failed to run the query 'CREATE TABLE project'");
    expect(openCodeErrorMessage(res(400, JSON_CT, '{"name":"BadRequest","data":{}}'))).toBe("BadRequest");
  });
  it.each([
    ["a success", res(200, JSON_CT, drizzle)],
    ["another JSON error", res(500, JSON_CT, '{"error":"x"}')],
    ["a JSON array", res(500, JSON_CT, "[]")],
    ["HTML", res(500, "text/html", "<h1>500</h1>")],
  ])("does not take %s for OpenCode's error body", (_name, r) => {
    expect(openCodeErrorMessage(r)).toBeNull();
  });
  it("knows a healthy /global/health", () => {
    expect(isHealthy(res(200, JSON_CT, '{"healthy":true,"version":"1.14.41"}'))).toBe(true);
    expect(isHealthy(res(200, JSON_CT, '{"healthy":false}'))).toBe(false);
    expect(isHealthy(res(500, JSON_CT, '{"name":"UnknownError"}'))).toBe(false);
    expect(isHealthy(null)).toBe(false);
  });
  it("calls a port broken only with OpenCode-shaped answers", () => {
    const healthy = res(200, JSON_CT, '{"healthy":true,"version":"1.14.41"}');
    expect(classifyBroken(res(500, JSON_CT, drizzle), healthy)).toEqual({
      message: "DrizzleError: Failed to run the query 'CREATE TABLE project'",
      version: "1.14.41",
    });
    expect(classifyBroken(res(500, JSON_CT, drizzle), null)).toEqual({ message: expect.stringContaining("DrizzleError"), version: null });
    expect(classifyBroken(res(502, "text/html", "<h1>Bad gateway</h1>"), healthy)).toEqual({
      message: "GET /project answered 502: <h1>Bad gateway</h1>",
      version: "1.14.41",
    });
    expect(classifyBroken(res(404, "text/html", "<h1>nope</h1>"), res(404, "text/html", ""))).toBeNull();
  });
});

describe("shortenServerMessage", () => {
  it("keeps one line and cuts long messages", () => {
    const long = `DrizzleError: Failed to run the query 'CREATE TABLE project (\n  id text\n ${"x".repeat(500)}'`;
    const short = shortenServerMessage(long);
    expect(short.length).toBe(MAX_SERVER_MESSAGE);
    expect(short).toMatch(/^DrizzleError: Failed to run the query 'CREATE TABLE project \( id text x+…$/);
  });
  it("masks the given secrets and anything shaped like credentials", () => {
    expect(shortenServerMessage("bad password hunter22 for user", ["hunter22"])).toBe("bad password *** for user");
    expect(shortenServerMessage("fetch http://opencode:pw1234@127.0.0.1:4096/x failed")).toBe("fetch http://***@127.0.0.1:4096/x failed");
    expect(shortenServerMessage("header Basic b3BlbmNvZGU6cHcxMjM0 refused")).toBe("header Basic *** refused");
    expect(shortenServerMessage('config {"password": "abc", "api_key":"sk-123"} token=t0k')).toBe(
      'config {"password": "***", "api_key":"***"} token=***',
    );
  });
});
