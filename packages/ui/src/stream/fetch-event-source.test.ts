// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ConnectionInfo } from "../store/types";
import { makeFetchEventSource, streamRequest } from "./fetch-event-source";
import { makeInstanceConnection } from "./instance-connection";

const TOKEN = btoa("opencode:pw");
const URL_ = `http://127.0.0.1:47300/api/event?auth_token=${encodeURIComponent(TOKEN)}`;
const CONNECTED = `data: {"id":"evt_1","type":"server.connected","data":{}}\n\n`;

/** A server-sent-events answer the test writes to. */
function sse(status = 200, type = "text/event-stream") {
  let ctrl!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (ctrl = c) });
  const enc = new TextEncoder();
  return {
    response: new Response(body, { status, headers: { "content-type": type } }),
    push: (text: string) => ctrl.enqueue(enc.encode(text)),
    end: () => ctrl.close(),
  };
}

/** A fetch that hands out the streams in order, recording each request. */
function streams() {
  const opened: Array<ReturnType<typeof sse>> = [];
  const requests: Array<{ url: string; headers: Record<string, string> }> = [];
  const fetchImpl = vi.fn(async (url: string, init?: RequestInit) => {
    requests.push({ url, headers: init?.headers as Record<string, string> });
    const s = sse();
    opened.push(s);
    return s.response;
  });
  return { fetchImpl, opened, requests, latest: () => opened[opened.length - 1] as ReturnType<typeof sse> };
}

describe("streamRequest", () => {
  it("moves ?auth_token= into a Basic header and leaves other URLs alone", () => {
    expect(streamRequest(URL_)).toEqual({
      url: "http://127.0.0.1:47300/api/event",
      headers: { accept: "text/event-stream", authorization: `Basic ${TOKEN}` },
    });
    expect(streamRequest("http://127.0.0.1:1/global/event").headers.authorization).toBeUndefined();
  });
});

describe("fetch-based event source", () => {
  it("delivers data frames, comments and unreadable lines; an HTTP error or the end of the stream is one error", async () => {
    const { fetchImpl, latest, requests } = streams();
    const ES = makeFetchEventSource(fetchImpl);
    const seen: string[] = [];
    const es = new ES(URL_);
    es.onopen = () => void seen.push("open");
    es.onmessage = (ev) => void seen.push(`data ${String(ev.data)}`);
    es.oncomment = (c) => void seen.push(`comment ${c}`);
    es.onmalformed = (why) => void seen.push(`malformed ${why}`);
    es.onerror = () => void seen.push("error");
    await vi.waitFor(() => expect(seen).toContain("open"));
    latest().push(`${CONNECTED}: heartbeat\n\nbogus: 1\n\ndata: {"type":"x"}\n\n`);
    latest().end();
    await vi.waitFor(() => expect(seen.at(-1)).toBe("error"));
    expect(seen).toEqual([
      "open",
      'data {"id":"evt_1","type":"server.connected","data":{}}',
      "comment heartbeat",
      expect.stringMatching(/^malformed .*bogus/),
      'data {"type":"x"}',
      "error",
    ]);
    expect(requests[0]).toEqual({
      url: "http://127.0.0.1:47300/api/event",
      headers: { accept: "text/event-stream", authorization: `Basic ${TOKEN}` },
    });
    es.close();
  });

  it("a 401 answer is an error, and close() stops every callback", async () => {
    const errors: string[] = [];
    const ES = makeFetchEventSource(
      async () => new Response('{"_tag":"UnauthorizedError"}', { status: 401, headers: { "content-type": "application/json" } }),
    );
    const es = new ES(URL_);
    es.onerror = () => void errors.push("error");
    await vi.waitFor(() => expect(errors).toEqual(["error"]));
    const { fetchImpl, latest } = streams();
    const quiet = new (makeFetchEventSource(fetchImpl))(URL_);
    const got: string[] = [];
    quiet.onmessage = () => void got.push("data");
    quiet.onerror = () => void got.push("error");
    await vi.waitFor(() => expect(fetchImpl).toHaveBeenCalled());
    quiet.close();
    latest().push(CONNECTED);
    await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual([]);
  });
});

describe("instance connection over the fetch reader (2.x: heartbeats are comments)", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] }));
  afterEach(() => vi.useRealTimers());

  function connect(heartbeats = true) {
    const s = streams();
    const states: ConnectionInfo[] = [];
    const signals: string[] = [];
    const conn = makeInstanceConnection({
      instanceId: "v2",
      eventsUrl: URL_,
      heartbeats,
      onFrame: () => undefined,
      onSignal: (kind) => void signals.push(kind),
      onState: (info) => void states.push(info),
      onConnected: () => undefined,
      EventSourceImpl: makeFetchEventSource(s.fetchImpl),
      random: () => 0.5,
    });
    return { ...s, conn, states, signals, state: () => states.at(-1)?.state };
  }

  it("comments every 15 s keep an idle stream connected past the 25 s watchdog; silence then stalls it", async () => {
    const c = connect();
    await vi.waitFor(() => expect(c.fetchImpl).toHaveBeenCalledTimes(1));
    c.latest().push(`${CONNECTED}: heartbeat\n\n`);
    await vi.waitFor(() => expect(c.state()).toBe("connected"));
    for (let i = 0; i < 4; i++) {
      await vi.advanceTimersByTimeAsync(15_000);
      c.latest().push(": heartbeat\n\n");
      await vi.waitFor(() => expect(c.signals).toHaveLength(i + 2));
    }
    expect(c.state()).toBe("connected");
    expect(c.signals.every((s) => s === "heartbeat")).toBe(true);
    await vi.advanceTimersByTimeAsync(25_000);
    expect(c.state()).toBe("stalled");
    c.conn.close();
  });

  it("counts unreadable lines, and reconnects with a new request when the server ends the stream", async () => {
    const c = connect();
    await vi.waitFor(() => expect(c.fetchImpl).toHaveBeenCalledTimes(1));
    c.latest().push(`${CONNECTED}what: ever\n\n`);
    await vi.waitFor(() => expect(c.signals).toEqual(["malformed"]));
    c.latest().end();
    await vi.waitFor(() => expect(c.state()).toBe("reconnecting"));
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.waitFor(() => expect(c.fetchImpl).toHaveBeenCalledTimes(2));
    c.latest().push(CONNECTED);
    await vi.waitFor(() => expect(c.state()).toBe("connected"));
    c.conn.close();
  });
});
