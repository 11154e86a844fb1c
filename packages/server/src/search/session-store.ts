/**
 * The index on disk: an append-only JSON-lines log of stored sessions (a later line for a session
 * replaces an earlier one; `{"d": id}` deletes), compacted when it grows to twice what is live.
 * Only the text is stored, not MiniSearch's structures: a restart re-indexes from this file (no
 * network), in slices that yield. A line cut short by a crash is skipped.
 */
import { createReadStream } from "node:fs";
import { appendFile, mkdir, open, rename, stat } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { StoredSession } from "./types.js";
import { createYielder } from "./yielder.js";

/** Store file name; the version changes when the line format does (an old file is then ignored). */
export const STORE_FILE = "sessions-v1.jsonl";

/** Log lines tolerated per live session before compaction. */
const COMPACT_RATIO = 2;

/** What the store logs (never text of messages, never credentials). */
export interface StoreLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
}

/** The on-disk side of the index. */
export interface SessionStore {
  /** Reads every stored session (last line wins). Compacts the file when it holds much more than that. */
  load(): Promise<StoredSession[]>;
  /** Queues a session to be written (coalesced; written within flushMs). */
  put(session: StoredSession): void;
  /** Queues a deletion. */
  delete(sessionId: string): void;
  /** Writes what is queued. */
  flush(): Promise<void>;
  /** Bytes of the file now. */
  sizeBytes(): Promise<number>;
}

type Line = { s: StoredSession } | { d: string };

/** Creates the store in `dir` (made when missing). `live()` lists what the index holds, for compaction. */
export function createSessionStore(opts: { dir: string; live: () => Iterable<StoredSession>; flushMs?: number; logger?: StoreLogger }): SessionStore {
  const file = join(opts.dir, STORE_FILE);
  const flushMs = opts.flushMs ?? 250;
  const pending = new Map<string, StoredSession | null>();
  let timer: NodeJS.Timeout | null = null;
  let chain: Promise<void> = Promise.resolve();
  let lines = 0;

  async function writeAll(sessions: Iterable<StoredSession>): Promise<void> {
    await mkdir(opts.dir, { recursive: true });
    const tmp = `${file}.tmp`;
    const handle = await open(tmp, "w");
    const maybeYield = createYielder();
    let count = 0;
    try {
      let chunk = "";
      for (const s of sessions) {
        chunk += `${JSON.stringify({ s } satisfies Line)}\n`;
        count++;
        if (chunk.length > 1 << 20) {
          await handle.write(chunk);
          chunk = "";
        }
        await maybeYield();
      }
      if (chunk) await handle.write(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
    lines = count;
  }

  async function writePending(): Promise<void> {
    if (pending.size === 0) return;
    const batch = [...pending];
    pending.clear();
    await mkdir(opts.dir, { recursive: true });
    // A backfill can queue thousands of sessions at once: serialize and write them in slices.
    const maybeYield = createYielder();
    let text = "";
    for (const [id, s] of batch) {
      text += `${JSON.stringify(s ? ({ s } satisfies Line) : ({ d: id } satisfies Line))}\n`;
      if (text.length > 1 << 20) {
        await appendFile(file, text);
        text = "";
      }
      await maybeYield();
    }
    if (text) await appendFile(file, text);
    lines += batch.length;
    const live = [...opts.live()];
    if (lines > COMPACT_RATIO * live.length + 100) await writeAll(live);
  }

  function schedule(): void {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      void enqueue();
    }, flushMs);
    timer.unref?.();
  }

  function enqueue(): Promise<void> {
    chain = chain.then(writePending).catch((err: unknown) => {
      opts.logger?.warn({ err: err instanceof Error ? err.message : String(err), file }, "could not write the search index; it stays in memory");
    });
    return chain;
  }

  return {
    async load() {
      const byId = new Map<string, StoredSession>();
      let read = 0;
      let broken = 0;
      try {
        const rl = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
        for await (const text of rl) {
          if (text.trim() === "") continue;
          read++;
          try {
            const line = JSON.parse(text) as Line;
            if ("s" in line) byId.set(line.s.sessionId, line.s);
            else byId.delete(line.d);
          } catch {
            broken++;
          }
        }
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      }
      if (broken > 0)
        opts.logger?.warn({ file, broken }, "skipped unreadable lines of the search index (a write cut short); their sessions are fetched again");
      lines = read;
      if (read > COMPACT_RATIO * byId.size + 100 || broken > 0) await writeAll(byId.values());
      return [...byId.values()];
    },
    put(session) {
      pending.set(session.sessionId, session);
      schedule();
    },
    delete(sessionId) {
      pending.set(sessionId, null);
      schedule();
    },
    flush() {
      if (timer) clearTimeout(timer);
      timer = null;
      return enqueue();
    },
    async sizeBytes() {
      try {
        return (await stat(file)).size;
      } catch {
        return 0;
      }
    },
  };
}
