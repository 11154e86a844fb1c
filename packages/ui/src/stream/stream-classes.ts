/**
 * Which EventSource class reads each stream: the protocol's own reader (2.x: fetch, for its comment
 * heartbeats) or the browser's EventSource, wrapped once per class by the page's wrapper (remote
 * mode's relay multiplexer, which must stay one connection for all), or a test's fake for all.
 */
import type { ProtocolAdapter } from "../adapters";
import type { FetchLike } from "../api/http";
import type { EventSourceConstructor } from "./timers";

/** How the engine was told to open streams. */
export interface StreamClassOptions {
  /** One class for every stream (tests); wins over everything else. */
  EventSourceImpl?: EventSourceConstructor;
  /** Wraps each base class once (e.g. the relay multiplexer, which passes other URLs to the base). */
  wrapEventSource?: (base: EventSourceConstructor) => EventSourceConstructor;
  fetchImpl?: FetchLike;
}

/** The classes, memoized per protocol and per base class. */
export interface StreamClasses {
  /** The class for an instance speaking `adapter`'s protocol (undefined: no EventSource in this browser). */
  forAdapter(adapter: ProtocolAdapter): EventSourceConstructor | undefined;
  /** The class for plain EventSource URLs (the hub's own stream). */
  plain(): EventSourceConstructor | undefined;
}

/** Builds the memoized lookup. */
export function makeStreamClasses(opts: StreamClassOptions): StreamClasses {
  const bases = new Map<string, EventSourceConstructor | undefined>();
  const wrapped = new Map<EventSourceConstructor, EventSourceConstructor>();
  const wrap = (base: EventSourceConstructor | undefined) => {
    if (!base || !opts.wrapEventSource) return base;
    let cls = wrapped.get(base);
    if (!cls) {
      cls = opts.wrapEventSource(base);
      wrapped.set(base, cls);
    }
    return cls;
  };
  const browser = () => globalThis.EventSource as EventSourceConstructor | undefined;
  return {
    forAdapter(adapter) {
      if (opts.EventSourceImpl) return opts.EventSourceImpl;
      if (!bases.has(adapter.protocol)) bases.set(adapter.protocol, adapter.eventSource?.(opts.fetchImpl) ?? browser());
      return wrap(bases.get(adapter.protocol));
    },
    plain: () => opts.EventSourceImpl ?? wrap(browser()),
  };
}
