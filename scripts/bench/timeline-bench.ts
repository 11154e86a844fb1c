/**
 * The session workspace in Chromium against a real fleet: what a fast streaming reply costs per
 * frame, how long a 500-message session takes to open, to page back to its start, and to scroll,
 * and what typing in the session filter costs with many sessions listed.
 * `npx tsx scripts/bench/timeline-bench.ts [--words 3000] [--messages 500] [--sessions 200] [--runs 3] [--parts stream,open,filter]`
 * Needs the built hub and UI (`node scripts/start.mjs --build-only`). Results: dev-docs/benchmarks.md.
 */
import { parseArgs } from "node:util";
import type { CDPSession, Page } from "playwright-core";
import { startFleet, type FleetServer } from "../fleet/index.js";
import { launchBrowser } from "../../e2e/support/browser.js";
import { startHub, type Hub } from "../../e2e/support/hub.js";
import { createSession, rest, settledReply, storedMessages, textOf } from "../../e2e/support/rest.js";
import { waitFor } from "../../e2e/support/wait.js";

const { values } = parseArgs({
  options: {
    words: { type: "string", default: "3000" },
    messages: { type: "string", default: "500" },
    sessions: { type: "string", default: "200" },
    runs: { type: "string", default: "3" },
    /** Which parts to run: stream, open, filter (comma-separated). */
    parts: { type: "string", default: "stream,open,filter" },
  },
});
const PARTS = new Set(values.parts.split(","));
const WORDS = Number(values.words);
const MESSAGES = Number(values.messages);
const SESSIONS = Number(values.sessions);
const RUNS = Number(values.runs);

/** Frame and main-thread numbers of one measured window. */
interface Window {
  ms: number;
  frames: number;
  frameMedian: number;
  frameP95: number;
  frameMax: number;
  /** Frames slower than 50 ms (visible jank). */
  slowFrames: number;
  longTasks: number;
  longTaskMs: number;
  /** Main-thread busy time per second of wall time, from the CDP Performance domain. */
  scriptMsPerS: number;
  layoutMsPerS: number;
  styleMsPerS: number;
  taskMsPerS: number;
}

const quantile = (xs: number[], q: number): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};
const median = (xs: number[]): number => quantile(xs, 0.5);
const round = (x: number, digits = 1): number => Number(x.toFixed(digits));

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = (await cdp.send("Performance.getMetrics")) as { metrics: Array<{ name: string; value: number }> };
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** In-page recorder of rAF intervals and long tasks. */
const RECORDER = `(() => {
  const b = { frames: [], longTasks: [], on: true };
  window.__bench = b;
  let last = performance.now();
  const tick = (t) => { b.frames.push(t - last); last = t; if (b.on) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  b.observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) b.longTasks.push(e.duration); });
  b.observer.observe({ type: "longtask" });
})()`;

/** Starts recording rAF intervals and long tasks in the page; the returned function stops and reports. */
async function measure(page: Page, cdp: CDPSession): Promise<() => Promise<Window>> {
  // A string, not a function: tsx's name-keeping helpers do not exist inside the page.
  await page.evaluate(RECORDER);
  const before = await metrics(cdp);
  const started = Date.now();
  return async () => {
    const ms = Date.now() - started;
    const after = await metrics(cdp);
    const data = (await page.evaluate(
      "(() => { const b = window.__bench; b.on = false; b.observer.disconnect(); return { frames: b.frames.slice(1), longTasks: b.longTasks }; })()",
    )) as { frames: number[]; longTasks: number[] };
    const perS = (name: string) => round((((after[name] ?? 0) - (before[name] ?? 0)) * 1000) / (ms / 1000));
    return {
      ms,
      frames: data.frames.length,
      frameMedian: round(median(data.frames)),
      frameP95: round(quantile(data.frames, 0.95)),
      frameMax: round(Math.max(0, ...data.frames)),
      slowFrames: data.frames.filter((f) => f > 50).length,
      longTasks: data.longTasks.length,
      longTaskMs: round(data.longTasks.reduce((a, b) => a + b, 0)),
      scriptMsPerS: perS("ScriptDuration"),
      layoutMsPerS: perS("LayoutDuration"),
      styleMsPerS: perS("RecalcStyleDuration"),
      taskMsPerS: perS("TaskDuration"),
    };
  };
}

async function openPage(hub: Hub, path: string): Promise<{ page: Page; cdp: CDPSession; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  await page.goto(`${hub.url}${path}`);
  return { page, cdp, close: () => context.close() };
}

const log = (...args: unknown[]) => console.error("bench:", ...args);

/** A: one fast reply of WORDS words (the mock sends a word per millisecond). */
async function streamingReply(hub: Hub, server: FleetServer): Promise<Record<string, unknown>> {
  const session = await createSession(server, "bench stream");
  const { page, cdp, close } = await openPage(hub, `/?session=${session.id}`);
  try {
    const box = page.getByRole("textbox", { name: "Message" });
    await box.waitFor();
    await box.fill(`[[long:${WORDS}]] [[slow:1]] stream fast`);
    const stop = await measure(page, cdp);
    const sent = Date.now();
    await box.press("Enter");
    // How much text the page shows, sampled every 25 ms, to find when it first showed all of it.
    const shown: Array<{ at: number; length: number }> = [];
    const reply = page.locator('.sv-timeline [data-role="assistant"] [data-part-type="text"]').last();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const text = await reply.innerText({ timeout: 1_000 }).catch(() => "");
        shown.push({ at: Date.now(), length: text.replace(/\s+/g, " ").trim().length });
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const stored = await waitFor("the reply to settle", () => settledReply(server, session.id), 180_000, 200);
    const finalLength = textOf(stored).replace(/\s+/g, " ").trim().length;
    await waitFor("the page to show the whole reply", () => (shown.at(-1)?.length ?? 0) >= finalLength, 60_000, 25);
    sampling = false;
    await sampler;
    const window = await stop();
    const time = stored.info.time as { created: number; completed?: number };
    const completed = time.completed ?? time.created;
    const whole = shown.find((s) => s.length >= finalLength)?.at ?? Date.now();
    return {
      words: WORDS,
      characters: finalLength,
      serverStreamMs: completed - time.created,
      sendToLastWordMs: whole - sent,
      /** From the server storing the last word to the page showing it (same machine clock). */
      lastWordLagMs: whole - completed,
      ...window,
    };
  } finally {
    await close();
  }
}

/** Seeds MESSAGES messages: reply turns (user + assistant) with three plain user messages before each. */
async function seedLongSession(server: FleetServer): Promise<{ id: string; count: number; seedMs: number }> {
  const started = Date.now();
  const session = await createSession(server, "bench 500 messages");
  let count = 0;
  for (let turn = 0; count < MESSAGES; turn++) {
    for (let i = 0; i < 3 && count < MESSAGES - 2; i++, count++) {
      const text = `note ${turn}.${i}: ${"some words to give this row a line or two of text ".repeat(1 + (i % 3))}`;
      await rest(server, `/session/${session.id}/message`, { noReply: true, parts: [{ type: "text", text }] });
    }
    await rest(server, `/session/${session.id}/prompt_async`, {
      parts: [{ type: "text", text: `turn ${turn} [[long:${40 + (turn % 5) * 30}]] [[slow:0]]` }],
    });
    await waitFor("the turn to finish", () => settledReply(server, session.id), 30_000, 30);
    count += 2;
  }
  const stored = await storedMessages(server, session.id);
  return { id: session.id, count: stored.length, seedMs: Date.now() - started };
}

/** B: open the long session from the list, page back to its start, scroll it top to bottom. */
async function longSession(hub: Hub, sessionId: string): Promise<Record<string, unknown>> {
  const opens: number[] = [];
  const renderedRows: number[] = [];
  const domNodes: number[] = [];
  let history: Record<string, unknown> = {};
  let scroll: Window | undefined;
  const newest = (await storedMessages(fleetServer, sessionId)).at(-1)?.info.id ?? "";
  for (let run = 0; run < RUNS; run++) {
    const { page, cdp, close } = await openPage(hub, "/");
    try {
      const row = page.locator(`nav[aria-label="Session list"] [data-session-id="${sessionId}"]`);
      await row.waitFor({ timeout: 30_000 });
      const started = Date.now();
      await row.click();
      await page.locator(`[data-message-id="${newest}"]`).waitFor({ timeout: 30_000 });
      await page.waitForFunction(
        () => {
          const el = document.querySelector(".sv-timeline-scroll");
          return el !== null && el.scrollHeight - el.scrollTop - el.clientHeight < 60;
        },
        undefined,
        { polling: "raf", timeout: 30_000 },
      );
      opens.push(Date.now() - started);
      renderedRows.push(await page.locator(".sv-timeline [data-message-id]").count());
      domNodes.push(await page.evaluate(() => document.getElementsByTagName("*").length));
      if (run === 0) {
        // Page back to the start: each scroll to the top asks for the next older page.
        const scroller = page.locator(".sv-timeline-scroll");
        const t0 = Date.now();
        let pages = 0;
        page.on("request", (r) => {
          if (r.url().includes(`/session/${sessionId}/message`) && r.url().includes("before=")) pages++;
        });
        await waitFor(
          "the start of the session",
          async () => {
            await scroller.evaluate((el) => (el.scrollTop = 0));
            return page.getByText("Start of session").isVisible();
          },
          120_000,
          100,
        );
        history = {
          olderPages: pages,
          toStartMs: Date.now() - t0,
          renderedRowsAtStart: await page.locator(".sv-timeline [data-message-id]").count(),
        };
        // Scroll the whole history top to bottom with the wheel.
        await scroller.hover();
        const stop = await measure(page, cdp);
        for (let i = 0; i < 400; i++) {
          await page.mouse.wheel(0, 400);
          if (i % 20 === 19 && (await scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 5))) break;
        }
        scroll = await stop();
      }
    } finally {
      await close();
    }
  }
  return {
    openMsMedian: median(opens),
    openMs: opens,
    renderedRows: median(renderedRows),
    domNodes: median(domNodes),
    ...history,
    wheelScroll: scroll,
  };
}

/** C: SESSIONS sessions listed; type a filter one key at a time. */
async function filterTyping(hub: Hub, server: FleetServer): Promise<Record<string, unknown>> {
  const t0 = Date.now();
  const batch = 8;
  for (let i = 0; i < SESSIONS; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, SESSIONS - i) }, (_, j) =>
        createSession(server, `filter bench ${i + j} ${["alpha", "bravo", "charlie"][(i + j) % 3]}`),
      ),
    );
  }
  const seedMs = Date.now() - t0;
  const { page, cdp, close } = await openPage(hub, "/");
  try {
    const rows = page.locator('nav[aria-label="Session list"] [data-session-id]');
    await waitFor("the sessions listed", async () => (await rows.count()) >= SESSIONS, 60_000);
    const listed = await rows.count();
    const stop = await measure(page, cdp);
    // Timed inside the page (no round trips): from the input event to the second frame after it.
    const perKey = (await page.evaluate(`(async () => {
      const box = document.querySelector('input[aria-label="Filter sessions"]');
      const out = [];
      const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
      for (const ch of "charlie") {
        const t = performance.now();
        box.value += ch;
        box.dispatchEvent(new InputEvent("input", { bubbles: true, data: ch, inputType: "insertText" }));
        await frame();
        await frame();
        out.push(performance.now() - t);
      }
      return out;
    })()`)) as number[];
    const window = await stop();
    return {
      sessionsListed: listed,
      seedMs,
      keyToPaintMsMedian: round(median(perKey)),
      keyToPaintMs: perKey.map((x) => round(x)),
      shownAfterFilter: await rows.count(),
      ...window,
    };
  } finally {
    await close();
  }
}

let fleetServer: FleetServer;

const fleet = await startFleet({ count: 1, wordDelayMs: 0 });
const hub = await startHub();
const browser = await launchBrowser();
try {
  const server = fleet.servers[0] as FleetServer;
  fleetServer = server;
  const results: Record<string, unknown> = {};
  if (PARTS.has("stream")) {
    log(`streaming a ${WORDS}-word reply`);
    results.streaming = await streamingReply(hub, server);
    log(JSON.stringify(results.streaming));
  }
  if (PARTS.has("open")) {
    log(`seeding a ${MESSAGES}-message session`);
    const seeded = await seedLongSession(server);
    log(`seeded ${seeded.count} messages in ${seeded.seedMs} ms; opening it ${RUNS} times`);
    results.longSession = { messages: seeded.count, seedMs: seeded.seedMs, ...(await longSession(hub, seeded.id)) };
    log(JSON.stringify(results.longSession));
  }
  if (PARTS.has("filter")) {
    log(`listing ${SESSIONS} more sessions and typing a filter`);
    results.filter = await filterTyping(hub, server);
  }
  results.machine = { cpus: (await import("node:os")).cpus().length, chromium: browser.version() };
  console.log(JSON.stringify(results, null, 2));
} finally {
  await browser.close();
  await hub.stop();
  await fleet.stop();
}
