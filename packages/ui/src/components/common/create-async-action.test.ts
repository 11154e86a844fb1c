import { createRoot } from "solid-js";
import { describe, expect, it, vi } from "vitest";
import { createAsyncAction } from "./create-async-action";

describe("createAsyncAction", () => {
  it("is pending while the task runs, ignores a second run meanwhile, and clears the error on success", async () => {
    await createRoot(async (dispose) => {
      const action = createAsyncAction();
      let release = () => {};
      const task = vi.fn(() => new Promise<void>((resolve) => (release = resolve)));
      action.setError("old words");
      const first = action.run(task, "send your answer");
      expect(action.pending()).toBe(true);
      expect(action.error()).toBeNull();
      expect(await action.run(task, "send your answer")).toBe(false);
      expect(task).toHaveBeenCalledTimes(1);
      release();
      expect(await first).toBe(true);
      expect(action.pending()).toBe(false);
      dispose();
    });
  });

  it("turns a failure into words (default or custom) and logs the detail", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    await createRoot(async (dispose) => {
      const action = createAsyncAction();
      expect(await action.run(() => Promise.reject(new Error("server gone")), "stop the reply")).toBe(false);
      expect(action.error()).toBe("Could not stop the reply: server gone");
      await action.run(
        () => Promise.reject(new Error("")),
        "unlock",
        (m) => m || "The server did not accept these credentials.",
      );
      expect(action.error()).toBe("The server did not accept these credentials.");
      expect(action.pending()).toBe(false);
      dispose();
    });
    expect(log).toHaveBeenCalledWith("stop the reply failed", expect.any(Error));
    log.mockRestore();
  });
});
