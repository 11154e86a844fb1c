/** Cooperative yielding: long loops give the event loop back every few milliseconds, so no stall passes ~50 ms. */
import { performance } from "node:perf_hooks";
import { setImmediate as nextTurn } from "node:timers/promises";

/** Time slice a loop may take before it yields (well under the 50 ms stall budget). */
export const SLICE_MS = 8;

/** Returns `maybeYield()`: resolves at once inside the slice, after a turn of the event loop past it. */
export function createYielder(sliceMs = SLICE_MS): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < sliceMs) return undefined;
    return nextTurn().then(() => {
      since = performance.now();
    });
  };
}
