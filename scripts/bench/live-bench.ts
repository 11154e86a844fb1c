/**
 * Real processes: a fleet of 3 idle `opencode serve`, the built hub and the built UI in Chromium.
 * Measures (1) idle CPU over a window: the hub process (/proc/PID/stat), the page (CDP
 * Performance.getMetrics TaskDuration / ScriptDuration, renderer CPU from SystemInfo.getProcessInfo),
 * and the OpenCode servers for scale; (2) one fast reply streamed into an open session: wall time
 * until the page shows all of it, and the page's main-thread time per 1000 words.
 * `npx tsx scripts/bench/live-bench.ts [--idle 30] [--words 3000]`. Needs the build
 * (`node scripts/start.mjs --build-only`). Results: dev-docs/benchmarks.md.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { CDPSession, Page } from "playwright-core";
import { launchBrowser } from "../../e2e/support/browser.js";
import { startHub } from "../../e2e/support/hub.js";
import { connectionOf, instancesByPort, waitForConnections } from "../../e2e/support/live-page.js";
import { createSession, isSettled, promptAsync, storedMessages, storedText } from "../../e2e/support/rest.js";
import { waitFor } from "../../e2e/support/wait.js";
import { startFleet } from "../fleet/index.js";

const { values } = parseArgs({ options: { idle: { type: "string", default: "30" }, words: { type: "string", default: "3000" } } });
const IDLE_S = Number(values.idle);
const WORDS = Number(values.words);
const TICKS = 100; // USER_HZ on Linux

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

async function pageMetrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = (await cdp.send("Performance.getMetrics")) as { metrics: Array<{ name: string; value: number }> };
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

async function rendererCpu(browserCdp: CDPSession): Promise<number> {
  const info = (await browserCdp.send("SystemInfo.getProcessInfo")) as { processInfo: Array<{ type: string; id: number; cpuTime: number }> };
  return info.processInfo.filter((p) => p.type === "renderer").reduce((sum, p) => sum + p.cpuTime, 0);
}

const pct = (seconds: number, wall: number) => `${((100 * seconds) / wall).toFixed(2)} %`;

const fleet = await startFleet({ count: 3, wordDelayMs: 0 });
const hub = await startHub();
const browser = await launchBrowser();
try {
  const alpha = fleet.servers[0];
  if (!alpha) throw new Error("no fleet server");
  const sessionId = (await createSession(alpha, "bench")).id;
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page: Page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  const browserCdp = await browser.newBrowserCDPSession();
  await page.goto(`${hub.url}/?session=${sessionId}`);
  const ids = [...(await instancesByPort(hub.url, fleet.servers)).values()].map((i) => i.id);
  await waitForConnections(page, ids, ["connected"], 30_000);
  const tabs = await page.$$eval(
    '[role="tablist"][aria-label="Instances"] [role="tab"]',
    (els) => els.filter((e) => e.getAttribute("data-instance-id") !== "all").length,
  );
  const connected = await page.$$eval(
    '[role="tab"][data-connection="connected"]',
    (els) => els.filter((e) => e.getAttribute("data-instance-id") !== "all").length,
  );

  // 1. Idle.
  await page.waitForTimeout(3_000); // let the first resyncs and renders settle before measuring
  const t0 = Date.now();
  const hub0 = cpuSeconds(hub.pid);
  const servers0 = fleet.servers.map((s) => cpuSeconds(s.pid));
  const page0 = await pageMetrics(cdp);
  const renderer0 = await rendererCpu(browserCdp);
  await page.waitForTimeout(IDLE_S * 1000);
  const wall = (Date.now() - t0) / 1000;
  const hub1 = cpuSeconds(hub.pid);
  const servers1 = fleet.servers.map((s) => cpuSeconds(s.pid));
  const page1 = await pageMetrics(cdp);
  const renderer1 = await rendererCpu(browserCdp);
  const d = (k: string) => (page1[k] ?? 0) - (page0[k] ?? 0);
  console.log(`idle ${wall.toFixed(1)} s, page showing ${tabs} instance tabs (${connected} connected; the hub lists every OpenCode on the machine)`);
  console.log(`  hub process CPU:            ${pct(hub1 - hub0, wall)} of one core`);
  console.log(
    `  page main thread (TaskDuration): ${pct(d("TaskDuration"), wall)}  (script ${pct(d("ScriptDuration"), wall)}, layouts ${d("LayoutCount")}, style recalcs ${d("RecalcStyleCount")})`,
  );
  console.log(`  renderer process CPU:       ${pct(renderer1 - renderer0, wall)}`);
  console.log(`  each OpenCode server:       ${servers1.map((v, i) => pct(v - (servers0[i] ?? 0), wall)).join(", ")}`);

  // 2. One fast reply into the open session.
  await waitFor("the bench session open", async () => (await connectionOf(page, ids[0] ?? "")) === "connected");
  const s0 = await pageMetrics(cdp);
  const start = Date.now();
  await promptAsync(alpha, sessionId, `Stream fast [[slow:0]] [[long:${WORDS}]]`);
  await waitFor("the reply to finish", () => isSettled(alpha, sessionId), 120_000, 100);
  const serverDone = Date.now();
  const stored = (await storedMessages(alpha, sessionId)).at(-1);
  const want = stored ? storedText(stored) : "";
  // Read only the last rendered message (no scrolling), so the polling costs the page next to nothing.
  const lastText = () =>
    page.evaluate(() => {
      const all = document.querySelectorAll("[data-message-id]");
      const last = all[all.length - 1];
      return last
        ? Array.from(last.querySelectorAll('[data-part-type="text"]'))
            .map((p) => (p.textContent ?? "").trim())
            .join("\n")
        : "";
    });
  await waitFor("the page to show the whole reply", async () => (await lastText()) === want, 30_000, 100);
  const pageDone = Date.now();
  const s1 = await pageMetrics(cdp);
  const task = (s1.TaskDuration ?? 0) - (s0.TaskDuration ?? 0);
  const script = (s1.ScriptDuration ?? 0) - (s0.ScriptDuration ?? 0);
  console.log(
    `stream of ${WORDS} words: server finished in ${((serverDone - start) / 1000).toFixed(1)} s, page complete ${pageDone - serverDone} ms after (poll 100 ms)`,
  );
  console.log(
    `  page main thread during it: ${(task * 1000).toFixed(0)} ms task, ${(script * 1000).toFixed(0)} ms script = ${((task * 1000 * 1000) / WORDS).toFixed(0)} ms task per 1000 words`,
  );
} finally {
  await browser.close();
  await hub.stop();
  await fleet.stop();
}
