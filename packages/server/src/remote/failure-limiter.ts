/**
 * Counts failed sign-in attempts per client address in a fixed window; over the limit the address
 * is refused (429) until the window ends. Pure apart from the injected clock.
 */

/** Options of the limiter. */
export interface FailureLimiterOptions {
  /** Failures allowed per address and window (default 10). */
  max?: number;
  /** Window length (default 60 s). */
  windowMs?: number;
  now?: () => number;
}

/** Per-address failure counting. */
export interface FailureLimiter {
  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfterMs(key: string): number;
  /** Records one failure of `key`. */
  fail(key: string): void;
}

/** A FailureLimiter; memory is bounded by dropping windows that ended. */
export function createFailureLimiter(opts: FailureLimiterOptions = {}): FailureLimiter {
  const max = opts.max ?? 10;
  const windowMs = opts.windowMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const windows = new Map<string, { start: number; failures: number }>();
  const current = (key: string) => {
    const t = now();
    const w = windows.get(key);
    if (w && t - w.start < windowMs) return w;
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
      else {
        if (windows.size > 10_000) {
          const t = now();
          for (const [k, v] of windows) if (t - v.start >= windowMs) windows.delete(k);
        }
        windows.set(key, { start: now(), failures: 1 });
      }
    },
  };
}
