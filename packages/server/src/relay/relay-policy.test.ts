import { describe, expect, it } from "vitest";
import { sampleInstance } from "../test-support/fake-registry.js";
import { eventsPath, relayDecision, upstreamAuthorization } from "./relay-policy.js";

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

  it("relays terminals of this machine's servers only: a peer's or a URL server's is refused before OpenCode is asked", () => {
    const peer = sampleInstance({ id: "m-b-1", url: "http://10.0.0.2:7420/relay/1", origin: "peer", machine: { id: "b", name: "laptop" } });
    const byUrl = sampleInstance({ id: "url-1", url: "http://10.0.0.3:4096", origin: "url", machine: null });
    const v2peer = sampleInstance({
      id: "m-b-2",
      url: "http://10.0.0.2:7420/relay/2",
      protocol: "v2",
      origin: "peer",
      machine: { id: "b", name: "laptop" },
    });
    const all = [ready, peer, byUrl, v2peer];
    expect(relayDecision("POST", "/relay/inst-4096/pty", all).ok).toBe(true);
    expect(relayDecision("WS", "/relay/inst-4096/pty/pty_1/connect", all).ok).toBe(true);
    for (const [method, url] of [
      ["GET", "/relay/m-b-1/pty"],
      ["POST", "/relay/m-b-1/pty"],
      ["DELETE", "/relay/m-b-1/pty/pty_1"],
      ["WS", "/relay/m-b-1/pty/pty_1/connect"],
      ["POST", "/relay/url-1/pty"],
      ["POST", "/relay/m-b-2/api/pty"],
      ["POST", "/relay/m-b-2/api/pty/pty_1/connect-token"],
      ["WS", "/relay/m-b-2/api/pty/pty_1/connect"],
    ] as const) {
      expect(relayDecision(method, url, all), `${method} ${url}`).toMatchObject({
        ok: false,
        status: 403,
        reason: "terminal-not-relayed",
        message: expect.stringMatching(/open the terminal on that machine's own Switchboard/),
      });
    }
    // Everything else still reaches them.
    expect(relayDecision("POST", "/relay/m-b-1/session", all).ok).toBe(true);
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
    expect(decide("GET", "/relay/inst-4096/pty/shells")).toMatchObject({ ok: false, status: 403 });
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

describe("relayDecision: method and path together", () => {
  it("passes creating a session and sending to it (a GET-only entry for the same path does not stop them)", () => {
    expect(decide("POST", "/relay/inst-4096/session")).toMatchObject({ ok: true });
    expect(decide("POST", "/relay/inst-4096/session/ses_1/message")).toMatchObject({ ok: true });
    expect(decide("GET", "/relay/inst-4096/session/ses_1/message")).toMatchObject({ ok: true });
    expect(decide("DELETE", "/relay/inst-4096/session/ses_1")).toMatchObject({ ok: true });
    expect(decide("PUT", "/relay/inst-4096/session/ses_1")).toMatchObject({ ok: false, status: 405 });
    expect(decide("GET", "/relay/inst-4096/session/ses_1/prompt_async")).toMatchObject({ ok: false, status: 405 });
  });
});

describe("relayDecision: OpenCode 2", () => {
  const v2 = sampleInstance({ id: "inst-5000", url: "http://127.0.0.1:5000", protocol: "v2" });
  const decideV2 = (method: string, path: string) => relayDecision(method, `/relay/inst-5000${path}`, [v2, ready]);

  it("passes exactly the routes the page uses", () => {
    for (const [method, path] of [
      ["GET", "/api/event"],
      ["GET", "/api/session?limit=50&order=desc"],
      ["GET", "/api/session/active"],
      ["GET", "/api/session/ses_1"],
      ["PATCH", "/api/session/ses_1"],
      ["DELETE", "/api/session/ses_1"],
      ["GET", "/api/session/ses_1/message?limit=20"],
      ["POST", "/api/session"],
      ...["prompt", "interrupt", "fork", "compact", "shell", "command", "view", "agent", "model"].map((a) => ["POST", `/api/session/ses_1/${a}`]),
      ["POST", "/api/session/ses_1/revert/stage"],
      ["DELETE", "/api/session/ses_1/revert"],
      ["GET", "/api/session/ses_1/diff"],
      ["GET", "/api/session/ses_1/permission"],
      ["POST", "/api/session/ses_1/permission/per_1/reply"],
      ["GET", "/api/session/ses_1/form"],
      ["POST", "/api/session/ses_1/form/frm_1/reply"],
      ["DELETE", "/api/session/ses_1/form/frm_1"],
      ...["permission/request", "form", "agent", "model", "model/default", "command", "fs/find?query=read"].map((p) => ["GET", `/api/${p}`]),
    ] as const) {
      expect(decideV2(method, path).ok, `${method} ${path}`).toBe(true);
    }
    const events = decideV2("GET", "/api/event");
    expect(events.ok && events.stream).toBe(true);
    expect(events.ok && events.upstream.href).toBe("http://127.0.0.1:5000/api/event");
  });

  it("refuses the rest: other /api routes, wrong methods, 1.x routes", () => {
    for (const [method, path, status] of [
      ["GET", "/api/pty/pty_1", 405],
      ["PUT", "/api/pty/shells", 403],
      ["GET", "/api/pty/pty_1/connect", 405],
      ["PATCH", "/api/pty/pty_1", 405],
      ["GET", "/api/fs/read/etc/passwd", 403],
      ["GET", "/api/info", 403],
      ["POST", "/api/session/ses_1/revert/commit", 403],
      ["GET", "/api/session/ses_1/inbox", 403],
      ["PUT", "/api/session/ses_1", 405],
      ["DELETE", "/api/session", 405],
      ["POST", "/api/session/ses_1/diff", 405],
      ["GET", "/global/event", 403],
      ["POST", "/session", 403],
    ] as const) {
      expect(decideV2(method, path), `${method} ${path}`).toMatchObject({ ok: false, status });
    }
    // A 1.x server's experimental /api is not the page's either.
    expect(decide("GET", "/relay/inst-4096/api/session")).toMatchObject({ ok: false, status: 403 });
    expect(eventsPath("v2")).toBe("/api/event");
  });
});

describe("relayDecision: terminals (PTY routes and their WebSockets)", () => {
  const v2 = sampleInstance({ id: "inst-5000", url: "http://127.0.0.1:5000", protocol: "v2" });
  const both = (method: string, url: string) => relayDecision(method, url, [v2, ready]);
  it("passes list/start/resize/close and the connect socket of both generations, the socket only as an upgrade", () => {
    for (const [method, path] of [
      ["GET", "/relay/inst-4096/pty?directory=%2Fw"],
      ["POST", "/relay/inst-4096/pty"],
      ["PUT", "/relay/inst-4096/pty/pty_1"],
      ["DELETE", "/relay/inst-4096/pty/pty_1"],
      ["WS", "/relay/inst-4096/pty/pty_1/connect?directory=%2Fw"],
      ["GET", "/relay/inst-5000/api/pty"],
      ["POST", "/relay/inst-5000/api/pty"],
      ["PUT", "/relay/inst-5000/api/pty/pty_1"],
      ["DELETE", "/relay/inst-5000/api/pty/pty_1"],
      ["POST", "/relay/inst-5000/api/pty/pty_1/connect-token"],
      ["WS", "/relay/inst-5000/api/pty/pty_1/connect?ticket=t&location%5Bdirectory%5D=%2Fw"],
    ] as const) {
      expect(both(method, path).ok, `${method} ${path}`).toBe(true);
    }
    expect(both("GET", "/relay/inst-4096/pty/pty_1/connect")).toMatchObject({ ok: false, status: 405 });
    expect(both("WS", "/relay/inst-4096/session")).toMatchObject({ ok: false, status: 405 });
    expect(both("WS", "/relay/inst-4096/global/event")).toMatchObject({ ok: false, status: 405 });
    expect(both("WS", "/relay/inst-5000/pty/pty_1/connect")).toMatchObject({ ok: false, status: 403 });
    expect(both("WS", "/relay/inst-4096/api/pty/pty_1/connect")).toMatchObject({ ok: false, status: 403 });
    expect(both("POST", "/relay/inst-4096/pty/pty_1/connect-token")).toMatchObject({ ok: false, status: 403 });
  });
});

describe("upstreamAuthorization", () => {
  it("reads the Basic token the registry put in the events URL", () => {
    expect(upstreamAuthorization({ eventsUrl: "http://127.0.0.1:1/global/event?auth_token=b3BlbmNvZGU6cHc%3D" })).toBe("Basic b3BlbmNvZGU6cHc=");
    expect(upstreamAuthorization({ eventsUrl: "http://127.0.0.1:1/global/event" })).toBeNull();
    expect(upstreamAuthorization({ eventsUrl: null })).toBeNull();
  });
});
