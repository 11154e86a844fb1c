import { createRoot } from "solid-js";
import { describe, expect, it, vi } from "vitest";
import { createOlderPages } from "./create-older-pages";

describe("createOlderPages", () => {
  it("loads near the top while older messages exist, keeps the failure in words, and does not load again until retried", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    await createRoot(async (dispose) => {
      const loadOlder = vi.fn(() => Promise.reject(new Error("refused (500)")));
      let cursor: string | null = "cur_1";
      const older = createOlderPages({ sessionId: () => "s1", cursor: () => cursor, loadOlder, nearTop: () => true, blocked: () => false });
      older.loadIfNear();
      expect(older.loading()).toBe(true);
      await vi.waitFor(() => expect(older.error()).toBe("refused (500)"));
      expect(older.loading()).toBe(false);
      older.loadIfNear();
      expect(loadOlder).toHaveBeenCalledTimes(1);
      cursor = null;
      loadOlder.mockResolvedValueOnce(undefined as never);
      await older.load();
      expect(older.error()).toBeNull();
      dispose();
    });
    log.mockRestore();
  });
});
