/**
 * Client-generated OpenCode ids (`msg_…`, `prt_…`), the same shape as OpenCode's ascending
 * identifiers: 12 hex digits of (epoch ms × 0x1000 + per-ms counter) truncated to 48 bits, then
 * 14 random base62 characters. Sending our own ids lets an optimistic message and its parts be
 * merged with the server's copies, and keeps them sorting after everything created before.
 */

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const RANDOM_LENGTH = 14;
const MASK_48 = (1n << 48n) - 1n;

/** Produces ascending ids with the given prefix. */
export type IdGenerator = (prefix: "msg" | "prt") => string;

/** Builds a generator over an injectable clock and randomness (tests make it deterministic). */
export function makeIdGenerator(
  now: () => number = Date.now,
  randomBytes: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n)),
): IdGenerator {
  let lastMs = -1;
  let counter = 0;
  return (prefix) => {
    const ms = now();
    // Same ms (or a clock that stepped back): bump the counter so ids still ascend.
    if (ms > lastMs) {
      lastMs = ms;
      counter = 0;
    }
    counter++;
    const stamp = (BigInt(lastMs) * 0x1000n + BigInt(counter)) & MASK_48;
    const hex = stamp.toString(16).padStart(12, "0");
    const bytes = randomBytes(RANDOM_LENGTH);
    let tail = "";
    for (let i = 0; i < RANDOM_LENGTH; i++) tail += BASE62[(bytes[i] ?? 0) % 62];
    return `${prefix}_${hex}${tail}`;
  };
}

const shared = makeIdGenerator();

/** A new message id (`msg_…`) that sorts after every id OpenCode created before now. */
export function newMessageId(): string {
  return shared("msg");
}

/** A new part id (`prt_…`), for the parts of an optimistic message. */
export function newPartId(): string {
  return shared("prt");
}
