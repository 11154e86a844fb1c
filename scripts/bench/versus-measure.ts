/**
 * One app measured on one fork of the long session, in a fresh browser context at 1440×900:
 * open (navigation → the last reply shown in full), one streamed reply, then idle. Main-thread work
 * is CDP Performance.getMetrics TaskDuration/ScriptDuration deltas; heap after a GC; script bytes
 * from CDP Network. The page is found by an in-page probe that reads text whatever the markup.
 */
import { loadavg } from "node:os";
import type { Browser, CDPSession, Page } from "playwright-core";
import { waitFor } from "../../e2e/support/wait.js";
import { OPEN_MARK, type LongSession, type VersusTarget } from "./versus-targets.js";

/** What one app measured in one run. */
export interface AppResult {
  app: string;
  url: string;
  /** 1-minute load average as the run started. */
  load: number;
  /** Navigation → the first characters of the last reply in the DOM. */
  openToFirstTextMs: number;
  openToLastReplyMs: number;
  openTaskMs: number;
  openScriptMs: number;
  /** Elements in the page 2 s after the last reply was shown. */
  domNodesAfterOpen: number;
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

/** The numeric fields of {@link AppResult}. */
export type Metric = { [K in keyof AppResult]: AppResult[K] extends number ? K : never }[keyof AppResult];

const round = (x: number, digits = 0): number => Number(x.toFixed(digits));
const norm = (s: string): string => s.replace(/\s+/g, " ").trim();

/** CDP Performance.getMetrics as a name → value record. */
export async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
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
export async function waitShown(page: Page, prefix: string, length: number, timeoutMs: number): Promise<number> {
  await page.waitForFunction(`${replyLength(prefix)} >= ${length}`, undefined, { polling: 50, timeout: timeoutMs });
  return Date.now();
}

/** Where an app opens a session, and what it is called in the tables. */
export interface AppUnderTest {
  app: string;
  urlOf(sessionId: string): string;
}

/** Opens `app` on `forkId` (a fresh fork of `long`, no app has seen it) and measures open, one stream of `words` words, `idleS` seconds idle. */
export async function measureApp(
  browser: Browser,
  target: VersusTarget,
  long: LongSession,
  forkId: string,
  under: AppUnderTest,
  opts: { words: number; idleS: number; shot?: string },
): Promise<AppResult> {
  const { app } = under;
  const url = under.urlOf(forkId);
  const load = round(loadavg()[0] ?? 0, 1);
  // bypassCSP: the apps forbid eval, which the in-page probe (a string) needs; the same for all.
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
    const mark = `Mock reply to: ${OPEN_MARK}`;
    const m0 = await metrics(cdp);
    const t0 = Date.now();
    await page.goto(url, { waitUntil: "commit" });
    const firstText = await waitShown(page, mark, 1, 180_000);
    const shown = await waitShown(page, mark, norm(long.lastReply).length, 180_000);
    const m1 = await metrics(cdp);
    await page.waitForTimeout(2_000); // let lazy chunks and follow-up requests land before reading the heap
    const domNodesAfterOpen = await page.evaluate(() => document.getElementsByTagName("*").length);
    const heapOpen = await heapMb(cdp);

    // 2. One streamed reply of `words` words into the open session (sent over REST, like another client).
    const s0 = await metrics(cdp);
    const sent = Date.now();
    await target.prompt(forkId, `streammark ${app} [[long:${opts.words}]]`);
    const stored = await waitFor("the streamed reply to settle", () => target.settled(forkId), 180_000, 100);
    const shownStream = await waitShown(page, `Mock reply to: streammark ${app}`, norm(stored.text).length, 60_000);
    const s1 = await metrics(cdp);
    const perK = (name: string) => round((((s1[name] ?? 0) - (s0[name] ?? 0)) * 1000 * 1000) / opts.words);
    const heapStream = await heapMb(cdp);

    // 3. Idle: nothing changes on the server.
    await page.waitForTimeout(3_000);
    const i0 = await metrics(cdp);
    const idleStart = Date.now();
    await page.waitForTimeout(opts.idleS * 1000);
    const i1 = await metrics(cdp);
    const idleS = (Date.now() - idleStart) / 1000;
    const perS = (name: string) => round((((i1[name] ?? 0) - (i0[name] ?? 0)) * 1000) / idleS, 1);

    const result: AppResult = {
      app,
      url: url.replace(/auth_token=[^&]*/, "auth_token=…"),
      load,
      openToFirstTextMs: firstText - t0,
      openToLastReplyMs: shown - t0,
      openTaskMs: round(((m1.TaskDuration ?? 0) - (m0.TaskDuration ?? 0)) * 1000),
      openScriptMs: round(((m1.ScriptDuration ?? 0) - (m0.ScriptDuration ?? 0)) * 1000),
      domNodesAfterOpen,
      streamServerMs: stored.completed - stored.created,
      streamLastWordLagMs: shownStream - Math.max(stored.completed, sent),
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
    if (opts.shot) await page.screenshot({ path: opts.shot });
    return result;
  } finally {
    await context.close();
  }
}
