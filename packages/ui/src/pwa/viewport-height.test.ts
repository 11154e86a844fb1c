import { describe, expect, it, vi } from "vitest";
import { makeViewportHeight } from "./viewport-height";

/** A visual viewport whose height the test sets, as a keyboard would. */
function fakeViewport(height: number) {
  const target = new EventTarget();
  return Object.assign(target, { height }) as unknown as VisualViewport & { height: number };
}

describe("makeViewportHeight", () => {
  it("sets --app-height now and after each resize (once per frame), and removes it on cleanup", () => {
    vi.useFakeTimers();
    const el = document.createElement("div");
    const viewport = fakeViewport(844);
    const stop = makeViewportHeight(el, viewport);
    expect(el.style.getPropertyValue("--app-height")).toBe("844px");
    viewport.height = 501.4;
    viewport.dispatchEvent(new Event("resize"));
    viewport.dispatchEvent(new Event("resize"));
    vi.runAllTimers();
    expect(el.style.getPropertyValue("--app-height")).toBe("501px");
    stop();
    expect(el.style.getPropertyValue("--app-height")).toBe("");
    viewport.height = 300;
    viewport.dispatchEvent(new Event("resize"));
    vi.runAllTimers();
    expect(el.style.getPropertyValue("--app-height")).toBe("");
    vi.useRealTimers();
  });

  it("does nothing without a visual viewport", () => {
    const el = document.createElement("div");
    makeViewportHeight(el, null)();
    expect(el.getAttribute("style")).toBeNull();
  });
});
