import { afterEach, describe, expect, it, vi } from "vitest";
import { createRoot } from "solid-js";
import { createFileSearch, SEARCH_DEBOUNCE_MS } from "./create-file-search";

afterEach(() => vi.useRealTimers());

describe("file search", () => {
  it("debounces typing into one request and aborts the stale one when the query changes", async () => {
    vi.useFakeTimers();
    const calls: Array<{ query: string; signal: AbortSignal; resolve: (v: string[]) => void }> = [];
    const find = (query: string, signal: AbortSignal) => new Promise<string[]>((resolve) => calls.push({ query, signal, resolve }));
    await createRoot(async (dispose) => {
      const s = createFileSearch(() => find);
      s.search("r");
      s.search("re");
      s.search("rea");
      await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
      expect(calls.map((c) => c.query)).toEqual(["rea"]);
      s.search("read");
      expect(calls[0]?.signal.aborted).toBe(true);
      calls[0]?.resolve(["stale.md"]);
      await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
      calls[1]?.resolve(["README.md", "src/", "/"]);
      await vi.runAllTimersAsync();
      expect(s.results()).toEqual(["README.md"]);
      expect(s.loading()).toBe(false);
      dispose();
    });
  });

  it("says in words when the search failed", async () => {
    vi.useFakeTimers();
    await createRoot(async (dispose) => {
      const s = createFileSearch(() => async () => {
        throw new Error("OpenCode at :4096 refused to search files (500)");
      });
      s.search("x");
      await vi.runAllTimersAsync();
      expect(s.error()).toBe("Could not search files: OpenCode at :4096 refused to search files (500)");
      dispose();
    });
  });

  it("sends no search for a bare @ (servers answer an empty query with 400) and clears the last results", async () => {
    vi.useFakeTimers();
    const queries: string[] = [];
    await createRoot(async (dispose) => {
      const s = createFileSearch(() => async (query) => {
        queries.push(query);
        if (query === "") throw new Error('400: Missing key at ["query"]');
        return ["README.md"];
      });
      s.search("re");
      await vi.runAllTimersAsync();
      s.search("");
      await vi.runAllTimersAsync();
      expect(queries).toEqual(["re"]);
      expect(s.error()).toBeNull();
      expect(s.results()).toEqual([]);
      expect(s.loading()).toBe(false);
      dispose();
    });
  });
});
