import { describe, expect, it } from "vitest";
import { sampleInstance } from "../test-support/fake-registry.js";
import { relayDecision, upstreamAuthorization } from "./relay-policy.js";

const ready = sampleInstance({ id: "inst-4096", url: "http://127.0.0.1:4096" });
const locked = sampleInstance({ id: "inst-6421", url: "http://127.0.0.1:6421", status: "auth-required", eventsUrl: null });
const instances = [ready, locked];
const decide = (method: string, url: string) => relayDecision(method, url, instances);

describe("relayDecision", () => {
  it("passes the page's routes to the instance's own URL, query kept", () => {
    const d = decide("POST", "/relay/inst-4096/session/ses_abc123/prompt_async?directory=%2Ftmp%2Fa");
    expect(d.ok && d.upstream.href).toBe("http://127.0.0.1:4096/session/ses_abc123/prompt_async?directory=%2Ftmp%2Fa");
    expect(d.ok && d.stream).toBe(false);
    for (const [method, path] of [
      ["GET", "/session"],
      ["GET", "/session/status"],
      ["GET", "/session/ses_1/message"],
      ["PATCH", "/session/ses_1"],
      ["POST", "/session/ses_1/permissions/per_1"],
      ["POST", "/permission/per_1/reply"],
      ["POST", "/question/que_1/reject"],
      ["POST", "/tui/select-session"],
    ]) {
      expect(decide(method as string, `/relay/inst-4096${path}`).ok, `${method} ${path}`).toBe(true);
    }
  });

  it("marks the event streams", () => {
    const d = decide("GET", "/relay/inst-4096/global/event");
    expect(d.ok && d.stream).toBe(true);
    expect(d.ok && d.upstream.href).toBe("http://127.0.0.1:4096/global/event");
  });

  it("refuses unknown and unverified instances", () => {
    expect(decide("GET", "/relay/inst-9999/session")).toMatchObject({ ok: false, status: 404, reason: "unknown-instance" });
    expect(decide("GET", "/relay/inst-6421/session")).toMatchObject({ ok: false, status: 404 });
    expect(decide("GET", "/relay/127.0.0.1:22/session")).toMatchObject({ ok: false });
  });

  it("refuses routes the page does not use, and wrong methods", () => {
    expect(decide("GET", "/relay/inst-4096/pty")).toMatchObject({ ok: false, status: 403 });
    expect(decide("PUT", "/relay/inst-4096/auth/anthropic")).toMatchObject({ ok: false, status: 403 });
    expect(decide("PATCH", "/relay/inst-4096/config")).toMatchObject({ ok: false, status: 405 });
    expect(decide("POST", "/relay/inst-4096/global/dispose")).toMatchObject({ ok: false, status: 403 });
    expect(decide("DELETE", "/relay/inst-4096/session")).toMatchObject({ ok: false, status: 405 });
  });

  it("refuses path tricks", () => {
    for (const url of [
      "/relay/inst-4096/session/../config",
      "/relay/inst-4096/session/%2e%2e/config",
      "/relay/inst-4096/session%2Fses_1",
      "/relay/inst-4096/session%2fses_1",
      "/relay/inst-4096//evil.com/session",
      "/relay/inst-4096/session/ses_1\\..\\x",
      "/relay/inst-4096/./session",
      "/relay/inst-4096/session/..",
      "/relay/inst%2d4096/session",
    ]) {
      expect(decide("GET", url), url).toMatchObject({ ok: false, status: 400 });
    }
    expect(decide("GET", "/relay/inst-4096/session?x=1#y")).toMatchObject({ ok: false, status: 400 });
    expect(decide("GET", "/relayx/inst-4096/session")).toMatchObject({ ok: false, status: 404 });
  });
});

describe("upstreamAuthorization", () => {
  it("reads the Basic token the registry put in the events URL", () => {
    expect(upstreamAuthorization({ eventsUrl: "http://127.0.0.1:1/global/event?auth_token=b3BlbmNvZGU6cHc%3D" })).toBe("Basic b3BlbmNvZGU6cHc=");
    expect(upstreamAuthorization({ eventsUrl: "http://127.0.0.1:1/global/event" })).toBeNull();
    expect(upstreamAuthorization({ eventsUrl: null })).toBeNull();
  });
});
