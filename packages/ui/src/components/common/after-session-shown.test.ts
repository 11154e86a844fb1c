import { afterEach, describe, expect, it, vi } from "vitest";
import { createSessionShown } from "./after-session-shown";

afterEach(() => {
  vi.useRealTimers();
});

describe("createSessionShown", () => {
  it("waits for the first shown session, then runs at once for later callers", () => {
    const shown = createSessionShown();
    const run = vi.fn();
    const cancelled = vi.fn();
    shown.after(run, 60_000);
    shown.after(cancelled, 60_000)();
    expect(run).not.toHaveBeenCalled();
    shown.mark();
    shown.mark();
    expect(run).toHaveBeenCalledTimes(1);
    expect(cancelled).not.toHaveBeenCalled();
    const late = vi.fn();
    shown.after(late, 60_000);
    expect(late).toHaveBeenCalledTimes(1);
  });

  it("runs after the timeout on a page that shows no session, once", () => {
    vi.useFakeTimers();
    const shown = createSessionShown();
    const run = vi.fn();
    shown.after(run, 3_000);
    vi.advanceTimersByTime(2_999);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    shown.mark();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it("is one per workspace: another one's mark does not end this one's wait", () => {
    const a = createSessionShown();
    const b = createSessionShown();
    const run = vi.fn();
    a.after(run, 60_000);
    b.mark();
    expect(run).not.toHaveBeenCalled();
    a.mark();
    expect(run).toHaveBeenCalledTimes(1);
  });
});
