/**
 * The index on disk: an append-only JSON-lines log of stored sessions (a later line for a session
 * replaces an earlier one; `{"d": id}` deletes), compacted when it grows to twice what is live.
 * Only the text is stored, not MiniSearch's structures: a restart re-indexes from this file (no
 * network), in slices that yield; the file is read and parsed by the reader it is given (the
 * index's worker thread in the hub, store-reader.ts). A line cut short by a crash is skipped.
 */
import { appendFile, mkdir, open, rename, stat } from "node:fs/promises";
import { join } from "node:path";
import { readStoreHere, type StoreLine, type StoreReader } from "./store-reader.js";
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
  /**
   * Reads every stored session (last line wins), handing them to `each` in slices as they come,
   * and returns them all. Compacts the file when it holds much more than that. A file that cannot
   * be read is logged and loads as empty (the servers' sessions are fetched again).
   */
  load(each?: (slice: StoredSession[]) => Promise<void>): Promise<StoredSession[]>;
  /** Queues a session to be written (coalesced; written within flushMs). */
  put(session: StoredSession): void;
  /** Queues a deletion. */
  delete(sessionId: string): void;
  /** Writes what is queued. */
  flush(): Promise<void>;
  /** Bytes of the file now. */
  sizeBytes(): Promise<number>;
}

/** Options of {@link createSessionStore}. */
export interface SessionStoreOptions {
  /** Folder of the file (made when missing). */
  dir: string;
  /** What the index holds, for compaction. */
  live: () => Iterable<StoredSession>;
  flushMs?: number;
  logger?: StoreLogger;
  /** Who reads and parses the file on load (default: this thread). */
  read?: StoreReader;
}

/** Creates the store. */
export function createSessionStore(opts: SessionStoreOptions): SessionStore {
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
        chunk += `${JSON.stringify({ s } satisfies StoreLine)}\n`;
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
      text += `${JSON.stringify(s ? ({ s } satisfies StoreLine) : ({ d: id } satisfies StoreLine))}\n`;
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
    async load(each) {
      const loaded: StoredSession[] = [];
      const take = async (slice: StoredSession[]) => {
        loaded.push(...slice);
        await each?.(slice);
      };
      let info;
      try {
        info = await (opts.read ?? readStoreHere)(file, take);
      } catch (err) {
        opts.logger?.warn(
          { file, err: err instanceof Error ? err.message : String(err), loaded: loaded.length },
          "could not read the search index; the sessions it did not load are fetched again from the servers",
        );
        return loaded;
      }
      if (info.broken > 0)
        opts.logger?.warn(
          { file, broken: info.broken },
          "skipped unreadable lines of the search index (a write cut short, or an old format); their sessions are fetched again",
        );
      lines = info.read;
      if (info.read > COMPACT_RATIO * loaded.length + 100 || info.broken > 0) await writeAll(loaded);
      return loaded;
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
