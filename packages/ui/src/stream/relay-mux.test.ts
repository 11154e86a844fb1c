import { describe, expect, it } from "vitest";
import { createRelayMux, MUX_PATH } from "./relay-mux";
import type { EventSourceConstructor, EventSourceLike } from "./timers";

/** A fake native EventSource that records instances. */
function fakeNative() {
  const made: Array<EventSourceLike & { url: string; closed: boolean }> = [];
  class Fake implements EventSourceLike {
    onopen: EventSourceLike["onopen"] = null;
    onmessage: EventSourceLike["onmessage"] = null;
    onerror: EventSourceLike["onerror"] = null;
    closed = false;
    constructor(public url: string) {
      made.push(this);
    }
    close() {
      this.closed = true;
    }
  }
  return { Fake, made };
}

const ORIGIN = "http://192.168.1.5:7420";
const send = (source: EventSourceLike, msg: object) =>
  (source.onmessage as ((ev: MessageEvent) => void) | null)?.(new MessageEvent("message", { data: JSON.stringify(msg) }));

/** One class over its own multiplexer, as the page wraps the browser's EventSource. */
const createRelayEventSource = (origin: string, Native: EventSourceConstructor) => createRelayMux(origin, Native)(Native);

describe("createRelayMux", () => {
  it("serves every relay stream from one connection and demultiplexes by instance", async () => {
    const { Fake, made } = fakeNative();
    const ES = createRelayEventSource(ORIGIN, Fake);
    const a = new ES(`${ORIGIN}/relay/inst-a/global/event`);
    const b = new ES(`${ORIGIN}/relay/inst-b/event`);
    const log: string[] = [];
    a.onopen = () => log.push("a open");
    a.onmessage = (ev: MessageEvent) => log.push(`a ${String(ev.data)}`);
    b.onmessage = (ev: MessageEvent) => log.push(`b ${String(ev.data)}`);
    b.onerror = () => log.push("b error");
    expect(made.map((m) => m.url)).toEqual([`${ORIGIN}${MUX_PATH}`]);
    const mux = made[0] as EventSourceLike;
    send(mux, { i: "inst-a", open: true });
    send(mux, { i: "inst-a", d: '{"type":"x"}' });
    send(mux, { i: "inst-b", d: "hello" });
    send(mux, { i: "inst-b", error: "gone" });
    send(mux, { i: "inst-c", d: "nobody listens" });
    expect(log).toEqual(["a open", 'a {"type":"x"}', "b hello", "b error"]);

    // A source made after the instance opened hears "open" at once (after its handlers are set).
    const a2 = new ES(`${ORIGIN}/relay/inst-a/global/event`);
    a2.onopen = () => log.push("a2 open");
    await Promise.resolve();
    expect(log.at(-1)).toBe("a2 open");

    // A dropped multiplexed stream is an error for everyone; the last close closes it.
    (mux.onerror as ((ev: Event) => void) | null)?.(new Event("error"));
    expect(log.filter((l) => l === "b error")).toHaveLength(2);
    a.close();
    a2.close();
    expect(made[0]?.closed).toBe(false);
    b.close();
    expect(made[0]?.closed).toBe(true);
  });

  it("passes other URLs to the real EventSource", () => {
    const { Fake, made } = fakeNative();
    const ES = createRelayEventSource(ORIGIN, Fake);
    new ES("http://127.0.0.1:4096/global/event");
    new ES(`${ORIGIN}/api/instances/stream`);
    new ES("http://evil.example/relay/inst-a/global/event");
    expect(made.map((m) => m.url)).toEqual([
      "http://127.0.0.1:4096/global/event",
      `${ORIGIN}/api/instances/stream`,
      "http://evil.example/relay/inst-a/global/event",
    ]);
  });

  it("serves OpenCode 2's /api/event through the same connection as 1.x, whichever class reads it, and hands on heartbeat comments", () => {
    const { Fake: MuxNative, made } = fakeNative();
    const { Fake: FetchReader, made: direct } = fakeNative();
    const wrap = createRelayMux(ORIGIN, MuxNative);
    const V1 = wrap(MuxNative);
    const V2 = wrap(FetchReader);
    const a = new V1(`${ORIGIN}/relay/inst-a/global/event`);
    const b = new V2(`${ORIGIN}/relay/inst-v2/api/event`);
    new V2("http://127.0.0.1:4100/api/event?auth_token=x");
    expect(made.map((m) => m.url)).toEqual([`${ORIGIN}${MUX_PATH}`]);
    expect(direct.map((m) => m.url)).toEqual(["http://127.0.0.1:4100/api/event?auth_token=x"]);
    const log: string[] = [];
    a.oncomment = (c) => log.push(`a comment ${c}`);
    b.onmessage = (ev: MessageEvent) => log.push(`b ${String(ev.data)}`);
    b.oncomment = (c) => log.push(`b comment ${c}`);
    const mux = made[0] as EventSourceLike;
    send(mux, { i: "inst-v2", d: '{"type":"server.connected"}' });
    send(mux, { i: "inst-v2", c: "heartbeat" });
    expect(log).toEqual(['b {"type":"server.connected"}', "b comment heartbeat"]);
  });
});
