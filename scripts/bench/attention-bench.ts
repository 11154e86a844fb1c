/**
 * "50 pending requests across 10 servers render within one frame" (issue 8), measured: 10 real
 * `opencode serve` processes, 5 sessions on each asking a bash permission (50 real pending
 * requests), the built hub and Debian's Chromium. Measures, in the page:
 *   - load → the "Needs you" button counting all 50 (10 event streams, 10 resyncs);
 *   - a real click on "Needs you" → its handler's time and the time until the next frame was
 *     presented (Event Timing API), then that all 50 items are in the inbox;
 *   - main-thread work and long tasks while the inbox is open and idle.
 *
 *   npx tsx scripts/bench/attention-bench.ts [--servers 10] [--per 5] [--runs 7]
 */
import { parseArgs } from "node:util";
import { loadavg } from "node:os";
import { launchBrowser } from "../../e2e/support/browser.js";
import { startHub } from "../../e2e/support/hub.js";
import { createSession, rest } from "../../e2e/support/rest.js";
import { waitFor } from "../../e2e/support/wait.js";
import { startFleet } from "../fleet/index.js";
import { promptAsync } from "../fleet/client.js";

const { values } = parseArgs({
  options: { servers: { type: "string", default: "10" }, per: { type: "string", default: "5" }, runs: { type: "string", default: "7" } },
});
const SERVERS = Number(values.servers);
const PER = Number(values.per);
const RUNS = Number(values.runs);
const TOTAL = SERVERS * PER;
const log = (...args: unknown[]) => console.error("bench:", ...args);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const started = Date.now();
const fleet = await startFleet({ count: SERVERS, wordDelayMs: 0 });
log(`${SERVERS} servers up in ${Date.now() - started} ms`);
const hub = await startHub();
const browser = await launchBrowser();
const requests: string[] = [];
try {
  let n = 0;
  for (const server of fleet.servers) {
    for (let i = 0; i < PER; i++) {
      const s = await createSession(server, `bench attention ${++n}`);
      await promptAsync(server, s.id, `[[bash:echo attention-${n}]] run it`);
    }
  }
  await waitFor(
    `${TOTAL} pending permissions`,
    async () => {
      const lists = await Promise.all(fleet.servers.map((s) => rest<Array<{ id: string }>>(s, "/permission")));
      requests.splice(0, requests.length, ...lists.flat().map((r) => r.id));
      return requests.length >= TOTAL;
    },
    180_000,
  );
  log(`${requests.length} permissions pending`);

  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  await page.addInitScript(() => {
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: "longtask", buffered: true });
  });
  const navStart = Date.now();
  await page.goto(hub.url);
  const button = page.getByRole("button", { name: /^Needs you/ });
  await waitFor(`"Needs you" counting ${TOTAL}`, async () => (await button.innerText()).includes(String(TOTAL)), 120_000, 10);
  const loadToCount = Date.now() - navStart;
  log(`load → count ${TOTAL}: ${loadToCount} ms`);
  await page.waitForTimeout(2000);

  // Event Timing (trusted input only, so a real click through CDP): the click's processing time
  // and its duration until the next frame was presented (8 ms granularity; reported from 16 ms).
  await page.evaluate(() => {
    const w = window as unknown as { __clicks: Array<{ processing: number; duration: number }> };
    w.__clicks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as PerformanceEventTiming[]) {
        if (e.name === "click") w.__clicks.push({ processing: e.processingEnd - e.processingStart, duration: e.duration });
      }
    }).observe({ type: "event", durationThreshold: 16 } as PerformanceObserverInit);
  });
  const processing: number[] = [];
  const toFrame: number[] = [];
  const items: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const seen = await page.evaluate(() => (window as unknown as { __clicks: unknown[] }).__clicks.length);
    await button.click();
    await page.waitForTimeout(500);
    const r = await page.evaluate((from) => {
      const clicks = (window as unknown as { __clicks: Array<{ processing: number; duration: number }> }).__clicks.slice(from);
      return { click: clicks[clicks.length - 1] ?? null, count: document.querySelectorAll("[data-attention-id]").length };
    }, seen);
    // No entry: the whole click, to the presented frame, took under 16 ms.
    processing.push(r.click?.processing ?? 0);
    toFrame.push(r.click?.duration ?? 15);
    items.push(r.count);
    // Close it again (same button) and let the page settle.
    await button.click();
    await page.waitForTimeout(300);
  }
  // The floor of this measure on this machine: a click that only focuses the session filter.
  const floor: number[] = [];
  const filter = page.getByPlaceholder("Filter sessions");
  for (let run = 0; run < RUNS; run++) {
    const seen = await page.evaluate(() => (window as unknown as { __clicks: unknown[] }).__clicks.length);
    await filter.click();
    await page.waitForTimeout(300);
    const d = await page.evaluate(
      (from) => (window as unknown as { __clicks: Array<{ duration: number }> }).__clicks.slice(from).at(-1)?.duration ?? 15,
      seen,
    );
    floor.push(d);
    await page.mouse.click(700, 450);
    await page.waitForTimeout(200);
  }
  await button.click();
  const before = (await cdp.send("Performance.getMetrics")) as { metrics: Array<{ name: string; value: number }> };
  await page.waitForTimeout(10_000);
  const after = (await cdp.send("Performance.getMetrics")) as { metrics: Array<{ name: string; value: number }> };
  const metric = (m: typeof before, name: string) => m.metrics.find((x) => x.name === name)?.value ?? 0;
  const idleTaskMsPerS = ((metric(after, "TaskDuration") - metric(before, "TaskDuration")) * 1000) / 10;
  const longTasks = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
  await page.screenshot({ path: "/tmp/attention-bench.png" });

  console.log(`\n${SERVERS} servers × ${PER} sessions = ${TOTAL} pending permissions (load average ${loadavg()[0]?.toFixed(1)}), ${RUNS} runs`);
  console.log(`items in the inbox: ${[...new Set(items)].join(", ")}`);
  console.log(`load → "Needs you" counts ${TOTAL}: ${loadToCount} ms`);
  console.log(`click handler (renders the first items): median ${median(processing).toFixed(1)} ms, max ${Math.max(...processing).toFixed(1)} ms`);
  console.log(
    `click → frame presented (Event Timing, "15" = under 16): median ${median(toFrame).toFixed(0)} ms, max ${Math.max(...toFrame).toFixed(0)} ms`,
  );
  console.log(
    `floor, a click that only focuses an input:             median ${median(floor).toFixed(0)} ms, max ${Math.max(...floor).toFixed(0)} ms`,
  );
  console.log(`main thread with the inbox open, idle: ${idleTaskMsPerS.toFixed(1)} ms/s`);
  console.log(`long tasks (> 50 ms) since load: ${longTasks.length} (${longTasks.map((d) => d.toFixed(0)).join(", ")} ms)`);
  console.log("screenshot: /tmp/attention-bench.png");
} finally {
  for (const server of fleet.servers) {
    const list = await rest<Array<{ id: string }>>(server, "/permission").catch(() => []);
    for (const r of list) await rest(server, `/permission/${r.id}/reply`, { reply: "reject" }).catch(() => undefined);
  }
  await browser.close();
  await hub.stop();
  await fleet.stop();
}
