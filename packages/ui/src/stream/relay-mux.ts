/**
 * Remote mode: the hub hands out relay event URLs (`<origin>/relay/<id>/global/event`, `/event` for
 * 1.0.x, `/api/event` for OpenCode 2), all on the hub's origin, where a browser keeps at most six
 * HTTP/1.1 connections. The classes made here serve those URLs from ONE multiplexed stream
 * (`/relay/_events`, server relay/relay-mux.ts), whichever class the protocol reads its stream with
 * (2.x's fetch reader, the browser's EventSource), and pass every other URL to that class, so the
 * connection logic stays the same. The hub forwards an upstream's heartbeat comments (2.x's only
 * heartbeat) as `{"i", "c"}` messages, which reach `oncomment` like a direct 2.x stream's.
 */
import type { EventSourceConstructor, EventSourceLike } from "./timers";

/** Path of the hub's multiplexed stream. */
export const MUX_PATH = "/relay/_events";

/** One message of the multiplexed stream. */
type MuxMessage = { i: string; d?: string; c?: string; open?: boolean; error?: string };

type Handler<E extends Event> = ((this: never, ev: E) => unknown) | null;

/**
 * The page's relay multiplexer: `wrap(base)` is a class that serves relay stream URLs of `origin`
 * from one shared connection (opened with `MuxNative`) and passes the rest to `base`.
 */
export function createRelayMux(origin: string, MuxNative: EventSourceConstructor): (base: EventSourceConstructor) => EventSourceConstructor {
  const relayUrl = new RegExp(`^${origin.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/relay/([^/?#]+)/(?:global/|api/)?event$`);
  const subscribers = new Map<string, Set<MuxSource>>();
  const openIds = new Set<string>();
  let mux: EventSourceLike | null = null;

  const each = (id: string, fn: (s: MuxSource) => void) => {
    for (const s of [...(subscribers.get(id) ?? [])]) fn(s);
  };
  const ensureMux = () => {
    if (mux) return;
    const source = new MuxNative(`${origin}${MUX_PATH}`);
    source.onmessage = (ev: MessageEvent) => {
      let msg: MuxMessage;
      try {
        msg = JSON.parse(String(ev.data)) as MuxMessage;
      } catch {
        return;
      }
      if (typeof msg.i !== "string") return;
      if (msg.open) {
        openIds.add(msg.i);
        each(msg.i, (s) => s.fire("open"));
      } else if (msg.error !== undefined) {
        openIds.delete(msg.i);
        each(msg.i, (s) => s.fire("error"));
      } else if (typeof msg.d === "string") {
        const data = msg.d;
        each(msg.i, (s) => s.fire("message", data));
      } else if (typeof msg.c === "string") {
        const comment = msg.c;
        each(msg.i, (s) => s.fire("comment", comment));
      }
    };
    // The whole stream dropped (the browser reconnects it): every instance is down until reopened.
    source.onerror = () => {
      openIds.clear();
      for (const id of subscribers.keys()) each(id, (s) => s.fire("error"));
    };
    mux = source;
  };
  const release = (id: string, s: MuxSource) => {
    const set = subscribers.get(id);
    set?.delete(s);
    if (set && set.size === 0) subscribers.delete(id);
    if (subscribers.size === 0 && mux) {
      mux.close();
      mux = null;
      openIds.clear();
    }
  };

  class MuxSource implements EventSourceLike {
    onopen: Handler<Event> = null;
    onmessage: Handler<MessageEvent> = null;
    onerror: Handler<Event> = null;
    oncomment: EventSourceLike["oncomment"] = null;
    private closed = false;
    constructor(private readonly id: string) {
      const set = subscribers.get(id) ?? new Set<MuxSource>();
      set.add(this);
      subscribers.set(id, set);
      ensureMux();
      // The instance's upstream is already open: say so once the caller has set its handlers.
      if (openIds.has(id)) queueMicrotask(() => this.fire("open"));
    }
    fire(kind: "open" | "error" | "message" | "comment", data?: string): void {
      if (this.closed) return;
      const call = <E extends Event>(handler: Handler<E>, ev: E) => (handler as ((ev: E) => unknown) | null)?.(ev);
      if (kind === "comment") this.oncomment?.(data ?? "");
      else if (kind === "open") call(this.onopen, new Event("open"));
      else if (kind === "error") call(this.onerror, new Event("error"));
      else call(this.onmessage, new MessageEvent("message", { data }));
    }
    close(): void {
      if (this.closed) return;
      this.closed = true;
      release(this.id, this);
    }
  }

  return (Base) =>
    class RelayEventSource {
      constructor(url: string) {
        const match = relayUrl.exec(url);
        return (match?.[1] ? new MuxSource(decodeURIComponent(match[1])) : new Base(url)) as RelayEventSource;
      }
    } as unknown as EventSourceConstructor;
}
