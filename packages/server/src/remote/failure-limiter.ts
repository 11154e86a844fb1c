/**
 * Counts failed sign-in attempts per client address in a fixed window; over the limit the address
 * is refused (429) until the window ends. Memory is a fixed-size LRU (lru-cache): a flood from
 * many addresses evicts the oldest windows instead of growing. Pure apart from the injected clock.
 */
import { LRUCache } from "lru-cache";

/** Options of the limiter. */
export interface FailureLimiterOptions {
  /** Failures allowed per address and window (default 10). */
  max?: number;
  /** Window length (default 60 s). */
  windowMs?: number;
  /** Addresses remembered at most (default 10 000). */
  capacity?: number;
  now?: () => number;
}

/** Per-address failure counting. */
export interface FailureLimiter {
  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfterMs(key: string): number;
  /** Records one failure of `key`. */
  fail(key: string): void;
  /** How many addresses are remembered (bounded by `capacity`). */
  size(): number;
}

/** A FailureLimiter. */
export function createFailureLimiter(opts: FailureLimiterOptions = {}): FailureLimiter {
  const max = opts.max ?? 10;
  const windowMs = opts.windowMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const windows = new LRUCache<string, { start: number; failures: number }>({ max: opts.capacity ?? 10_000 });
  const current = (key: string) => {
    const w = windows.get(key);
    if (w && now() - w.start < windowMs) return w;
    if (w) windows.delete(key);
    return undefined;
  };
  return {
    retryAfterMs(key) {
      const w = current(key);
      return w && w.failures >= max ? w.start + windowMs - now() : 0;
    },
    fail(key) {
      const w = current(key);
      if (w) w.failures++;
      else windows.set(key, { start: now(), failures: 1 });
    },
    size: () => windows.size,
  };
}
