/**
 * Helpers for browser tests of live instances: find our fleet's instance ids on the hub, read
 * instance tabs' `data-connection`, log every change of it in the page, and read the timeline.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import type { Instance, InstancesDocument } from "../../packages/server/src/discovery/types.js";
import { waitFor } from "./wait.js";

/** GET {hub}/api/instances. */
export async function hubDocument(hubUrl: string): Promise<InstancesDocument> {
  const res = await fetch(`${hubUrl}/api/instances`, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`GET /api/instances → ${res.status}`);
  return (await res.json()) as InstancesDocument;
}

/**
 * The hub's instance for each port (the hub lists every OpenCode on the machine, other fleets
 * included, so tests select by port). Waits until all are listed, optionally only `pid`s we know.
 */
export async function instancesByPort(
  hubUrl: string,
  servers: ReadonlyArray<{ port: number; pid?: number }>,
  timeoutMs = 15_000,
): Promise<Map<number, Instance>> {
  return waitFor(
    `the hub to list ports ${servers.map((s) => s.port).join(", ")}`,
    async () => {
      const doc = await hubDocument(hubUrl);
      const found = new Map<number, Instance>();
      for (const s of servers) {
        const hit = doc.instances.find((i) => i.port === s.port && (s.pid === undefined || i.pid === s.pid));
        if (!hit) return null;
        found.set(s.port, hit);
      }
      return found;
    },
    timeoutMs,
  );
}

/** CSS selector of an instance tab. */
export function tabSelector(instanceId: string): string {
  return `[role="tablist"][aria-label="Instances"] [role="tab"][data-instance-id="${instanceId}"]`;
}

/** `data-connection` of an instance tab, or null when the tab is absent. */
export async function connectionOf(page: Page, instanceId: string): Promise<string | null> {
  return page.evaluate((sel) => document.querySelector(sel)?.getAttribute("data-connection") ?? null, tabSelector(instanceId));
}

/** Waits until every tab shows one of `states`; the error names the tabs that did not. */
export async function waitForConnections(page: Page, ids: readonly string[], states: readonly string[], timeoutMs: number): Promise<void> {
  let last: Record<string, string | null> = {};
  await waitFor(
    `tabs ${ids.join(", ")} to be ${states.join("|")}`,
    async () => {
      last = {};
      for (const id of ids) last[id] = await connectionOf(page, id);
      return Object.values(last).every((s) => s !== null && states.includes(s));
    },
    timeoutMs,
  ).catch((err: unknown) => {
    throw new Error(`${err instanceof Error ? err.message : String(err)}; last seen ${JSON.stringify(last)}`);
  });
}

/** One observed `data-connection` value of an instance tab (page clock, ms). */
export interface ConnectionChange {
  id: string;
  state: string;
  at: number;
}

declare global {
  interface Window {
    __connectionLog?: ConnectionChange[];
  }
}

/**
 * Records every `data-connection` value each instance tab shows, from the page's first script on,
 * so a test can assert a tab stayed connected across a window (not only at its end).
 */
export async function installConnectionLog(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const log: ConnectionChange[] = [];
    window.__connectionLog = log;
    const record = (el: Element) => {
      const id = el.getAttribute("data-instance-id");
      const state = el.getAttribute("data-connection");
      if (!id || !state) return;
      const previous = [...log].reverse().find((c) => c.id === id);
      if (previous?.state !== state) log.push({ id, state, at: Date.now() });
    };
    new MutationObserver((mutations) => {
      for (const m of mutations) {
        if (m.type === "attributes" && m.target instanceof Element) record(m.target);
        for (const node of Array.from(m.addedNodes)) {
          if (!(node instanceof Element)) continue;
          if (node.hasAttribute("data-connection")) record(node);
          for (const el of Array.from(node.querySelectorAll("[data-connection]"))) record(el);
        }
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-connection"] });
  });
}

/**
 * A page for a file whose tests build on each other (kept across them): the connection log is
 * installed before it loads, and its errors and console errors/warnings are printed under `name`,
 * so a failure comes with the page's side of the story. The caller navigates it.
 */
export async function openLoggedPage(
  browser: Browser,
  name: string,
  options: BrowserContextOptions,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  await installConnectionLog(context);
  const page = await context.newPage();
  page.on("pageerror", (err) => console.error(`[${name}] page error:`, err));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") console.error(`[${name}] console.${m.type()}: ${m.text().slice(0, 300)}`);
  });
  return { context, page };
}

/** The page clock (for `connectionLog(page, since)`). */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => Date.now());
}

/** Past the page's 25 s stall watchdog: an idle stream must survive it without a reconnect. */
export const PAST_WATCHDOG_MS = 27_000;

/**
 * Watches one tab for `ms` and fails at the first state other than connected (proving an absence
 * needs time to pass); returns the page time it began, for `connectionLog(page, since)`.
 */
export async function staysConnected(page: Page, instanceId: string, ms = PAST_WATCHDOG_MS): Promise<number> {
  const since = await pageNow(page);
  const started = Date.now();
  while (Date.now() - started < ms) {
    const state = await connectionOf(page, instanceId);
    if (state !== "connected") throw new Error(`the tab of ${instanceId} went ${state} after ${Date.now() - started} ms of an idle stream`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return since;
}

/** Changes recorded since `since` (page clock), optionally for some tabs only. */
export async function connectionLog(page: Page, since = 0, ids?: readonly string[]): Promise<ConnectionChange[]> {
  const log = await page.evaluate(() => window.__connectionLog ?? null);
  if (!log) throw new Error("installConnectionLog(context) was not called before the page loaded");
  return log.filter((c) => c.at >= since && (!ids || ids.includes(c.id)));
}

/** A message as the timeline renders it. */
export interface RenderedMessage {
  id: string;
  role: string;
  /** Text of its text parts, joined (rendered text, trimmed). */
  text: string;
}

/** The whole timeline as read by scrolling through it, and ids rendered twice in any one view. */
export interface TimelineScan {
  messages: RenderedMessage[];
  /** Message ids that appeared more than once in the DOM at the same moment (a doubled message). */
  duplicates: string[];
}

/**
 * Reads the open session's timeline. It is virtualized (only rows near the viewport exist), so
 * this scrolls its scroller from top to bottom, collecting rows in order, then returns to the
 * bottom if it was there (so "follow the end" stays on).
 */
export async function scanTimeline(page: Page): Promise<TimelineScan> {
  return page.evaluate(async () => {
    const read = () =>
      Array.from(document.querySelectorAll("[data-message-id]")).map((el) => ({
        id: el.getAttribute("data-message-id") ?? "",
        role: el.getAttribute("data-role") ?? "",
        text: Array.from(el.querySelectorAll('[data-part-type="text"]'))
          .map((p) => (p.textContent ?? "").trim())
          .join("\n"),
      }));
    const seen = new Map<string, { id: string; role: string; text: string }>();
    const order: string[] = [];
    const duplicates: string[] = [];
    const collect = () => {
      const ids = new Set<string>();
      for (const m of read()) {
        if (ids.has(m.id)) duplicates.push(m.id);
        ids.add(m.id);
        if (!seen.has(m.id)) order.push(m.id);
        seen.set(m.id, m);
      }
    };
    const first = document.querySelector("[data-message-id]");
    let scroller = first?.parentElement ?? null;
    while (scroller && !(scroller.scrollHeight > scroller.clientHeight + 1 && /(auto|scroll)/.test(getComputedStyle(scroller).overflowY))) {
      scroller = scroller.parentElement;
    }
    if (!scroller) {
      collect();
    } else {
      const el = scroller;
      const frames = () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
      const atBottom = el.scrollHeight - el.clientHeight - el.scrollTop < 48;
      el.scrollTop = 0;
      await frames();
      collect();
      for (let i = 0; i < 200 && el.scrollTop + el.clientHeight < el.scrollHeight - 1; i++) {
        el.scrollTop += Math.max(50, el.clientHeight * 0.8);
        await frames();
        collect();
      }
      if (atBottom) {
        el.scrollTop = el.scrollHeight;
        await frames();
      }
    }
    return { messages: order.map((id) => seen.get(id) ?? { id, role: "", text: "" }), duplicates };
  });
}

/** The whole timeline in order (see scanTimeline); throws when a message was rendered twice at once. */
export async function renderedTimeline(page: Page): Promise<RenderedMessage[]> {
  const scan = await scanTimeline(page);
  if (scan.duplicates.length > 0) throw new Error(`messages rendered twice: ${scan.duplicates.join(", ")}`);
  return scan.messages;
}

/** Session ids of the session list rows, in order (duplicates kept, so tests can see them). */
export async function sessionRowIds(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('[aria-label="Session list"] [data-session-id]')).map((el) => el.getAttribute("data-session-id") ?? ""),
  );
}
