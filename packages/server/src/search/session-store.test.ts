import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSearchIndex } from "./search-index.js";
import { createSessionStore, STORE_FILE } from "./session-store.js";
import type { StoredSession } from "./types.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "switchboard-search-"));
  dirs.push(d);
  return d;
}

const stored = (id: string, text: string, updated = 1): StoredSession => ({
  sessionId: id,
  directory: "/w",
  title: `title ${id}`,
  updated,
  messages: [{ messageId: `${id}-m`, role: "user", text, time: 5 }],
});

describe("session store", () => {
  it("round-trips sessions through the file; the reloaded index finds the same words", async () => {
    const dir = tempDir();
    const live = new Map<string, StoredSession>();
    const store = createSessionStore({ dir, live: () => live.values() });
    for (const s of [stored("a", "heron flies <img src=x onerror=alert(1)>"), stored("b", "pelican swims")]) {
      live.set(s.sessionId, s);
      store.put(s);
    }
    store.put(stored("b", "pelican dives", 2));
    live.set("b", stored("b", "pelican dives", 2));
    await store.flush();

    const again = await createSessionStore({ dir, live: () => [] }).load();
    expect(again.sort((x, y) => x.sessionId.localeCompare(y.sessionId))).toEqual([live.get("a"), live.get("b")]);
    const index = createSearchIndex({ postings: "local" });
    for (const s of again) await index.upsert(s);
    const hit = (await index.search({ q: "onerror", limit: 5, offset: 0 }, () => null)).results[0];
    expect(hit?.snippet).toBe("heron flies <img src=x onerror=alert(1)>");
    expect((await index.search({ q: "dives", limit: 5, offset: 0 }, () => null)).results.map((r) => r.sessionId)).toEqual(["b"]);
  });

  it("applies deletions and skips a last line cut short by a crash", async () => {
    const dir = tempDir();
    const store = createSessionStore({ dir, live: () => [] });
    store.put(stored("a", "one"));
    store.put(stored("b", "two"));
    await store.flush();
    store.delete("a");
    await store.flush();
    appendFileSync(join(dir, STORE_FILE), '{"s":{"sessionId":"c","dire');
    const loaded = await createSessionStore({ dir, live: () => [] }).load();
    expect(loaded.map((s) => s.sessionId)).toEqual(["b"]);
    // The broken line was dropped from the file by the rewrite.
    expect(readFileSync(join(dir, STORE_FILE), "utf8").trim().split("\n")).toHaveLength(1);
  });

  it("compacts a log that holds many old versions of few sessions", async () => {
    const dir = tempDir();
    const live = new Map<string, StoredSession>();
    const store = createSessionStore({ dir, live: () => live.values() });
    for (let i = 0; i < 150; i++) {
      live.set("a", stored("a", `version ${i}`, i));
      store.put(live.get("a") as StoredSession);
      await store.flush();
    }
    const text = readFileSync(join(dir, STORE_FILE), "utf8").trim().split("\n");
    expect(text.length).toBeLessThan(110);
    expect((await createSessionStore({ dir, live: () => [] }).load())[0]?.messages[0]?.text).toBe("version 149");
  });

  it("hands the sessions out in slices through its reader, and skips lines of another shape", async () => {
    const dir = tempDir();
    const store = createSessionStore({ dir, live: () => [] });
    for (let i = 0; i < 30; i++) store.put(stored(`s${i}`, "x".repeat(20_000)));
    await store.flush();
    appendFileSync(join(dir, STORE_FILE), '{"s":{"sessionId":"old","messages":"not a list"}}\n{"v":0}\n');
    const warned: string[] = [];
    const slices: number[] = [];
    const loaded = await createSessionStore({ dir, live: () => [], logger: { warn: (_o, msg) => warned.push(msg) } }).load(async (slice) => {
      slices.push(slice.length);
    });
    expect(loaded.map((s) => s.sessionId)).toEqual(Array.from({ length: 30 }, (_, i) => `s${i}`));
    // 20,000 characters a session: a 256 KB slice holds 13 of them.
    expect(slices).toEqual([13, 13, 4]);
    expect(warned).toEqual([expect.stringContaining("skipped unreadable lines")]);
    expect(readFileSync(join(dir, STORE_FILE), "utf8").trim().split("\n")).toHaveLength(30);
  });

  it("loads as empty, with a log line, a store it cannot read (the servers' sessions are fetched again)", async () => {
    const dir = tempDir();
    // A folder where the file should be: reading it fails with EISDIR.
    mkdirSync(join(dir, STORE_FILE));
    const warned: string[] = [];
    const loaded = await createSessionStore({ dir, live: () => [], logger: { warn: (_o, msg) => warned.push(msg) } }).load();
    expect(loaded).toEqual([]);
    expect(warned).toEqual([expect.stringContaining("could not read the search index")]);
  });

  it("loads nothing when there is no file yet", async () => {
    expect(await createSessionStore({ dir: join(tempDir(), "missing"), live: () => [] }).load()).toEqual([]);
  });
});
