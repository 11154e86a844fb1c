/**
 * What runs while Switchboard opens a long session: a CPU profile (self time per function and per
 * source file), the main thread's trace events by kind (script, style, layout, paint, parse), and
 * every request the page made, from navigation until the session's last reply is shown in full.
 * Not a benchmark (no medians): a tool to find what to cut. Build the UI unminified to read names:
 * `(cd packages/ui && npx vite build --minify false --outDir /tmp/ui-prof)` and run with
 * `SWITCHBOARD_UI_DIR=/tmp/ui-prof`.
 * `npx tsx scripts/bench/open-profile.ts [--turns 150] [--hold]` seeds a session on a fresh fleet
 * and profiles it; `--hold` keeps fleet and hub up and prints the arguments for
 * `npx tsx scripts/bench/open-profile.ts --hub URL --session ID` (profile again after a rebuild).
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { Browser, CDPSession } from "playwright-core";
import { launchBrowser } from "../../e2e/support/browser.js";
import { startHub, type Hub } from "../../e2e/support/hub.js";
import { instancesByPort } from "../../e2e/support/live-page.js";
import { startFleet, type Fleet } from "../fleet/index.js";
import { waitShown } from "./versus-measure.js";
import { importLongSession, v1Transfer } from "./seed-import.js";
import { OPEN_MARK, v1Target } from "./versus-targets.js";

const { values } = parseArgs({
  options: {
    turns: { type: "string", default: "150" },
    hub: { type: "string" },
    session: { type: "string" },
    length: { type: "string" },
    hold: { type: "boolean", default: false },
    top: { type: "string", default: "30" },
  },
});
const log = (...args: unknown[]) => console.error("profile:", ...args);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Self time per key (from a CPU profile's samples), descending. */
function selfTimes(nodes: ProfileNode[], samples: number[], deltas: number[], key: (n: ProfileNode) => string): Array<[string, number]> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const k = key(node);
    out.set(k, (out.get(k) ?? 0) + (deltas[i] ?? 0) / 1000);
  });
  return [...out.entries()].sort((a, b) => b[1] - a[1]);
}

const file = (url: string): string => url.replace(/^.*\/(assets\/)?/, "") || "(native)";

/** Trace events of the renderer's main thread, summed by name (top-level durations overlap their children: read as "time inside"). */
async function traced(cdp: CDPSession, run: () => Promise<void>): Promise<Array<[string, number]>> {
  const events: Array<{ name: string; ph: string; dur?: number; tid: number; pid: number }> = [];
  cdp.on("Tracing.dataCollected", (e) => events.push(...(e.value as unknown as typeof events)));
  const done = new Promise<void>((resolve) => cdp.once("Tracing.tracingComplete", () => resolve()));
  await cdp.send("Tracing.start", { categories: "devtools.timeline,disabled-by-default-devtools.timeline", transferMode: "ReportEvents" });
  await run();
  await cdp.send("Tracing.end");
  await done;
  const sums = new Map<string, number>();
  for (const e of events) if (e.ph === "X" && e.dur) sums.set(e.name, (sums.get(e.name) ?? 0) + e.dur / 1000);
  return [...sums.entries()].sort((a, b) => b[1] - a[1]);
}

async function profileOpen(browser: Browser, url: string, length: number): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
  try {
    const page = await context.newPage();
    const requests: string[] = [];
    const t0 = Date.now();
    page.on("request", (r) => requests.push(`${Date.now() - t0} ms ${r.method()} ${r.url().replace(/auth_token=[^&]*/, "auth_token=…")}`));
    const cdp = await context.newCDPSession(page);
    await page.goto("about:blank");
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    let shownMs = 0;
    const kinds = await traced(cdp, async () => {
      await cdp.send("Profiler.start");
      const start = Date.now();
      await page.goto(url, { waitUntil: "commit" });
      await waitShown(page, `Mock reply to: ${OPEN_MARK}`, length, 60_000);
      shownMs = Date.now() - start;
    });
    const { profile } = (await cdp.send("Profiler.stop")) as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
    const top = Number(values.top);
    console.log(`\nopened ${url} — last reply shown after ${shownMs} ms (load ${loadavg()[0]?.toFixed(1)})`);
    console.log("\nmain-thread trace events (ms, summed by name):");
    for (const [name, ms] of kinds.slice(0, 20)) console.log(`  ${ms.toFixed(1).padStart(8)}  ${name}`);
    const { nodes, samples, timeDeltas } = profile;
    console.log("\nself time by source file (ms):");
    for (const [k, ms] of selfTimes(nodes, samples, timeDeltas, (n) => file(n.callFrame.url)).slice(0, 15))
      console.log(`  ${ms.toFixed(1).padStart(8)}  ${k}`);
    console.log("\nself time by function (ms):");
    const fn = (n: ProfileNode) => `${n.callFrame.functionName || "(anonymous)"} ${file(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    for (const [k, ms] of selfTimes(nodes, samples, timeDeltas, fn).slice(0, top)) console.log(`  ${ms.toFixed(1).padStart(8)}  ${k}`);
    console.log(`\nrequests until shown (${requests.length}):`);
    for (const r of requests) console.log(`  ${r}`);
  } finally {
    await context.close();
  }
}

let fleet: Fleet | undefined;
let hub: Hub | undefined;
let browser: Browser | undefined;
try {
  let hubUrl = values.hub;
  let sessionId = values.session;
  let length = Number(values.length ?? 0);
  if (!hubUrl || !sessionId) {
    fleet = await startFleet({ count: 1, wordDelayMs: 5 });
    const server = fleet.servers[0];
    if (!server) throw new Error("no fleet server");
    const long = await importLongSession(v1Target(server), v1Transfer(server, fleet.env()), Number(values.turns));
    log(`seeded ${long.messages} messages`);
    hub = await startHub({ timeoutMs: 120_000 }); // a loaded machine starts it slowly
    await instancesByPort(hub.url, [server], 30_000);
    hubUrl = hub.url;
    sessionId = long.id;
    length = long.lastReply.replace(/\s+/g, " ").trim().length;
  }
  browser = await launchBrowser();
  await profileOpen(browser, `${hubUrl}/?session=${sessionId}`, length);
  if (values.hold) {
    log(`holding; profile again with: npx tsx scripts/bench/open-profile.ts --hub ${hubUrl} --session ${sessionId} --length ${length}`);
    await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
  }
} finally {
  await browser?.close();
  await hub?.stop();
  await fleet?.stop();
}
