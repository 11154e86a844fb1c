import { describe, expect, it, vi } from "vitest";
import { FakeEventSource } from "../../test/fake-event-source";
import { adapterFor } from "../adapters";
import type { EventSourceConstructor } from "./timers";
import { makeStreamClasses } from "./stream-classes";

describe("makeStreamClasses", () => {
  it("2.x gets its fetch reader, 1.x the browser's EventSource; the page's wrapper wraps each base once", () => {
    vi.stubGlobal("EventSource", FakeEventSource);
    const wrap = vi.fn(
      (base: EventSourceConstructor) => class extends (base as unknown as typeof FakeEventSource) {} as unknown as EventSourceConstructor,
    );
    const streams = makeStreamClasses({ wrapEventSource: wrap });
    const v1 = streams.forAdapter(adapterFor("global"));
    expect(streams.forAdapter(adapterFor("legacy"))).toBe(v1);
    expect(streams.plain()).toBe(v1);
    const v2 = streams.forAdapter(adapterFor("v2"));
    expect(v2).not.toBe(v1);
    expect(streams.forAdapter(adapterFor("v2"))).toBe(v2);
    // One wrap for the browser's class (one relay multiplexer for every 1.x stream), one for 2.x's reader.
    expect(wrap).toHaveBeenCalledTimes(2);
    expect(wrap.mock.calls[0]?.[0]).toBe(FakeEventSource);
    vi.unstubAllGlobals();
  });

  it("a test's class is used for every stream", () => {
    const streams = makeStreamClasses({ EventSourceImpl: FakeEventSource });
    expect(streams.forAdapter(adapterFor("v2"))).toBe(FakeEventSource);
    expect(streams.plain()).toBe(FakeEventSource);
  });
});
