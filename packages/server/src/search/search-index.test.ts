import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSearchIndex as createIndex, type SearchIndex } from "./search-index.js";
import { createSessionStore, STORE_FILE } from "./session-store.js";
import type { SearchRequest, StoredSession } from "./types.js";

function session(id: string, title: string, texts: string[], directory = "/repo"): StoredSession {
  return {
    sessionId: id,
    directory,
    title,
    updated: 100,
    messages: texts.map((text, i) => ({ messageId: `${id}-m${i}`, role: i % 2 === 0 ? "user" : "assistant", text, time: 10 + i })),
  };
}

const req = (q: string, more: Partial<SearchRequest> = {}): SearchRequest => ({ q, limit: 20, offset: 0, ...more });
const noInstance = () => null;

const opened: SearchIndex[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((i) => i.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "switchboard-search-index-"));
  dirs.push(d);
  return d;
}

// Both ways the postings run: in the worker thread (the hub's) and in this thread.
describe.each(["worker", "local"] as const)("search index (postings: %s)", (postings) => {
  const createSearchIndex = () => {
    const index = createIndex({ postings });
    opened.push(index);
    return index;
  };

  it("ranks sessions holding both words first, a message with both first of all", async () => {
    const index = createSearchIndex();
    await index.upsert(session("s-one", "t", ["kafka kafka kafka consumer lag", "nothing"]));
    await index.upsert(session("s-split", "t", ["the kafka topic", "a partition rebalance"]));
    await index.upsert(session("s-both", "t", ["kafka partition offsets are stuck"]));
    await index.upsert(session("s-other", "t", ["partition table of the disk", "partition again partition"]));
    const { results } = await index.search(req("kafka partition"), noInstance);
    const sessions = results.map((r) => r.sessionId);
    expect(sessions[0]).toBe("s-both");
    // Then both messages of the session that has the two words apart, before any single-word session.
    expect(sessions.slice(1, 3)).toEqual(["s-split", "s-split"]);
    expect(new Set(sessions.slice(3))).toEqual(new Set(["s-one", "s-other"]));
  });

  it("matches prefixes and one typo in long words; snippets mark the matched words", async () => {
    const index = createSearchIndex();
    await index.upsert(session("s1", "Auth work", ["We refactored the authentication middleware"]));
    const prefix = (await index.search(req("authent"), noInstance)).results.find((r) => r.messageId === "s1-m0");
    expect(prefix?.snippet.slice(...(prefix.matches[0] as [number, number]))).toBe("authentication");
    const typo = (await index.search(req("midleware"), noInstance)).results;
    expect(typo.map((r) => r.messageId)).toEqual(["s1-m0"]);
  });

  it("finds titles, pointing at the session's first message", async () => {
    const index = createSearchIndex();
    await index.upsert(session("s1", "Quarterly zebra report", ["hello", "hi"]));
    const { results } = await index.search(req("zebra"), noInstance);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      sessionId: "s1",
      messageId: "s1-m0",
      snippet: "Quarterly zebra report",
      matches: [[10, 15]],
      title: "Quarterly zebra report",
    });
  });

  it("filters by role, directory, since and instance", async () => {
    const index = createSearchIndex();
    await index.upsert(session("a", "t", ["walrus here", "walrus there"], "/a"));
    await index.upsert(session("b", "t", ["walrus far"], "/b"));
    const owner = (id: string) => (id === "a" ? "inst-a" : null);
    const ids = async (more: Partial<SearchRequest>) => (await index.search(req("walrus", more), owner)).results.map((r) => r.messageId).sort();
    expect(await ids({ role: "assistant" })).toEqual(["a-m1"]);
    expect(await ids({ directory: "/b" })).toEqual(["b-m0"]);
    expect(await ids({ since: 11 })).toEqual(["a-m1"]);
    expect(await ids({ instance: "inst-a" })).toEqual(["a-m0", "a-m1"]);
    expect((await index.search(req("walrus"), owner)).results.find((r) => r.sessionId === "b")?.instanceId).toBeNull();
  });

  it("pages with offset and limit; total counts every hit", async () => {
    const index = createSearchIndex();
    await index.upsert(
      session(
        "p",
        "t",
        Array.from({ length: 7 }, (_, i) => `otter number ${i}`),
      ),
    );
    const first = await index.search(req("otter", { limit: 3 }), noInstance);
    const third = await index.search(req("otter", { limit: 3, offset: 6 }), noInstance);
    expect(first.total).toBe(7);
    expect(first.results).toHaveLength(3);
    expect(third.results).toHaveLength(1);
  });

  it("re-indexes changed text, drops removed messages and sessions", async () => {
    const index = createSearchIndex();
    await index.upsert(session("s", "old title", ["first draft", "gone soon"]));
    await index.upsert(session("s", "new title", ["second draft"]));
    expect((await index.search(req("first"), noInstance)).results).toEqual([]);
    expect((await index.search(req("gone"), noInstance)).results).toEqual([]);
    expect((await index.search(req("old"), noInstance)).results).toEqual([]);
    expect((await index.search(req("second"), noInstance)).results).toHaveLength(1);
    expect(index.stats()).toMatchObject({ sessions: 1, documents: 2 });
    index.remove("s");
    expect((await index.search(req("second"), noInstance)).results).toEqual([]);
    expect(index.stats()).toMatchObject({ sessions: 0, documents: 0, textChars: 0 });
    // Re-indexing the same ids after a removal, then changing them again before a query.
    await index.upsert(session("s", "t", ["third draft"]));
    await index.upsert(session("s", "t", ["fourth draft"]));
    expect((await index.search(req("draft"), noInstance)).results.map((r) => r.snippet)).toEqual(["fourth draft"]);
  });

  it("reloads a store through its reader (the worker's, with the worker) in slices, and finds the same words", async () => {
    const dir = tempDir();
    const sessions = Array.from({ length: 40 }, (_, i) => session(`s${i}`, `title ${i}`, [`word${i} ${"filler ".repeat(2_000)}`, "heron"]));
    const writer = createSessionStore({ dir, live: () => sessions });
    for (const s of sessions) writer.put(s);
    await writer.flush();
    const index = createSearchIndex();
    const slices: number[] = [];
    const loaded = await createSessionStore({ dir, live: () => index.sessions(), read: index.readStore }).load(async (slice) => {
      slices.push(slice.length);
      for (const s of slice) await index.upsert(s);
    });
    expect(loaded).toHaveLength(40);
    expect(slices.length).toBeGreaterThan(1);
    expect(slices.reduce((a, b) => a + b, 0)).toBe(40);
    // Its own word ranks first (words one typo away, such as word1, follow).
    expect((await index.search(req("word17"), noInstance)).results[0]?.sessionId).toBe("s17");
    expect((await index.search(req("heron"), noInstance)).total).toBe(40);
    expect(index.get("s39")).toEqual(sessions[39]);
  });

  it("says in a log line that a store it cannot read is fetched again, and still indexes", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, STORE_FILE));
    const index = createSearchIndex();
    const warned: string[] = [];
    const store = createSessionStore({ dir, live: () => index.sessions(), read: index.readStore, logger: { warn: (_o, msg) => warned.push(msg) } });
    expect(await store.load()).toEqual([]);
    expect(warned).toEqual([expect.stringContaining("could not read the search index")]);
    await index.upsert(session("s", "t", ["pelican"]));
    expect((await index.search(req("pelican"), noInstance)).results).toHaveLength(1);
  });
});
