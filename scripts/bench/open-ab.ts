/**
 * Before/after of opening a session, in one run: hubs serving different UI builds (or sessions of
 * different lengths) opened by deep link in turn — hub A, hub B, A, B… — each in a fresh context at
 * 1440×900, so every variant sees the same machine. Per open: navigation → last reply shown in full,
 * main-thread work (CDP TaskDuration, ScriptDuration, layout, style), DOM elements, requests until shown.
 * `npx tsx scripts/bench/open-ab.ts --hub NAME=URL --hub NAME=URL --session ID:LENGTH [--session …] [--runs 5]`
 * A URL holding `{id}` is opened as is with the session id put in (e.g. OpenCode 1.x's own web app:
 * `<server>/<base64url(directory)>/session/{id}`); any other is a hub, opened at `URL/?session=ID`.
 * (LENGTH: the last reply's whitespace-normalised length, as open-profile.ts prints it). Medians printed
 * with every run's value and the load average. Results: dev-docs/benchmarks.md.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../../e2e/support/browser.js";
import { metrics, waitShown } from "./versus-measure.js";
import { OPEN_MARK } from "./versus-targets.js";

const { values } = parseArgs({
  options: {
    hub: { type: "string", multiple: true, default: [] },
    session: { type: "string", multiple: true, default: [] },
    runs: { type: "string", default: "5" },
  },
});
const hubs = values.hub.map((h) => {
  const at = h.indexOf("=");
  return { name: h.slice(0, at), url: h.slice(at + 1) };
});
const sessions = values.session.map((s) => {
  const [id = "", length = "0"] = s.split(":");
  return { id, length: Number(length) };
});
if (hubs.length === 0 || sessions.length === 0) throw new Error("give at least one --hub NAME=URL and one --session ID:LENGTH");
const round = (x: number): number => Math.round(x);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

interface Open {
  shownMs: number;
  taskMs: number;
  scriptMs: number;
  layoutMs: number;
  styleMs: number;
  domNodes: number;
  requests: number;
  load: number;
}

async function open(browser: Browser, url: string, length: number): Promise<Open> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    await page.goto("about:blank");
    let requests = 0;
    page.on("request", () => requests++);
    const load = Number((loadavg()[0] ?? 0).toFixed(1));
    const m0 = await metrics(cdp);
    const t0 = Date.now();
    await page.goto(url, { waitUntil: "commit" });
    await waitShown(page, `Mock reply to: ${OPEN_MARK}`, length, 60_000);
    const shownMs = Date.now() - t0;
    const shownRequests = requests;
    const m1 = await metrics(cdp);
    const d = (k: string) => round(((m1[k] ?? 0) - (m0[k] ?? 0)) * 1000);
    return {
      shownMs,
      taskMs: d("TaskDuration"),
      scriptMs: d("ScriptDuration"),
      layoutMs: d("LayoutDuration"),
      styleMs: d("RecalcStyleDuration"),
      domNodes: await page.evaluate(() => document.getElementsByTagName("*").length),
      requests: shownRequests,
      load,
    };
  } finally {
    await context.close();
  }
}

const browser = await launchBrowser();
try {
  const results = new Map<string, Open[]>();
  for (let run = 0; run < Number(values.runs); run++) {
    for (const s of sessions) {
      // Alternate which variant goes first, so neither always opens on a warmer machine.
      const order = run % 2 === 0 ? hubs : [...hubs].reverse();
      for (const h of order) {
        const url = h.url.includes("{id}") ? h.url.replace("{id}", s.id) : `${h.url}/?session=${s.id}`;
        const o = await open(browser, url, s.length);
        const key = `${h.name} ${s.id}`;
        results.set(key, [...(results.get(key) ?? []), o]);
        console.error(`open-ab: run ${run + 1} ${key}: ${JSON.stringify(o)}`);
      }
    }
  }
  const fields: Array<keyof Open> = ["shownMs", "taskMs", "scriptMs", "layoutMs", "styleMs", "domNodes", "requests", "load"];
  console.log(`| variant · session | ${fields.join(" | ")} |`);
  console.log(`|---|${fields.map(() => "---").join("|")}|`);
  for (const [key, xs] of results) {
    console.log(`| ${key} | ${fields.map((f) => `${median(xs.map((o) => o[f]))} (${xs.map((o) => o[f]).join(", ")})`).join(" | ")} |`);
  }
} finally {
  await browser.close();
}
