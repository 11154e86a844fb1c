/**
 * Long sessions in Switchboard: a 300- and a 3,000-message session on one OpenCode 1.18.33 server
 * (seeded by running a few real turns and importing copies of them: seed-import.ts), each opened by
 * deep link in a fresh context (`--runs` times, medians), then scrolled back with the mouse wheel
 * from the newest message to "Start of session", paging in all of its history. Reports the open
 * (navigation → last reply shown in full, main-thread work, DOM elements, message rows), and while
 * scrolling back: rAF frame intervals, long tasks, older pages loaded, the most DOM elements seen.
 * `npx tsx scripts/bench/long-session-bench.ts [--sizes 150,1500] [--runs 3] [--step 800]` (sizes in turns
 * of 2 messages). Needs the build. Results: dev-docs/benchmarks.md "Long sessions".
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { Browser, CDPSession, Page } from "playwright-core";
import { launchBrowser } from "../../e2e/support/browser.js";
import { startHub, type Hub } from "../../e2e/support/hub.js";
import { instancesByPort } from "../../e2e/support/live-page.js";
import { startFleet } from "../fleet/index.js";
import { grownExport, runTemplate, v1Transfer } from "./seed-import.js";
import { waitShown } from "./versus-measure.js";
import { OPEN_MARK, v1Target } from "./versus-targets.js";
import { waitFor } from "../../e2e/support/wait.js";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "150,1500" },
    runs: { type: "string", default: "3" },
    step: { type: "string", default: "800" },
  },
});
const SIZES = values.sizes.split(",").map(Number);
const RUNS = Number(values.runs);
const STEP = Number(values.step);
const log = (...args: unknown[]) => console.error("bench:", ...args);
const round = (x: number, digits = 1): number => Number(x.toFixed(digits));
const load1 = (): number => round(loadavg()[0] ?? 0);
const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};
const median = (xs: number[]): number => quantile(xs, 0.5);

async function taskMs(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send("Performance.getMetrics")) as { metrics: Array<{ name: string; value: number }> };
  return (metrics.find((m) => m.name === "TaskDuration")?.value ?? 0) * 1000;
}

/** In-page recorder: rAF intervals, long tasks, and the most elements the page held (sampled every 10th frame). */
const RECORDER = `(() => {
  const b = { frames: [], longTasks: [], maxNodes: 0, on: true };
  window.__bench = b;
  let last = performance.now();
  const tick = (t) => {
    b.frames.push(t - last); last = t;
    if (b.frames.length % 10 === 0) b.maxNodes = Math.max(b.maxNodes, document.getElementsByTagName("*").length);
    if (b.on) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  b.observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) b.longTasks.push(e.duration); });
  b.observer.observe({ type: "longtask" });
})()`;
const STOP = `(() => { const b = window.__bench; b.on = false; b.observer.disconnect();
  return { frames: b.frames.slice(1), longTasks: b.longTasks, maxNodes: Math.max(b.maxNodes, document.getElementsByTagName("*").length) }; })()`;

interface Open {
  shownMs: number;
  taskMs: number;
  domNodes: number;
  rows: number;
  load: number;
}

/** Opens the session by deep link; measured until its last reply is shown in full. */
async function open(page: Page, cdp: CDPSession, url: string, length: number): Promise<Open> {
  const load = load1();
  await page.goto("about:blank");
  const m0 = await taskMs(cdp);
  const t0 = Date.now();
  await page.goto(url, { waitUntil: "commit" });
  await waitShown(page, `Mock reply to: ${OPEN_MARK}`, length, 60_000);
  const shownMs = Date.now() - t0;
  const task = (await taskMs(cdp)) - m0;
  await page.waitForTimeout(1_000);
  return {
    shownMs,
    taskMs: round(task, 0),
    domNodes: await page.evaluate(() => document.getElementsByTagName("*").length),
    rows: await page.locator(".sv-timeline [data-message-id]").count(),
    load,
  };
}

/** Scrolls back with the wheel until "Start of session" shows; frames, long tasks, pages and elements meanwhile. */
async function scrollBack(page: Page, sessionId: string): Promise<Record<string, number>> {
  let pages = 0;
  page.on("request", (r) => {
    if (r.url().includes(`/session/${sessionId}/message`) && r.url().includes("before=")) pages++;
  });
  const load = load1();
  await page.locator(".sv-timeline-scroll").hover();
  await page.evaluate(RECORDER);
  const t0 = Date.now();
  const start = page.getByText("Start of session");
  for (let i = 0; i < 5_000 && !(await start.isVisible()); i++) {
    await page.mouse.wheel(0, -STEP);
    await page.waitForTimeout(16);
  }
  const ms = Date.now() - t0;
  const data = (await page.evaluate(STOP)) as { frames: number[]; longTasks: number[]; maxNodes: number };
  if (!(await start.isVisible())) throw new Error("never reached the start of the session");
  return {
    ms,
    load,
    olderPages: pages,
    frames: data.frames.length,
    frameMedian: round(median(data.frames)),
    frameP95: round(quantile(data.frames, 0.95)),
    frameP99: round(quantile(data.frames, 0.99)),
    frameMax: round(Math.max(0, ...data.frames)),
    framesOver50: data.frames.filter((f) => f > 50).length,
    longTasks: data.longTasks.length,
    longTaskMax: round(Math.max(0, ...data.longTasks)),
    maxDomNodes: data.maxNodes,
    rowsAtStart: await page.locator(".sv-timeline [data-message-id]").count(),
  };
}

const fleet = await startFleet({ count: 1, wordDelayMs: 5 });
let hub: Hub | undefined;
let browser: Browser | undefined;
try {
  const server = fleet.servers[0];
  if (!server) throw new Error("no fleet server");
  const target = v1Target(server);
  const transfer = v1Transfer(server, fleet.env());
  log(`running the template turns (load ${load1()})`);
  const template = await transfer.exportSession(await runTemplate(target));
  const sessions: Array<{ turns: number; id: string; messages: number; length: number }> = [];
  for (const turns of SIZES) {
    const t = Date.now();
    const grown = grownExport(template, turns);
    await transfer.importSession(grown);
    // Retried: reading a 3,000-message history can outlast one request's timeout on a loaded machine.
    const last = await waitFor("the imported session's last reply", () => target.settled(grown.info.id), 600_000, 1_000);
    const messages = grown.messages.length;
    log(`imported ${messages} messages in ${Date.now() - t} ms`);
    sessions.push({ turns, id: grown.info.id, messages, length: last.text.replace(/\s+/g, " ").trim().length });
  }
  hub = await startHub({ timeoutMs: 120_000 }); // a loaded machine starts it slowly
  await instancesByPort(hub.url, [server], 180_000);
  browser = await launchBrowser();
  const results: Record<string, unknown> = {};
  const opens = new Map<number, Open[]>(sessions.map((s) => [s.messages, []]));
  // Interleaved, so both sizes see the same machine.
  for (let run = 0; run < RUNS; run++) {
    for (const s of sessions) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
      try {
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send("Performance.enable");
        const o = await open(page, cdp, `${hub.url}/?session=${s.id}`, s.length);
        log(`${s.messages} messages, run ${run + 1}: shown after ${o.shownMs} ms, task ${o.taskMs} ms, ${o.domNodes} elements, load ${o.load}`);
        opens.get(s.messages)?.push(o);
        if (run === 0) {
          const back = await scrollBack(page, s.id);
          log(`${s.messages} messages scrolled back: ${JSON.stringify(back)}`);
          results[`scrollBack${s.messages}`] = back;
        }
      } finally {
        await context.close();
      }
    }
  }
  console.log("| | " + sessions.map((s) => `${s.messages} messages`).join(" | ") + " |");
  console.log("|---|" + sessions.map(() => "---").join("|") + "|");
  const row = (label: string, key: keyof Open) =>
    console.log(
      `| ${label} | ${sessions
        .map((s) => {
          const xs = (opens.get(s.messages) ?? []).map((o) => o[key]);
          return `${median(xs)} (${xs.join(", ")})`;
        })
        .join(" | ")} |`,
    );
  row("navigation → last reply shown in full (ms)", "shownMs");
  row("main thread while opening (task, ms)", "taskMs");
  row("DOM elements after open", "domNodes");
  row("message rows in the DOM after open", "rows");
  row("load average at the open", "load");
  for (const key of [
    "ms",
    "olderPages",
    "frames",
    "frameMedian",
    "frameP95",
    "frameP99",
    "frameMax",
    "framesOver50",
    "longTasks",
    "longTaskMax",
    "maxDomNodes",
    "rowsAtStart",
    "load",
  ]) {
    console.log(
      `| scroll back: ${key} | ${sessions.map((s) => (results[`scrollBack${s.messages}`] as Record<string, number> | undefined)?.[key] ?? "—").join(" | ")} |`,
    );
  }
  console.log(JSON.stringify({ sessions, opens: Object.fromEntries(opens), ...results }, null, 2));
} finally {
  await browser?.close();
  await hub?.stop();
  await fleet.stop();
}
