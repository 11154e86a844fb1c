/**
 * Many agents (issue 16): 10 real `opencode serve` 1.18.33 streaming a reply each at the same time.
 * A. One Switchboard page (the built hub, scoped to these 10 servers) showing the first session,
 *    the other nine in its list: frame intervals (rAF) and long tasks while all ten stream, the
 *    page's main-thread time (CDP TaskDuration), then every reply checked complete in the page.
 * B. Ten pages of OpenCode's own web app (one per server, each in its own context so each has its own
 *    renderer), each showing its session, the same ten replies: the sum of their main-thread time.
 * `npx tsx scripts/bench/many-bench.ts [--servers 10] [--words 600]`. Needs the build.
 * Results: dev-docs/benchmarks.md "Many agents".
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { Browser, CDPSession, Page } from "playwright-core";
import { launchBrowser } from "../../e2e/support/browser.js";
import { startHub } from "../../e2e/support/hub.js";
import { hubDocument } from "../../e2e/support/live-page.js";
import { createSession, isSettled, promptAsync, storedMessages, storedText } from "../../e2e/support/rest.js";
import { startScopedHub } from "../../e2e/support/scoped-hub.js";
import { waitFor } from "../../e2e/support/wait.js";
import { waitConnected } from "../../e2e/support/workspace-page.js";
import { startFleet, type FleetServer } from "../fleet/index.js";
import { openSession } from "../soak/page-probe.js";
import { startFrames, stopFrames, type FrameStats } from "./frame-probe.js";

const { values } = parseArgs({ options: { servers: { type: "string", default: "10" }, words: { type: "string", default: "600" } } });
const SERVERS = Number(values.servers);
const WORDS = Number(values.words);
const log = (...args: unknown[]) => console.error("many-bench:", ...args);
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(" ");

async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send("Performance.getMetrics")) as { metrics: Array<{ name: string; value: number }> };
  return metrics.find((m) => m.name === "TaskDuration")?.value ?? 0;
}

const norm = (s: string) => s.replace(/\s+/g, " ").trim();

/** Sends one long prompt to every session at once; resolves when every server has finished its turn. */
async function streamAll(servers: FleetServer[], sessions: string[], tag: string): Promise<string[]> {
  await Promise.all(servers.map((s, i) => promptAsync(s, sessions[i] ?? "", `many ${tag} ${i} [[long:${WORDS}]]`)));
  await Promise.all(servers.map((s, i) => waitFor(`${s.name}'s reply`, () => isSettled(s, sessions[i] ?? ""), 300_000, 200)));
  return Promise.all(servers.map(async (s, i) => storedText((await storedMessages(s, sessions[i] ?? "")).at(-1) ?? ({ parts: [] } as never))));
}

/** True when `page`'s visible text holds the whole reply (its first and last words). */
function showsReply(page: Page, reply: string): Promise<boolean> {
  const words = norm(reply).split(" ");
  const head = words.slice(0, 8).join(" ");
  const tail = words.slice(-8).join(" ");
  return page.evaluate(
    ([h, t]) => {
      const text = (document.body.innerText || "").replace(/\s+/g, " ");
      return text.includes(h) && text.includes(t);
    },
    [head, tail] as const,
  );
}

const fleet = await startFleet({ count: SERVERS, wordDelayMs: 20 });
const hub = await startHub({ timeoutMs: 120_000 });
let browser: Browser | undefined;
try {
  const servers = fleet.servers;
  const ports = new Set(servers.map((s) => s.port));
  const scoped = await startScopedHub(hub, (port) => ports.has(port));
  browser = await launchBrowser();
  const sessions: string[] = [];
  for (const s of servers) sessions.push((await createSession(s, `many agents on ${s.name}`)).id);
  await Promise.all(servers.map((s, i) => promptAsync(s, sessions[i] ?? "", `many seed ${i}`)));
  await Promise.all(servers.map((s, i) => waitFor("the seed turn", () => isSettled(s, sessions[i] ?? ""), 120_000, 200)));
  await waitFor(
    "the hub to list all servers",
    async () => (await hubDocument(hub.url)).instances.filter((i) => ports.has(i.port)).length === SERVERS,
    60_000,
  );
  const ids = (await hubDocument(hub.url)).instances.filter((i) => ports.has(i.port)).map((i) => i.id);
  log(`${SERVERS} servers, sessions seeded; load ${load()}`);

  // A. Switchboard: one page, all ten streaming.
  const sbContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
  // tsx compiles with esbuild's keepNames, which wraps functions handed to page.evaluate in __name().
  await sbContext.addInitScript({ content: "globalThis.__name = (fn) => fn;" });
  const sb = await sbContext.newPage();
  const sbCdp = await sbContext.newCDPSession(sb);
  await sbCdp.send("Performance.enable");
  await sb.goto(`${scoped.url}/?session=${sessions[0] ?? ""}`);
  await waitConnected(sb, ids, 60_000);
  await sb.waitForTimeout(3_000); // the first resyncs and paints land before measuring
  const sbLoad = load();
  const sbTask0 = await taskSeconds(sbCdp);
  await startFrames(sb);
  const sbStart = Date.now();
  const sbReplies = await streamAll(servers, sessions, "switchboard");
  await waitFor("the shown reply complete in Switchboard", () => showsReply(sb, sbReplies[0] ?? ""), 30_000, 100);
  const sbMs = Date.now() - sbStart;
  const sbFrames = await stopFrames(sb);
  const sbTask = (await taskSeconds(sbCdp)) - sbTask0;
  let sbComplete = 0;
  for (let i = 0; i < SERVERS; i++) {
    await openSession(sb, sessions[i] ?? "");
    if (await waitFor("the reply", () => showsReply(sb, sbReplies[i] ?? ""), 15_000, 200).catch(() => false)) sbComplete++;
    else log(`Switchboard: reply ${i} incomplete`);
  }
  await sbContext.close();
  log(`Switchboard done: ${(sbTask * 1000).toFixed(0)} ms main thread; load ${load()}`);

  // B. OpenCode's web app: ten pages, each its own context (own renderer process).
  const ocPages: Array<{ page: Page; cdp: CDPSession; close: () => Promise<void> }> = [];
  for (const [i, s] of servers.entries()) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    await page.goto(`${s.url}/${Buffer.from(s.directory).toString("base64url")}/session/${sessions[i] ?? ""}`);
    await waitFor(
      `OpenCode's page ${i} to show the session`,
      () => page.evaluate((i) => document.body.innerText.includes(`many seed ${i}`), i),
      60_000,
      200,
    );
    ocPages.push({ page, cdp, close: () => context.close() });
  }
  await ocPages[0]?.page.waitForTimeout(3_000);
  const ocLoad = load();
  const ocTask0 = await Promise.all(ocPages.map((p) => taskSeconds(p.cdp)));
  await Promise.all(ocPages.map((p) => startFrames(p.page)));
  const ocStart = Date.now();
  const ocReplies = await streamAll(servers, sessions, "opencode");
  let ocComplete = 0;
  await Promise.all(
    ocPages.map(async (p, i) => {
      if (await waitFor("the reply", () => showsReply(p.page, ocReplies[i] ?? ""), 60_000, 200).catch(() => false)) ocComplete++;
      else log(`OpenCode: reply ${i} incomplete`);
    }),
  );
  const ocMs = Date.now() - ocStart;
  const ocFrames: FrameStats[] = await Promise.all(ocPages.map((p) => stopFrames(p.page)));
  const ocTasks = await Promise.all(ocPages.map(async (p, i) => (await taskSeconds(p.cdp)) - (ocTask0[i] ?? 0)));
  const ocTask = ocTasks.reduce((a, b) => a + b, 0);
  for (const p of ocPages) await p.close();

  const worst = (key: keyof FrameStats) => Math.max(...ocFrames.map((f) => f[key]));
  console.log(`${SERVERS} servers × ${WORDS} words at once (20 ms/word); load average: Switchboard run ${sbLoad}, OpenCode run ${ocLoad}`);
  console.log(`| | Switchboard (1 page) | OpenCode 1.18.33 web (${SERVERS} pages) | Switchboard ÷ OpenCode |`);
  console.log(`|---|---|---|---|`);
  console.log(
    `| main thread while streaming (sum of TaskDuration) | ${(sbTask * 1000).toFixed(0)} ms | ${(ocTask * 1000).toFixed(0)} ms | ${(sbTask / ocTask).toFixed(2)}× |`,
  );
  console.log(`| frame interval p50 / p95 | ${sbFrames.p50Ms} / ${sbFrames.p95Ms} ms | worst page ${worst("p50Ms")} / ${worst("p95Ms")} ms | |`);
  console.log(`| longest frame | ${sbFrames.maxMs} ms | worst page ${worst("maxMs")} ms | |`);
  console.log(
    `| long tasks (> 50 ms), longest | ${sbFrames.longTasks}, ${sbFrames.longestTaskMs} ms | ${ocFrames.reduce((a, f) => a + f.longTasks, 0)}, ${worst("longestTaskMs")} ms | |`,
  );
  console.log(`| replies complete in the page | ${sbComplete}/${SERVERS} | ${ocComplete}/${SERVERS} | |`);
  console.log(`| send → last reply shown | ${sbMs} ms | ${ocMs} ms | |`);
  console.log(
    JSON.stringify({
      servers: SERVERS,
      words: WORDS,
      switchboard: { taskMs: sbTask * 1000, frames: sbFrames, complete: sbComplete },
      opencode: { taskMsPerPage: ocTasks.map((t) => t * 1000), frames: ocFrames, complete: ocComplete },
    }),
  );
  await scoped.close();
} finally {
  await browser?.close();
  await hub.stop();
  await fleet.stop();
}
