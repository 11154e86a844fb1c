/**
 * The session list at scale in Chromium: how long 1,000 and 10,000 sessions across three servers take
 * from their data arriving to painted rows, what a filter keystroke costs, how many DOM nodes the page
 * holds, and whether scrolling the list shows its later rows.
 *
 * How the data arrives: three (`--servers`) real OpenCode 1.18.33 servers (fleet) behind the built hub; the page's
 * own `GET /session` requests to them are answered with the server's real list plus synthetic
 * sessions (Playwright routing, in Node), so the page loads them exactly as it loads real ones.
 * Two thirds of each server's synthetic sessions are in its own folder (a running group), the rest in
 * four folders no server runs in ("not running" groups); every tenth is a child of the one before.
 *
 * `npx tsx scripts/bench/list-bench.ts [--sessions 1000,10000] [--runs 3] [--servers 3] [--ui-dir DIR]`
 * `--ui-dir` serves another build of the page (e.g. main's, built in a temp clone) for a before/after.
 * Needs the built hub and UI (`node scripts/start.mjs --build-only`). Results: dev-docs/benchmarks.md.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { Browser, BrowserContext, Page, Route } from "playwright-core";
import { startFleet, type FleetServer } from "../fleet/index.js";
import { createSession } from "../fleet/client.js";
import { launchBrowser } from "../../e2e/support/browser.js";
import { startHub } from "../../e2e/support/hub.js";
import { hubInstanceId, waitConnected } from "../../e2e/support/workspace-page.js";
import { waitFor } from "../../e2e/support/wait.js";

const { values } = parseArgs({
  options: {
    sessions: { type: "string", default: "1000,10000" },
    runs: { type: "string", default: "3" },
    "ui-dir": { type: "string" },
    servers: { type: "string", default: "3" },
    /** Print the page's hottest functions (CPU profile, self time) from load to painted list. */
    profile: { type: "boolean", default: false },
  },
});
const SIZES = values.sessions.split(",").map(Number);
const RUNS = Number(values.runs);
const SERVERS = Number(values.servers);
const WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"];
/** Typed one key at a time, then deleted one key at a time: every keystroke is measured. */
const QUERY = "charlie 12";

const quantile = (xs: number[], q: number): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};
const round = (x: number): number => Number(x.toFixed(1));
const stats = (xs: number[]) => ({ median: round(quantile(xs, 0.5)), p95: round(quantile(xs, 0.95)), max: round(Math.max(0, ...xs)) });
const log = (...args: unknown[]) => console.error("bench:", ...args);

/** A server's synthetic sessions, shaped like its real ones (1.x `Session`). */
function synthetic(server: FleetServer, template: Record<string, unknown>, count: number, serverIndex: number): Array<Record<string, unknown>> {
  const now = Date.now();
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < count; i++) {
    const n = serverIndex * count + i;
    const id = `ses_bench${String(serverIndex)}${String(i).padStart(6, "0")}`;
    const own = i % 3 !== 2;
    const directory = own ? server.directory : `${server.directory}-old-${i % 4}`;
    const parentID = i % 10 === 9 && own ? `ses_bench${String(serverIndex)}${String(i - 1).padStart(6, "0")}` : undefined;
    const updated = now - n * 60_000;
    out.push({
      ...template,
      id,
      slug: `bench-${n}`,
      directory,
      ...(parentID ? { parentID } : {}),
      title: `bench ${n} ${WORDS[n % WORDS.length] ?? ""}`,
      time: { created: updated - 1_000, updated },
    });
  }
  return out;
}

/** In-page recorder: when the fleet's `GET /session` answers ended, and the first frame after the list holds them. */
const RECORDER = (ports: string[], minScroll: number) => `(() => {
  const rec = { responses: [], listedAt: null, paintedAt: null };
  window.__listBench = rec;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const u = new URL(e.name);
      if (${JSON.stringify(ports)}.includes(u.port) && u.pathname === "/session") rec.responses.push(e.responseEnd);
    }
  }).observe({ type: "resource", buffered: true });
  const tick = (t) => {
    if (rec.listedAt !== null) { rec.paintedAt = t; return; }
    const scroll = document.querySelector(".session-scroll");
    if (scroll && scroll.scrollHeight >= ${minScroll}) rec.listedAt = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

/** Per keystroke: input event → Solid's update done (script), → style and layout done, → the second frame after it. */
const TYPE = (query: string) => `(async () => {
  const box = document.querySelector('input[aria-label="Filter sessions"]');
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const keys = [];
  const once = async (value) => {
    await frame();
    const t0 = performance.now();
    box.value = value;
    box.dispatchEvent(new InputEvent("input", { bubbles: true }));
    const t1 = performance.now();
    void document.body.offsetHeight;
    const t2 = performance.now();
    await frame();
    await frame();
    keys.push({ script: t1 - t0, work: t2 - t0, paint: performance.now() - t0 });
  };
  const q = ${JSON.stringify(query)};
  for (let i = 1; i <= q.length; i++) await once(q.slice(0, i));
  for (let i = q.length - 1; i >= 0; i--) await once(q.slice(0, i));
  return keys;
})()`;

const domCount = `(() => ({ page: document.getElementsByTagName("*").length, list: document.querySelector('nav[aria-label="Session list"]')?.getElementsByTagName("*").length ?? 0, rows: document.querySelectorAll('nav[aria-label="Session list"] [data-session-id]').length }))()`;

const ROW_IDS = `[...document.querySelectorAll('nav[aria-label="Session list"] [data-session-id]')].map((r) => r.getAttribute("data-session-id"))`;

/**
 * Scrolls the list halfway down and waits for synthetic rows that were not in the DOM at the top.
 * Always false with a list that renders every row (main's): nothing new can appear.
 */
async function scrollShowsLaterRows(page: Page): Promise<boolean> {
  const top = new Set((await page.evaluate(ROW_IDS)) as string[]);
  await page.evaluate(`(() => { const s = document.querySelector(".session-scroll"); s.scrollTop = s.scrollHeight / 2; })()`);
  const shown = await waitFor(
    "new rows halfway down the list",
    async () => ((await page.evaluate(ROW_IDS)) as string[]).find((id) => id.startsWith("ses_bench") && !top.has(id)),
    5_000,
    50,
  ).catch(() => undefined);
  return shown !== undefined;
}

interface Profile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

/** The 25 functions with the most self time in a CPU profile, on stderr. */
function printHottest(profile: Profile): void {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byName = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || "(anonymous)"} ${url.split("/").pop() ?? ""}:${lineNumber}`;
    byName.set(name, (byName.get(name) ?? 0) + (self.get(node.id) ?? 0) / 1000);
  }
  for (const [name, ms] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 25)) log(`${round(ms)} ms  ${name}`);
}

/**
 * CPU seconds the renderer processes have used (CDP SystemInfo): unlike wall time, it does not grow
 * when other processes take the cores, so it compares runs on a loaded machine.
 */
async function rendererCpu(): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await cdp.send("SystemInfo.getProcessInfo")) as { processInfo: Array<{ type: string; cpuTime: number }> };
    return processInfo.filter((p) => p.type === "renderer").reduce((sum, p) => sum + p.cpuTime, 0);
  } finally {
    await cdp.detach();
  }
}

async function measureSize(context: BrowserContext, hubUrl: string, ports: string[], shownRows: number): Promise<Record<string, unknown>> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  try {
    // Each synthetic row in a running folder is at least 28 px tall (the other folders are folded):
    // the list holds them all once it is this tall.
    await page.addInitScript(RECORDER(ports, shownRows * 28));
    if (values.profile) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
      await cdp.send("Profiler.start");
    }
    const cpuAtLoad = await rendererCpu();
    await page.goto(`${hubUrl}/`);
    let last: unknown;
    const rec = (await waitFor(
      "the list to hold every synthetic session",
      async () => {
        const r = (await page.evaluate("window.__listBench")) as { responses: number[]; listedAt: number | null; paintedAt: number | null };
        last = { ...r, scrollHeight: await page.evaluate(`document.querySelector(".session-scroll")?.scrollHeight`) };
        return r.paintedAt !== null && r.responses.length >= ports.length ? r : undefined;
      },
      180_000,
      100,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; the page's record: ${JSON.stringify(last)}`);
    })) as { responses: number[]; listedAt: number; paintedAt: number };
    const dataAt = Math.max(...rec.responses);
    if (values.profile) printHottest(((await cdp.send("Profiler.stop")) as { profile: Profile }).profile);
    const cpuAtPaint = await rendererCpu();
    const dom = (await page.evaluate(domCount)) as Record<string, number>;
    const cpuBeforeKeys = await rendererCpu();
    const keys = (await page.evaluate(TYPE(QUERY))) as Array<{ script: number; work: number; paint: number }>;
    const cpuAfterKeys = await rendererCpu();
    const scrolled = await scrollShowsLaterRows(page);
    return {
      dataToPaintMs: round(rec.paintedAt - dataAt),
      rendererCpuLoadToPaintMs: round((cpuAtPaint - cpuAtLoad) * 1000),
      rendererCpuPerKeyMs: round(((cpuAfterKeys - cpuBeforeKeys) * 1000) / keys.length),
      dataToListedFrameMs: round(rec.listedAt - dataAt),
      ...Object.fromEntries(Object.entries(dom).map(([k, v]) => [`dom_${k}`, v])),
      keyScriptMs: stats(keys.map((k) => k.script)),
      keyScriptEach: keys.map((k) => round(k.script)),
      keyScriptLayoutMs: stats(keys.map((k) => k.work)),
      keyToPaintMs: stats(keys.map((k) => k.paint)),
      scrollShowsLaterRows: scrolled,
    };
  } finally {
    await page.close();
  }
}

// One server at a time: several starting at once on a loaded machine miss their start timeout.
const fleet = await startFleet({ count: 1, wordDelayMs: 0 });
for (let i = 1; i < SERVERS; i++) await fleet.startServer();
// A loaded machine can take a while to start the hub.
const hub = await startHub({ timeoutMs: 60_000, ...(values["ui-dir"] ? { env: { ...process.env, SWITCHBOARD_UI_DIR: values["ui-dir"] } } : {}) });
const browser: Browser = await launchBrowser();
try {
  const servers = fleet.servers.slice(0, SERVERS);
  const ports = servers.map((s) => String(s.port));
  const ids = await Promise.all(servers.map((s) => hubInstanceId(hub, s.port, 240_000)));
  // One real session per server: the template the synthetic ones copy.
  const templates = await Promise.all(servers.map((s) => createSession(s, { title: "bench template" })));
  const results: Record<string, unknown> = {
    loadAverageAtStart: loadavg().map(round),
    uiDir: values["ui-dir"] ?? "packages/ui/dist",
  };
  for (const total of SIZES) {
    const per = Math.ceil(total / SERVERS);
    const lists = servers.map((s, i) => synthetic(s, (templates[i] ?? {}) as Record<string, unknown>, per, i));
    const runs: Array<Record<string, unknown>> = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      await context.route(
        (url) => ports.includes(url.port) && url.pathname === "/session",
        async (route: Route) => {
          if (route.request().method() !== "GET") return route.continue();
          const response = await route.fetch();
          const real = (await response.json()) as unknown[];
          const index = ports.indexOf(new URL(route.request().url()).port);
          await route.fulfill({ response, json: [...(lists[index] ?? []), ...real] });
        },
      );
      try {
        const page = await context.newPage();
        await page.goto(`${hub.url}/`);
        await waitConnected(page, ids, 240_000);
        await page.close();
        const own = lists.flat().filter((session) => servers.some((s) => s.directory === session.directory)).length;
        const result = await measureSize(context, hub.url, ports, own);
        log(`${total} sessions, run ${run + 1}:`, JSON.stringify(result));
        runs.push(result);
      } finally {
        await context.close();
      }
    }
    results[String(total)] = { sessions: per * SERVERS, loadAverage: loadavg().map(round), runs };
  }
  results.machine = { cpus: (await import("node:os")).cpus().length, chromium: browser.version() };
  console.log(JSON.stringify(results, null, 2));
} finally {
  await browser.close();
  await hub.stop();
  await fleet.stop();
}
