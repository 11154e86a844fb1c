import { afterEach, describe, expect, it, vi } from "vitest";
import { createDraftStore } from "./drafts";
import { DRAFTS_STORAGE_KEY } from "./drafts-model";

/** A Storage over a Map (jsdom's localStorage is shared between tests). */
function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, v),
  };
}

afterEach(() => vi.useRealTimers());

describe("draft store", () => {
  it("keeps drafts per session and restores them from storage in a new store (a reload)", () => {
    vi.useFakeTimers();
    const storage = memoryStorage();
    const a = createDraftStore({ storage });
    a.setText("ses_1", "one");
    a.setText("ses_2", "two");
    a.setModel("ses_2", { providerID: "mock", modelID: "m2" });
    expect(storage.getItem(DRAFTS_STORAGE_KEY)).toBeNull();
    vi.runAllTimers();
    const b = createDraftStore({ storage });
    expect(b.get("ses_1").text).toBe("one");
    expect(b.get("ses_2").text).toBe("two");
    expect(b.get("ses_2").model).toEqual({ providerID: "mock", modelID: "m2" });
    expect(b.get("ses_3").text).toBe("");
  });

  it("take clears the prompt; restore puts it back first, with the error, and saves at once", () => {
    const storage = memoryStorage();
    const s = createDraftStore({ storage });
    s.setText("ses_1", "important");
    s.addFiles("ses_1", [{ id: "f", mime: "text/plain", url: "file:///a", filename: "a", size: 0 }]);
    const out = s.take("ses_1");
    expect(out).toEqual({ text: "important", files: [{ id: "f", mime: "text/plain", url: "file:///a", filename: "a", size: 0 }] });
    expect(s.get("ses_1").text).toBe("");
    expect(s.get("ses_1").files).toEqual([]);
    s.setText("ses_1", "typed meanwhile");
    s.restore("ses_1", out, "Not sent: offline");
    expect(s.get("ses_1").text).toBe("important\ntyped meanwhile");
    expect(s.get("ses_1").files.map((f) => f.id)).toEqual(["f"]);
    expect(s.get("ses_1").error).toBe("Not sent: offline");
    expect(createDraftStore({ storage }).get("ses_1").error).toBe("Not sent: offline");
    s.take("ses_1");
    expect(s.get("ses_1").error).toBeNull();
  });

  it("works without storage (memory only)", () => {
    const s = createDraftStore({ storage: null });
    s.setText("new:inst", "hello");
    s.removeFile("new:inst", "nope");
    expect(s.get("new:inst").text).toBe("hello");
  });

  it("saving keeps what another tab saved meanwhile; the newer copy of a session wins", () => {
    const storage = memoryStorage();
    let clock = 1;
    const now = () => clock++;
    const tabA = createDraftStore({ storage, now });
    const tabB = createDraftStore({ storage, now });
    tabA.setText("ses_a", "typed in tab A");
    tabA.setText("ses_shared", "old words");
    tabA.flush();
    tabB.setText("ses_b", "typed in tab B");
    tabB.setText("ses_shared", "newer words");
    tabB.flush();
    tabA.take("ses_a");
    tabA.flush();
    const after = createDraftStore({ storage });
    expect(after.get("ses_b").text).toBe("typed in tab B");
    expect(after.get("ses_shared").text).toBe("newer words");
    expect(after.get("ses_a").text).toBe("");
  });
});
