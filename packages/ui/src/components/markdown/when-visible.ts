/**
 * Runs work for an element once it is on screen (or near it), with one IntersectionObserver for
 * the page: code blocks in rows rendered off screen (a virtualizer's buffer, a long reply's top)
 * cost nothing until scrolled to; and the work waits for an idle moment, so what is on screen at
 * open is shown before it is decorated. Where IntersectionObserver does not exist (jsdom) the work
 * runs in the next task instead.
 */
import { whenIdle } from "../common/when-idle";

/** The longest visible work waits for an idle moment. */
const IDLE_TIMEOUT_MS = 1_000;

/** How far outside the viewport an element counts as visible (a scroll of about a screen ahead). */
const MARGIN = "300px 0px";

let observer: IntersectionObserver | undefined;
const pending = new WeakMap<Element, () => void>();

function shared(): IntersectionObserver {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const run = pending.get(entry.target);
        pending.delete(entry.target);
        observer?.unobserve(entry.target);
        run?.();
      }
    },
    { rootMargin: MARGIN },
  );
  return observer;
}

/** Calls `run` once `el` is near the viewport and the page is idle; the returned function cancels it. */
export function whenVisible(el: Element, run: () => void): () => void {
  if (typeof IntersectionObserver === "undefined") {
    const timer = setTimeout(run, 0);
    return () => clearTimeout(timer);
  }
  let cancelIdle: (() => void) | undefined;
  pending.set(el, () => (cancelIdle = whenIdle(run, IDLE_TIMEOUT_MS)));
  shared().observe(el);
  return () => {
    cancelIdle?.();
    if (!pending.delete(el)) return;
    observer?.unobserve(el);
  };
}
