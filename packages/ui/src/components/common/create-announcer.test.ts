import { createRoot } from "solid-js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ANNOUNCE_MS, createAnnouncer } from "./create-announcer";

afterEach(() => vi.useRealTimers());

describe("createAnnouncer", () => {
  it("shows the newest message, clears it after a while (errors stay longer), and leaves no timer behind its owner", () => {
    vi.useFakeTimers();
    createRoot((dispose) => {
      const { status, announce } = createAnnouncer();
      announce("Copied.");
      expect(status()).toEqual({ text: "Copied.", error: false });
      vi.advanceTimersByTime(ANNOUNCE_MS.ok);
      expect(status()).toBeNull();
      announce("Could not fork the session: refused", true);
      vi.advanceTimersByTime(ANNOUNCE_MS.ok);
      expect(status()?.error).toBe(true);
      dispose();
    });
    expect(vi.getTimerCount()).toBe(0);
  });
});
