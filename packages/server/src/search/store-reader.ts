/**
 * Reading the store's JSON-lines file (session-store.ts writes it). Runs in the index's worker
 * thread (postings-worker.ts): parsing ~100 MB of lines on the hub's thread made V8 collect its
 * heap in one major GC pause of up to 89 ms on a restart. The hub's thread then takes the sessions
 * in small slices ({@link sliceEnd}), each a short structured-clone copy.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { StoredSession } from "./types.js";

/** One line of the file: a session's newest version, or its deletion. */
export type StoreLine = { s: StoredSession } | { d: string };

/** What a read found: the live sessions (last line wins), lines read, and lines that were unreadable. */
export interface StoreContents {
  sessions: StoredSession[];
  read: number;
  broken: number;
}

/** Characters of text the hub's thread takes per slice (~1 ms of structured-clone copy). */
export const SLICE_CHARS = 256 * 1024;

/** Reads the file; a missing file is an empty store. Other I/O errors are thrown. */
export async function readStoreFile(file: string): Promise<StoreContents> {
  const byId = new Map<string, StoredSession>();
  let read = 0;
  let broken = 0;
  try {
    const rl = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
    for await (const text of rl) {
      if (text.trim() === "") continue;
      read++;
      const line = parseLine(text);
      if (!line) broken++;
      else if ("s" in line) byId.set(line.s.sessionId, line.s);
      else byId.delete(line.d);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  return { sessions: [...byId.values()], read, broken };
}

/** A line, or null when it is cut short or not of the store's shape (an old or damaged file). */
export function parseLine(text: string): StoreLine | null {
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof line !== "object" || line === null) return null;
  if ("d" in line) return typeof line.d === "string" ? { d: line.d } : null;
  if (!("s" in line)) return null;
  return isStoredSession(line.s) ? { s: line.s } : null;
}

function isStoredSession(s: unknown): s is StoredSession {
  if (typeof s !== "object" || s === null) return false;
  const x = s as Partial<Record<keyof StoredSession, unknown>>;
  if (typeof x.sessionId !== "string" || typeof x.directory !== "string" || typeof x.title !== "string" || typeof x.updated !== "number")
    return false;
  if (!Array.isArray(x.messages)) return false;
  return x.messages.every((m: unknown) => {
    const y = m as Record<string, unknown> | null;
    return (
      typeof y === "object" &&
      y !== null &&
      typeof y.messageId === "string" &&
      typeof y.text === "string" &&
      typeof y.time === "number" &&
      (y.role === "user" || y.role === "assistant" || y.role === "tool")
    );
  });
}

/** End (exclusive) of the slice of `sessions` that starts at `from`: at least one session, then up to {@link SLICE_CHARS} of text. */
export function sliceEnd(sessions: readonly StoredSession[], from: number, maxChars = SLICE_CHARS): number {
  let chars = 0;
  let end = from;
  while (end < sessions.length) {
    const s = sessions[end];
    if (!s) break;
    chars += s.title.length + s.messages.reduce((n, m) => n + m.text.length + m.messageId.length, 0);
    if (chars > maxChars && end > from) break;
    end++;
  }
  return end;
}

/** What a read reports besides the sessions (which it hands out in slices). */
export interface StoreReadInfo {
  sessions: number;
  read: number;
  broken: number;
}

/** Reads the store file and hands its live sessions to `each`, a slice at a time, in file order. */
export type StoreReader = (file: string, each: (slice: StoredSession[]) => Promise<void>) => Promise<StoreReadInfo>;

/** A {@link StoreReader} in the calling thread (unit tests; the hub reads through the index's worker). */
export const readStoreHere: StoreReader = async (file, each) => {
  const { sessions, read, broken } = await readStoreFile(file);
  for (let from = 0; from < sessions.length;) {
    const end = sliceEnd(sessions, from);
    await each(sessions.slice(from, end));
    from = end;
  }
  return { sessions: sessions.length, read, broken };
};
