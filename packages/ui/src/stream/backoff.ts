/** Reconnect schedule shared by instance and hub connections (pure). */

/** First retry waits about this long. */
export const BACKOFF_BASE_MS = 1_000;
/** No retry waits longer than this. */
export const BACKOFF_CAP_MS = 30_000;
/** Jitter spreads each delay over ±20 % so many tabs (or instances) do not retry in lockstep. */
export const BACKOFF_JITTER = 0.2;

/**
 * Delay before reconnect attempt `attempt` (1 = first retry): 1 s, 2 s, 4 s … capped at 30 s,
 * each multiplied by a factor in [0.8, 1.2) from `random()` (∈ [0, 1)), and never above the cap.
 */
export function backoffDelay(attempt: number, random: () => number): number {
  const n = Number.isFinite(attempt) ? Math.max(1, Math.floor(attempt)) : 1;
  // 2^(n-1) overflows to Infinity for huge n; Math.min keeps the cap either way.
  const base = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (n - 1));
  const r = Math.min(Math.max(random(), 0), 1);
  const factor = 1 - BACKOFF_JITTER + 2 * BACKOFF_JITTER * r;
  return Math.round(Math.min(BACKOFF_CAP_MS, base * factor));
}
