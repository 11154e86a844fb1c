import { describe, expect, it } from "vitest";
import { fakeFetch, type FetchCall } from "../api/fake-fetch";
import { decodePtyFrame, webSocketUrl } from "./pty";
import type { AdapterTarget } from "./types";
import { makeV1PtyApi } from "./v1/pty";
import { makeV2PtyApi } from "./v2/pty";

const json = (value: unknown, status = 200) => new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });
const TOKEN = btoa("opencode:pw");
const PTY = { id: "pty_1", title: "Terminal 1", command: "/bin/bash", args: ["-l"], cwd: "/w/p", status: "running", pid: 7 };
const line = (c: FetchCall) => [c.method, c.url, c.headers["x-opencode-directory"] ?? null, c.headers["x-opencode-ticket"] ?? null, c.body ?? null];

describe("1.x PTY routes", () => {
  const target: AdapterTarget = {
    url: "http://127.0.0.1:4096",
    port: 4096,
    protocol: "global",
    eventsUrl: `http://127.0.0.1:4096/global/event?auth_token=${TOKEN}`,
  };

  it("lists, creates, resizes and closes at /pty with the folder in ?directory= and Basic auth", async () => {
    const { fetchImpl, calls } = fakeFetch((c) =>
      c.method === "GET" ? json([PTY, { junk: true }]) : c.method === "DELETE" ? json(true) : json(PTY),
    );
    const api = makeV1PtyApi(target, "/w/p", { fetchImpl });
    expect(await api.list()).toEqual([{ id: "pty_1", title: "Terminal 1", status: "running" }]);
    expect(await api.create("Terminal 1")).toEqual({ id: "pty_1", title: "Terminal 1", status: "running" });
    await api.resize("pty_1", { cols: 100, rows: 30 });
    await api.remove("pty_1");
    expect(calls.map(line)).toEqual([
      ["GET", "http://127.0.0.1:4096/pty?directory=%2Fw%2Fp", null, null, null],
      ["POST", "http://127.0.0.1:4096/pty?directory=%2Fw%2Fp", null, null, { title: "Terminal 1" }],
      ["PUT", "http://127.0.0.1:4096/pty/pty_1?directory=%2Fw%2Fp", null, null, { size: { cols: 100, rows: 30 } }],
      ["DELETE", "http://127.0.0.1:4096/pty/pty_1?directory=%2Fw%2Fp", null, null, null],
    ]);
    expect(calls.every((c) => c.headers.authorization === `Basic ${TOKEN}`)).toBe(true);
  });

  it("connects over ws:// with the token in ?auth_token= (a browser WebSocket sends no headers)", async () => {
    const { fetchImpl, calls } = fakeFetch(() => json(PTY));
    const url = await makeV1PtyApi(target, "/w/p", { fetchImpl }).connectUrl("pty_1");
    expect(url).toBe(`ws://127.0.0.1:4096/pty/pty_1/connect?directory=%2Fw%2Fp&auth_token=${encodeURIComponent(TOKEN)}`);
    expect(calls).toHaveLength(0);
  });

  it("through the relay: wss:// on the hub's origin, no token (the hub adds it)", async () => {
    const relayed: AdapterTarget = {
      url: "https://hub.example:7420/relay/inst-1",
      port: 4096,
      protocol: "global",
      eventsUrl: "https://hub.example:7420/relay/inst-1/global/event",
    };
    const url = await makeV1PtyApi(relayed, null).connectUrl("pty_1");
    expect(url).toBe("wss://hub.example:7420/relay/inst-1/pty/pty_1/connect");
  });

  it("a list in another shape is an error in words, not an empty list", async () => {
    const { fetchImpl } = fakeFetch(() => json({ nope: 1 }));
    await expect(makeV1PtyApi(target, null, { fetchImpl }).list()).rejects.toThrow(/terminal list in an unexpected shape/);
  });
});

describe("2.x PTY routes", () => {
  const target: AdapterTarget = {
    url: "http://127.0.0.1:47300",
    port: 47300,
    protocol: "v2",
    eventsUrl: `http://127.0.0.1:47300/api/event?auth_token=${TOKEN}`,
    kind: "serve",
    directory: "/w/own",
  };
  const at = (data: unknown) => json({ location: { directory: "/w/p" }, data });

  it("lists, creates, resizes and closes at /api/pty with the folder in x-opencode-directory", async () => {
    const { fetchImpl, calls } = fakeFetch((c) =>
      c.method === "DELETE" ? new Response(null, { status: 204 }) : c.method === "GET" ? at([PTY]) : at(PTY),
    );
    const api = makeV2PtyApi(target, "/w/p", { fetchImpl });
    expect(await api.list()).toEqual([{ id: "pty_1", title: "Terminal 1", status: "running" }]);
    expect((await api.create("Terminal 1")).id).toBe("pty_1");
    await api.resize("pty_1", { cols: 80, rows: 24 });
    await api.remove("pty_1");
    expect(calls.map(line)).toEqual([
      ["GET", "http://127.0.0.1:47300/api/pty", "/w/p", null, null],
      ["POST", "http://127.0.0.1:47300/api/pty", "/w/p", null, { title: "Terminal 1" }],
      ["PUT", "http://127.0.0.1:47300/api/pty/pty_1", "/w/p", null, { size: { cols: 80, rows: 24 } }],
      ["DELETE", "http://127.0.0.1:47300/api/pty/pty_1", "/w/p", null, null],
    ]);
    expect(calls.every((c) => c.headers.authorization === `Basic ${TOKEN}`)).toBe(true);
  });

  it("connects with a fresh ticket (asked with x-opencode-ticket: 1) and the folder as location[directory]", async () => {
    const { fetchImpl, calls } = fakeFetch(() => at({ ticket: "tick-1", expires_in: 60 }));
    const url = await makeV2PtyApi(target, null, { fetchImpl }).connectUrl("pty_1");
    expect(calls.map(line)).toEqual([["POST", "http://127.0.0.1:47300/api/pty/pty_1/connect-token", "/w/own", "1", null]]);
    const u = new URL(url);
    expect(`${u.protocol}//${u.host}${u.pathname}`).toBe("ws://127.0.0.1:47300/api/pty/pty_1/connect");
    expect(u.searchParams.get("ticket")).toBe("tick-1");
    expect(u.searchParams.get("location[directory]")).toBe("/w/own");
    expect(u.searchParams.has("auth_token")).toBe(false);
  });

  it("a ticket answer without a ticket is an error in words", async () => {
    const { fetchImpl } = fakeFetch(() => at({}));
    await expect(makeV2PtyApi(target, null, { fetchImpl }).connectUrl("pty_1")).rejects.toThrow(/terminal ticket in an unexpected shape/);
  });
});

describe("PTY frames and URLs", () => {
  it("text is output; a binary frame starting with 0 is the cursor", () => {
    expect(decodePtyFrame("hi\r\n")).toEqual({ kind: "output", data: "hi\r\n" });
    expect(decodePtyFrame(new TextEncoder().encode('\0{"cursor":140}').buffer)).toEqual({ kind: "cursor", cursor: 140 });
    expect(decodePtyFrame('\0{"cursor":3}')).toEqual({ kind: "cursor", cursor: 3 });
    expect(decodePtyFrame(new Uint8Array([0, 123]))).toEqual({ kind: "ignored" });
    expect(decodePtyFrame(new Uint8Array([104, 105]))).toEqual({ kind: "output", data: new Uint8Array([104, 105]) });
  });

  it("maps http to ws and https to wss", () => {
    expect(webSocketUrl("http://127.0.0.1:1/a?b=c")).toBe("ws://127.0.0.1:1/a?b=c");
    expect(webSocketUrl("https://h/relay/x/pty")).toBe("wss://h/relay/x/pty");
  });
});
