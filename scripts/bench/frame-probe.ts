/**
 * In-page frame recorder for benches: a requestAnimationFrame loop logs each frame's interval and a
 * PerformanceObserver the long tasks, between start and stop. A string so tsx's helpers are not
 * needed in the page; the page must allow eval (benches open their contexts with bypassCSP).
 */
import type { Page } from "playwright-core";

/** Frame intervals and long tasks seen between startFrames and stopFrames. */
export interface FrameStats {
  frames: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  longTasks: number;
  longestTaskMs: number;
}

const START = `(() => {
  const rec = (window.__frameRec = { intervals: [], tasks: [], on: true });
  let last = performance.now();
  const tick = (now) => {
    if (!rec.on) return;
    rec.intervals.push(now - last);
    last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame((now) => { last = now; requestAnimationFrame(tick); });
  try {
    rec.observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) rec.tasks.push(e.duration); });
    rec.observer.observe({ type: "longtask" });
  } catch {}
})()`;

const STOP = `(() => {
  const rec = window.__frameRec;
  rec.on = false;
  rec.observer?.disconnect();
  return { intervals: rec.intervals, tasks: rec.tasks };
})()`;

/** Starts recording frames in `page`. */
export async function startFrames(page: Page): Promise<void> {
  await page.evaluate(START);
}

/** The value at quantile q (0..1) of sorted numbers. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** Stops recording and summarizes. */
export async function stopFrames(page: Page): Promise<FrameStats> {
  const raw = (await page.evaluate(STOP)) as { intervals: number[]; tasks: number[] };
  const sorted = [...raw.intervals].sort((a, b) => a - b);
  const round = (x: number) => Number(x.toFixed(1));
  return {
    frames: sorted.length,
    p50Ms: round(quantile(sorted, 0.5)),
    p95Ms: round(quantile(sorted, 0.95)),
    maxMs: round(sorted.at(-1) ?? 0),
    longTasks: raw.tasks.length,
    longestTaskMs: round(Math.max(0, ...raw.tasks)),
  };
}
