import { createRoot, createSignal } from "solid-js";
import { describe, expect, it, vi } from "vitest";
import { createReveal } from "./create-reveal";
import type { RevealRequest } from "./search-host";

/** A timeline of `total` messages m0…m(total-1) whose newest `page` are loaded, older ones a page at a time. */
function timeline(total: number, page: number, fail = false) {
  const [loaded, setLoaded] = createSignal(page);
  const [request, setRequest] = createSignal<RevealRequest | undefined>();
  const [ready, setReady] = createSignal(false);
  const calls = { loadOlder: 0, scrolled: [] as string[], missing: [] as string[], started: 0, done: [] as number[] };
  const has = (id: string) => Number(id.slice(1)) >= total - loaded();
  const cursor = () => (loaded() >= total ? null : `c${loaded()}`);
  createRoot(() =>
    createReveal({
      request,
      ready,
      has,
      cursor,
      async loadOlder() {
        calls.loadOlder++;
        if (!fail) setLoaded((n) => Math.min(total, n + page));
      },
      onStart: () => calls.started++,
      scrollTo: (id) => calls.scrolled.push(id),
      onMissing: (_id, why) => calls.missing.push(why),
      onDone: (seq) => calls.done.push(seq),
    }),
  );
  return { calls, setRequest, setReady };
}

describe("createReveal", () => {
  it("waits for the first page, pages back until the message is loaded, then scrolls to it", async () => {
    vi.stubGlobal("requestAnimationFrame", (fn: () => void) => setTimeout(fn, 0));
    const t = timeline(3000, 50);
    t.setRequest({ messageId: "m3", kind: "hit", seq: 1 });
    await new Promise((r) => setTimeout(r, 5));
    expect(t.calls.loadOlder).toBe(0);
    t.setReady(true);
    await vi.waitFor(() => expect(t.calls.scrolled).toEqual(["m3"]));
    expect(t.calls.loadOlder).toBe(59);
    expect(t.calls.started).toBe(1);
    // The same request again does nothing; a new one runs.
    t.setRequest({ messageId: "m2999", kind: "find", seq: 2 });
    await vi.waitFor(() => expect(t.calls.scrolled).toEqual(["m3", "m2999"]));
    expect(t.calls.loadOlder).toBe(59);
    expect(t.calls.done).toEqual([1, 2]);
    vi.unstubAllGlobals();
  });

  it("stops with words when the message is not in the history or older pages fail", async () => {
    const absent = timeline(10, 5);
    absent.setReady(true);
    absent.setRequest({ messageId: "x-not-here", kind: "hit", seq: 1 });
    await vi.waitFor(() => expect(absent.calls.missing).toEqual(["That message is no longer in this session."]));
    const failing = timeline(10, 5, true);
    failing.setReady(true);
    failing.setRequest({ messageId: "m0", kind: "hit", seq: 1 });
    await vi.waitFor(() => expect(failing.calls.missing).toEqual(["Older messages could not be loaded."]));
    expect(failing.calls.loadOlder).toBe(1);
    expect(failing.calls.scrolled).toEqual([]);
    expect([...absent.calls.done, ...failing.calls.done]).toEqual([1, 1]);
  });
});
