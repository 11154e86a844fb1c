import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { IncomingEvent } from "../store/types";
import { makeEventQueue } from "./event-queue";

function ev(type: string, properties: Record<string, unknown>, instanceId = "a"): IncomingEvent {
  return { instanceId, directory: "/p", type, properties, receivedAt: 1 };
}
function delta(text: string, partID = "prt_1", field = "text", instanceId = "a"): IncomingEvent {
  return ev("message.part.delta", { sessionID: "ses_1", messageID: "msg_1", partID, field, delta: text }, instanceId);
}

/** A hand-driven animation frame scheduler. */
function fakeFrames() {
  const callbacks = new Map<number, () => void>();
  let next = 1;
  return {
    schedule: (cb: () => void) => {
      callbacks.set(next, cb);
      return next++;
    },
    cancel: (h: number) => void callbacks.delete(h),
    run() {
      const due = [...callbacks.values()];
      callbacks.clear();
      for (const cb of due) cb();
    },
    get size() {
      return callbacks.size;
    },
  };
}

describe("makeEventQueue", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("applies everything pushed before a frame as one batch, in order", () => {
    const frames = fakeFrames();
    const apply = vi.fn();
    const q = makeEventQueue(apply, frames.schedule, frames.cancel);
    q.push(ev("session.updated", { n: 1 }));
    q.push(ev("message.updated", { n: 2 }));
    expect(apply).not.toHaveBeenCalled();
    expect(frames.size).toBe(1);
    frames.run();
    expect(apply).toHaveBeenCalledTimes(1);
    expect(apply.mock.calls[0]?.[0].map((e: IncomingEvent) => e.type)).toEqual(["session.updated", "message.updated"]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("joins consecutive deltas of one part field and keeps others apart", () => {
    const frames = fakeFrames();
    const apply = vi.fn();
    const q = makeEventQueue(apply, frames.schedule, frames.cancel);
    q.push(delta("Hel"));
    q.push(delta("lo"));
    q.push(delta(" there"));
    q.push(delta("x", "prt_2"));
    q.push(delta("y", "prt_2", "reasoning"));
    q.push(delta("z", "prt_2", "reasoning", "b"));
    q.push(ev("message.part.updated", {}));
    q.push(delta("!"));
    frames.run();
    const batch = apply.mock.calls[0]?.[0] as IncomingEvent[];
    expect(batch.map((e) => e.properties.delta ?? e.type)).toEqual(["Hello there", "x", "y", "z", "message.part.updated", "!"]);
  });

  it("does not mutate the pushed events when joining", () => {
    const frames = fakeFrames();
    const q = makeEventQueue(vi.fn(), frames.schedule, frames.cancel);
    const first = delta("a");
    q.push(first);
    q.push(delta("b"));
    expect(first.properties.delta).toBe("a");
  });

  it("flushes on the fallback timer when no frame comes (background tab)", () => {
    const frames = fakeFrames();
    const apply = vi.fn();
    const q = makeEventQueue(apply, frames.schedule, frames.cancel);
    q.push(delta("a"));
    vi.advanceTimersByTime(249);
    expect(apply).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(apply).toHaveBeenCalledTimes(1);
    expect(frames.size).toBe(0);
  });

  it("flush() applies at once and cancels what was scheduled; empty flushes do nothing", () => {
    const frames = fakeFrames();
    const apply = vi.fn();
    const q = makeEventQueue(apply, frames.schedule, frames.cancel);
    q.flush();
    expect(apply).not.toHaveBeenCalled();
    q.push(delta("a"));
    q.flush();
    expect(apply).toHaveBeenCalledTimes(1);
    expect(frames.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("dispose() drops pending events and leaves no timers or frames", () => {
    const frames = fakeFrames();
    const apply = vi.fn();
    const q = makeEventQueue(apply, frames.schedule, frames.cancel);
    q.push(delta("a"));
    q.dispose();
    q.push(delta("b"));
    frames.run();
    vi.runAllTimers();
    expect(apply).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
    expect(frames.size).toBe(0);
  });
});
