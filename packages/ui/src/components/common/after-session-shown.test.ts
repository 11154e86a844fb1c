import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.useRealTimers();
  vi.resetModules();
});

describe("afterSessionShown", () => {
  it("waits for the first shown session, then runs at once for later callers", async () => {
    const { afterSessionShown, markSessionShown } = await import("./after-session-shown");
    const run = vi.fn();
    const cancelled = vi.fn();
    afterSessionShown(run, 60_000);
    afterSessionShown(cancelled, 60_000)();
    expect(run).not.toHaveBeenCalled();
    markSessionShown();
    markSessionShown();
    expect(run).toHaveBeenCalledTimes(1);
    expect(cancelled).not.toHaveBeenCalled();
    const late = vi.fn();
    afterSessionShown(late, 60_000);
    expect(late).toHaveBeenCalledTimes(1);
  });

  it("runs after the timeout on a page that shows no session, once", async () => {
    vi.useFakeTimers();
    const { afterSessionShown, markSessionShown } = await import("./after-session-shown");
    const run = vi.fn();
    afterSessionShown(run, 3_000);
    vi.advanceTimersByTime(2_999);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    markSessionShown();
    expect(run).toHaveBeenCalledTimes(1);
  });
});
