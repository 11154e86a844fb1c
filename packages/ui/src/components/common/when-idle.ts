/**
 * Work that may wait until the page has nothing better to do (after a session has opened and
 * painted): requestIdleCallback with a deadline, or the next task where it does not exist (jsdom).
 */

/** Calls `run` when the page is next idle, at the latest after `timeoutMs`; returns its cancel. */
export function whenIdle(run: () => void, timeoutMs: number): () => void {
  if (typeof requestIdleCallback === "function") {
    const handle = requestIdleCallback(() => run(), { timeout: timeoutMs });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(run, 0);
  return () => clearTimeout(timer);
}
