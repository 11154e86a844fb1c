/**
 * "Results painted ≤ 100 ms after the last keystroke" (issue 15, page side), measured in Debian's
 * Chromium against the built hub and a real OpenCode 1.18.33 whose sessions are seeded over REST
 * with words from the search benchmark's vocabulary (search-corpus.ts). The hub keeps its index in
 * a temp XDG_STATE_HOME. For each query the Search panel is cleared, the word is typed at a human
 * pace (--delay ms between keys), and the page records, from the last keydown:
 *   - commit: the results list says it answers the typed words (data-answered) — DOM updated;
 *   - paint: the next animation frame after that (the frame that paints it);
 * plus the hub's own answer time for the same query (a fetch from Node) for comparison.
 *
 *   npx tsx scripts/bench/search-paint-bench.ts [--sessions 40] [--messages 50] [--runs 25] [--delay 70]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { launchBrowser } from "../../e2e/support/browser.js";
import { startHub } from "../../e2e/support/hub.js";
import { createSession, seedUserMessages } from "../../e2e/support/rest.js";
import { waitFor } from "../../e2e/support/wait.js";
import { hubInstanceId, waitConnected } from "../../e2e/support/workspace-page.js";
import { startFleet } from "../fleet/index.js";
import { prng, vocabulary } from "./search-corpus.js";

const { values } = parseArgs({
  options: {
    sessions: { type: "string", default: "40" },
    messages: { type: "string", default: "50" },
    runs: { type: "string", default: "25" },
    delay: { type: "string", default: "70" },
  },
});
const SESSIONS = Number(values.sessions);
const MESSAGES = Number(values.messages);
const RUNS = Number(values.runs);
const DELAY = Number(values.delay);
const log = (...args: unknown[]) => console.error("bench:", ...args);
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;
const fmt = (xs: number[]) => `p50 ${pct(xs, 0.5).toFixed(1)} ms, p95 ${pct(xs, 0.95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;

const rand = prng(15);
const words = vocabulary(3000, rand);
const pick = () => words[Math.floor(rand() ** 2 * words.length)] ?? "the";
/** A made-up tag per session so the bench's own words are findable among whatever else the machine runs. */
const sentence = (s: number, i: number) => `${Array.from({ length: 12 + Math.floor(rand() * 30) }, pick).join(" ")} benchtag${s}x${i % 7}`;

/** In the page: resolves once the results list answers `query`, with times from the last keydown. */
const MEASURE = `(query) => new Promise((resolve) => {
  const list = document.getElementById("search-results");
  const observer = new MutationObserver(() => {
    if (list.getAttribute("data-answered") !== query) return;
    observer.disconnect();
    const commit = performance.now() - window.lastKey;
    requestAnimationFrame(() => resolve({ commit, paint: performance.now() - window.lastKey, count: list.querySelectorAll("[data-message-id]").length }));
  });
  observer.observe(list, { attributes: true, attributeFilter: ["data-answered"] });
})`;

const stateHome = mkdtempSync(join(tmpdir(), "switchboard-search-paint-"));
const fleet = await startFleet({ count: 1, wordDelayMs: 0 });
const server = fleet.servers[0]!;
const hub = await startHub({ env: { ...process.env, XDG_STATE_HOME: stateHome } });
const browser = await launchBrowser();
try {
  const started = Date.now();
  for (let s = 0; s < SESSIONS; s++) {
    const session = await createSession(server, `bench search ${s} ${pick()} ${pick()}`);
    await seedUserMessages(server, session.id, MESSAGES, (i) => sentence(s, i));
  }
  log(`${SESSIONS * MESSAGES} messages seeded in ${Date.now() - started} ms`);
  const last = `benchtag${SESSIONS - 1}x${(MESSAGES - 1) % 7}`;
  await waitFor(
    "the index to hold the last seeded message",
    async () => {
      const res = await fetch(`${hub.url}/api/search?q=${last}`);
      return res.ok && ((await res.json()) as { results: unknown[] }).results.length > 0;
    },
    180_000,
    500,
  );
  log(`indexed after ${Date.now() - started} ms`);

  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(hub.url);
  await waitConnected(page, [await hubInstanceId(hub, server.port)]);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const box = page.getByRole("searchbox", { name: "Search messages" });
  await page.evaluate("document.addEventListener('keydown', () => { window.lastKey = performance.now(); }, true)");

  const commit: number[] = [];
  const paint: number[] = [];
  const hubTimes: number[] = [];
  const counts: number[] = [];
  const queries = Array.from({ length: RUNS }, (_, i) => (i % 3 === 2 ? `${pick()} ${pick()}` : pick()));
  for (const q of queries) {
    await box.fill("");
    await page.waitForFunction(() => document.querySelectorAll("#search-results [data-message-id]").length === 0);
    // A string, not a function: tsx would wrap a function's inner arrows in helpers the page lacks.
    const measured = page.evaluate(`(${MEASURE})(${JSON.stringify(q)})`) as Promise<{ commit: number; paint: number; count: number }>;
    await box.pressSequentially(q, { delay: DELAY });
    const m = await measured;
    commit.push(m.commit);
    paint.push(m.paint);
    counts.push(m.count);
    const t0 = performance.now();
    await fetch(`${hub.url}/api/search?q=${encodeURIComponent(q)}`).then((r) => r.text());
    hubTimes.push(performance.now() - t0);
  }
  console.log(
    JSON.stringify(
      {
        messages: SESSIONS * MESSAGES,
        runs: RUNS,
        keyDelayMs: DELAY,
        resultsPerQuery: { p50: pct(counts, 0.5), max: Math.max(...counts) },
        lastKeyToCommit: fmt(commit),
        lastKeyToPaint: fmt(paint),
        hubAnswer: fmt(hubTimes),
        load: loadavg()
          .map((x) => x.toFixed(1))
          .join(" "),
      },
      null,
      2,
    ),
  );
} finally {
  await browser.close();
  await hub.stop();
  await fleet.stop();
  rmSync(stateHome, { recursive: true, force: true });
}
