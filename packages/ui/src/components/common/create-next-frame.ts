import { onCleanup } from "solid-js";

/**
 * `requestAnimationFrame` whose pending frames are cancelled with the reactive owner, so a view
 * that is gone never runs its "after layout" work.
 */
export function createNextFrame(): (fn: () => void) => void {
  const pending = new Set<number>();
  onCleanup(() => {
    for (const id of pending) cancelAnimationFrame(id);
    pending.clear();
  });
  return (fn) => {
    const id = requestAnimationFrame(() => {
      pending.delete(id);
      fn();
    });
    pending.add(id);
  };
}
