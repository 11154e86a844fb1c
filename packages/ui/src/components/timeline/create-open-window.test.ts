import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { createOpenWindow, windowKeys } from "./create-open-window";

const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

describe("windowKeys", () => {
  it("keeps the top marker and the newest rows", () => {
    const keys = ["top", ...Array.from({ length: 20 }, (_, i) => `m:${i}`)];
    expect(windowKeys(keys, 3)).toEqual(["top", "m:17", "m:18", "m:19"]);
  });

  it("returns the keys themselves when they are all in the window", () => {
    const keys = ["top", "m:0", "m:1"];
    expect(windowKeys(keys, 3)).toBe(keys);
    expect(windowKeys(["top"], 3)).toEqual(["top"]);
  });
});

describe("createOpenWindow", () => {
  it("starts windowed, widens in the next frame with shift on for one frame, then calls back", async () => {
    const { win, dispose } = createRoot((d) => ({ win: createOpenWindow(), dispose: d }));
    expect(win.windowed()).toBe(true);
    const calls: string[] = [];
    win.widen(() => calls.push(`after: windowed ${win.windowed()}, widening ${win.widening()}`));
    expect(win.windowed()).toBe(true);
    await frame();
    expect(win.windowed()).toBe(false);
    expect(win.widening()).toBe(true);
    await frame();
    expect(calls).toEqual(["after: windowed false, widening false"]);
    // Already wide: the callback runs at once; narrowing windows again.
    win.widen(() => calls.push("again"));
    expect(calls).toHaveLength(2);
    win.narrow();
    expect(win.windowed()).toBe(true);
    dispose();
  });
});
