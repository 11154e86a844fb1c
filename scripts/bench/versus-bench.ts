/**
 * Side by side: Switchboard against OpenCode's own web app (served by `opencode serve` at
 * `/<base64url(directory)>/session/<id>`), on the same server, the same long session (forked
 * afresh for each app, so neither sees the other's reply), in the same Chromium, one run each.
 * Per app: time from navigation until the last reply is shown, main-thread work while opening,
 * per 1000 streamed words and while idle (CDP Performance.getMetrics TaskDuration/ScriptDuration),
 * script bytes (CDP Network, transferred and decoded), JS heap after a GC (Runtime.getHeapUsage).
 * `npx tsx scripts/bench/versus-bench.ts [--turns 60] [--words 2000] [--idle 15]`. Needs the build.
 * Results: dev-docs/benchmarks.md "Side by side with OpenCode's web app".
 */
import { parseArgs } from "node:util";
import type { Browser, CDPSession, Page } from "playwright-core";
import { launchBrowser } from "../../e2e/support/browser.js";
import { startHub, type Hub } from "../../e2e/support/hub.js";
import { hubDocument, instancesByPort } from "../../e2e/support/live-page.js";
import { createSession, rest, settledReply, storedMessages, storedText } from "../../e2e/support/rest.js";
import { waitFor } from "../../e2e/support/wait.js";
import { startFleet, type FleetServer } from "../fleet/index.js";

const { values } = parseArgs({
  options: { turns: { type: "string", default: "60" }, words: { type: "string", default: "2000" }, idle: { type: "string", default: "15" } },
});
const TURNS = Number(values.turns);
const WORDS = Number(values.words);
const IDLE_S = Number(values.idle);

const log = (...args: unknown[]) => console.error("bench:", ...args);
const round = (x: number, digits = 0): number => Number(x.toFixed(digits));

/** What one app measured. */
interface AppResult {
  app: string;
  url: string;
  /** Navigation → the first characters of the last reply in the DOM. */
  openToFirstTextMs: number;
  openToLastReplyMs: number;
  openTaskMs: number;
  openScriptMs: number;
  streamServerMs: number;
  streamLastWordLagMs: number;
  streamTaskMsPer1000Words: number;
  streamScriptMsPer1000Words: number;
  idleTaskMsPerS: number;
  idleScriptMsPerS: number;
  scriptBytesTransferred: number;
  scriptBytesDecoded: number;
  scriptFiles: number;
  heapUsedMbAfterOpen: number;
  heapUsedMbAfterStream: number;
  domNodes: number;
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = (await cdp.send("Performance.getMetrics")) as { metrics: Array<{ name: string; value: number }> };
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
  return round(usedSize / 1024 / 1024, 1);
}

/**
 * In-page probe (a string: tsx's helpers do not exist in the page): the length of the whitespace-
 * normalised text of the reply that starts with `prefix`, whatever the app's markup. It finds the
 * text node holding the prefix, then the highest ancestor whose text still starts with it (the
 * reply's own container), and caches that element. -1 while not rendered.
 */
const replyLength = (prefix: string): string => `(() => {
  const prefix = ${JSON.stringify(prefix)};
  const norm = (s) => (s || "").replace(/\\s+/g, " ").trim();
  const cache = (window.__replyEl ||= {});
  let el = cache[prefix];
  if (!el || !el.isConnected) {
    el = undefined;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.nodeValue || !n.nodeValue.includes(prefix)) continue;
      let at = n.parentElement;
      while (at && at.parentElement && norm(at.parentElement.textContent).startsWith(prefix)) at = at.parentElement;
      el = at;
    }
    if (!el) return -1;
    cache[prefix] = el;
  }
  return norm(el.textContent).length;
})()`;

/** Waits until the page shows the whole reply starting with `prefix` (`length` normalised characters); returns when. */
async function waitShown(page: Page, prefix: string, length: number, timeoutMs: number): Promise<number> {
  await page.waitForFunction(`${replyLength(prefix)} >= ${length}`, undefined, { polling: 50, timeout: timeoutMs });
  return Date.now();
}

/** Seeds the long session: TURNS reply turns (long text, code, reasoning), the last one carrying OPEN_MARK. */
async function seed(server: FleetServer): Promise<{ id: string; messages: number; lastReply: string }> {
  const session = await createSession(server, "versus bench: long session");
  const kinds = ["[[long:220]]", "[[code:ts]]", "[[reasoning]] [[long:120]]", "[[long:60]]"];
  for (let turn = 0; turn < TURNS; turn++) {
    const cue = turn === TURNS - 1 ? "[[long:180]]" : kinds[turn % kinds.length];
    const text = turn === TURNS - 1 ? `openmark final ${cue} [[slow:0]]` : `turn ${turn} ${cue} [[slow:0]]`;
    await rest(server, `/session/${session.id}/prompt_async`, { parts: [{ type: "text", text }] });
    await waitFor("the seeded turn to finish", () => settledReply(server, session.id), 60_000, 30);
  }
  const stored = await storedMessages(server, session.id);
  const last = stored.at(-1);
  if (!last) throw new Error("seeding stored nothing");
  return { id: session.id, messages: stored.length, lastReply: storedText(last) };
}

const norm = (s: string): string => s.replace(/\s+/g, " ").trim();

/** Opens `url` for a fresh fork in a new context and measures open, one stream, idle. */
async function measureApp(
  browser: Browser,
  server: FleetServer,
  app: string,
  urlOf: (sessionId: string) => string,
  longId: string,
  lastReply: string,
): Promise<AppResult> {
  const fork = await rest<{ id: string }>(server, `/session/${longId}/fork`, {});
  const url = urlOf(fork.id);
  // bypassCSP: both apps forbid eval, which the in-page probe (a string) needs; the same for both.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    await cdp.send("Network.enable");
    const scriptIds = new Set<string>();
    let scriptTransferred = 0;
    let scriptDecoded = 0;
    cdp.on("Network.responseReceived", (e: { requestId: string; type: string }) => {
      if (e.type === "Script") scriptIds.add(e.requestId);
    });
    cdp.on("Network.dataReceived", (e: { requestId: string; dataLength: number }) => {
      if (scriptIds.has(e.requestId)) scriptDecoded += e.dataLength;
    });
    cdp.on("Network.loadingFinished", (e: { requestId: string; encodedDataLength: number }) => {
      if (scriptIds.has(e.requestId)) scriptTransferred += e.encodedDataLength;
    });
    await page.goto("about:blank");
    // 1. Open: navigation → the last reply shown in full.
    const m0 = await metrics(cdp);
    const t0 = Date.now();
    await page.goto(url, { waitUntil: "commit" });
    const firstText = await waitShown(page, "Mock reply to: openmark final", 1, 60_000);
    const shown = await waitShown(page, "Mock reply to: openmark final", norm(lastReply).length, 60_000);
    const m1 = await metrics(cdp);
    log(`${app}: last reply shown after ${shown - t0} ms`);
    await page.waitForTimeout(2_000); // let lazy chunks and follow-up requests land before reading the heap
    const heapOpen = await heapMb(cdp);

    // 2. One streamed reply of WORDS words into the open session (sent over REST, like another client).
    const s0 = await metrics(cdp);
    const sent = Date.now();
    await rest(server, `/session/${fork.id}/prompt_async`, { parts: [{ type: "text", text: `streammark ${app} [[long:${WORDS}]]` }] });
    const stored = await waitFor("the streamed reply to settle", () => settledReply(server, fork.id), 180_000, 100);
    const time = stored.info.time as { created: number; completed?: number };
    const shownStream = await waitShown(page, `Mock reply to: streammark ${app}`, norm(storedText(stored)).length, 60_000);
    const s1 = await metrics(cdp);
    const perK = (name: string) => round((((s1[name] ?? 0) - (s0[name] ?? 0)) * 1000 * 1000) / WORDS);
    const heapStream = await heapMb(cdp);

    // 3. Idle: nothing changes on the server.
    await page.waitForTimeout(3_000);
    const i0 = await metrics(cdp);
    const idleStart = Date.now();
    await page.waitForTimeout(IDLE_S * 1000);
    const i1 = await metrics(cdp);
    const idleS = (Date.now() - idleStart) / 1000;
    const perS = (name: string) => round((((i1[name] ?? 0) - (i0[name] ?? 0)) * 1000) / idleS, 1);

    const result: AppResult = {
      app,
      url,
      openToFirstTextMs: firstText - t0,
      openToLastReplyMs: shown - t0,
      openTaskMs: round(((m1.TaskDuration ?? 0) - (m0.TaskDuration ?? 0)) * 1000),
      openScriptMs: round(((m1.ScriptDuration ?? 0) - (m0.ScriptDuration ?? 0)) * 1000),
      streamServerMs: (time.completed ?? time.created) - time.created,
      streamLastWordLagMs: shownStream - (time.completed ?? sent),
      streamTaskMsPer1000Words: perK("TaskDuration"),
      streamScriptMsPer1000Words: perK("ScriptDuration"),
      idleTaskMsPerS: perS("TaskDuration"),
      idleScriptMsPerS: perS("ScriptDuration"),
      scriptBytesTransferred: scriptTransferred,
      scriptBytesDecoded: scriptDecoded,
      scriptFiles: scriptIds.size,
      heapUsedMbAfterOpen: heapOpen,
      heapUsedMbAfterStream: heapStream,
      domNodes: await page.evaluate(() => document.getElementsByTagName("*").length),
    };
    await page.screenshot({ path: `/tmp/versus-${app}.png` });
    return result;
  } finally {
    await context.close();
  }
}

const ratio = (a: number, b: number): string => (a > 0 && b > 0 ? `${(b / a).toFixed(1)}×` : "—");

const fleet = await startFleet({ count: 1, wordDelayMs: 5 });
let hub: Hub | undefined;
let browser: Browser | undefined;
try {
  const server = fleet.servers[0];
  if (!server) throw new Error("no fleet server");
  log(`seeding ${TURNS} turns`);
  const t = Date.now();
  const long = await seed(server);
  log(`seeded ${long.messages} messages in ${Date.now() - t} ms`);
  hub = await startHub();
  browser = await launchBrowser();
  await instancesByPort(hub.url, [server], 30_000);
  const listed = (await hubDocument(hub.url)).instances.length;
  const dirSegment = Buffer.from(server.directory).toString("base64url");
  const hubUrl = hub.url;
  // Switchboard first, then OpenCode's app: each on its own fork of the same session.
  const sb = await measureApp(browser, server, "switchboard", (id) => `${hubUrl}/?session=${id}`, long.id, long.lastReply);
  const oc = await measureApp(browser, server, "opencode-web", (id) => `${server.url}/${dirSegment}/session/${id}`, long.id, long.lastReply);
  const rows: Array<[string, keyof AppResult, string]> = [
    ["navigation → last reply's first words in the DOM", "openToFirstTextMs", "ms"],
    ["navigation → last reply shown in full", "openToLastReplyMs", "ms"],
    ["main thread while opening (task)", "openTaskMs", "ms"],
    ["  of which script", "openScriptMs", "ms"],
    [`main thread per 1000 streamed words (task)`, "streamTaskMsPer1000Words", "ms"],
    ["  of which script", "streamScriptMsPer1000Words", "ms"],
    ["last word shown after the server stored it", "streamLastWordLagMs", "ms"],
    ["main thread while idle (task)", "idleTaskMsPerS", "ms/s"],
    ["script transferred", "scriptBytesTransferred", "B"],
    ["script decoded", "scriptBytesDecoded", "B"],
    ["JS heap after open (after GC)", "heapUsedMbAfterOpen", "MB"],
    ["JS heap after the stream (after GC)", "heapUsedMbAfterStream", "MB"],
    ["DOM elements at the end", "domNodes", ""],
  ];
  console.log(
    `long session: ${long.messages} messages (${TURNS} turns); stream: ${WORDS} words; the hub listed ${listed} OpenCode servers (Switchboard connects to all of them)`,
  );
  console.log(`| | Switchboard | OpenCode web | OpenCode ÷ Switchboard |`);
  console.log(`|---|---|---|---|`);
  for (const [label, key, unit] of rows) {
    const a = sb[key] as number;
    const b = oc[key] as number;
    console.log(`| ${label} | ${a} ${unit} | ${b} ${unit} | ${ratio(a, b)} |`);
  }
  console.log(JSON.stringify({ turns: TURNS, messages: long.messages, words: WORDS, listed, switchboard: sb, opencode: oc }, null, 2));
} finally {
  await browser?.close();
  await hub?.stop();
  await fleet.stop();
}
