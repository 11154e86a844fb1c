import { createRoot, createSignal } from "solid-js";
import { describe, expect, it } from "vitest";
import { createStickToBottom } from "./create-stick-to-bottom";

const metrics = { scrollSize: 1000, viewportSize: 200 };

describe("createStickToBottom", () => {
  it("unsticks when the user scrolls up (not while rows are prepended), sticks again at the end", () => {
    createRoot((dispose) => {
      const el = document.createElement("div");
      const [shifting, setShifting] = createSignal(false);
      const bottom = createStickToBottom({ scroller: () => el, shifting });
      bottom.onScroll(800, metrics);
      expect(bottom.stick()).toBe(true);
      setShifting(true);
      bottom.onScroll(500, metrics);
      expect(bottom.stick()).toBe(true);
      setShifting(false);
      bottom.onScroll(400, metrics);
      expect(bottom.stick()).toBe(false);
      bottom.onScroll(790, metrics);
      expect(bottom.stick()).toBe(true);
      dispose();
    });
  });
});
