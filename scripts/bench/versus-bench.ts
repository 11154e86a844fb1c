/**
 * Side by side: Switchboard against OpenCode's own web app of both generations, 1.18.33 and 2.1.2,
 * each on its own server (one fleet, one HOME), the same long session per generation (forked afresh
 * for every run, so no app sees another's reply), in the same Chromium. Per generation and app,
 * `--runs` runs interleaved (Switchboard, OpenCode, Switchboard, …), medians reported.
 * Per run (versus-measure.ts): navigation → the last reply shown, main-thread work while opening,
 * DOM elements after open, main-thread work per 1000 streamed words and while idle, script bytes, heap.
 * `npx tsx scripts/bench/versus-bench.ts [--turns 150] [--words 2000] [--idle 15] [--runs 3]
 *  [--generations 1,2] [--apps switchboard,opencode] [--seed import|rest] [--before-ui DIR]`. Needs the build.
 * `--before-ui DIR` adds "switchboard-before": a second hub serving the UI built in DIR, measured in
 * the same runs, so before/after ratios share the machine's load.
 * The long session is seeded by running a few turns and importing copies of them (seed-import.ts),
 * or with `--seed rest` by running every turn.
 * Results: dev-docs/benchmarks.md "Side by side with OpenCode's web app".
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../../e2e/support/browser.js";
import { startHub, type Hub } from "../../e2e/support/hub.js";
import { hubDocument, instancesByPort } from "../../e2e/support/live-page.js";
import { startFleet } from "../fleet/index.js";
import { measureApp, type AppResult, type AppUnderTest, type Metric } from "./versus-measure.js";
import { importLongSession, v1Transfer, v2Transfer, type SessionTransfer } from "./seed-import.js";
import { seedLongSession, v1Target, v2Target, type LongSession, type VersusTarget } from "./versus-targets.js";

const { values } = parseArgs({
  options: {
    turns: { type: "string", default: "150" },
    words: { type: "string", default: "2000" },
    idle: { type: "string", default: "15" },
    runs: { type: "string", default: "3" },
    generations: { type: "string", default: "1,2" },
    apps: { type: "string", default: "switchboard,opencode" },
    seed: { type: "string", default: "import" },
    /** A second Switchboard, the hub serving this built UI folder instead (e.g. a copy of packages/ui/dist from before a change). */
    "before-ui": { type: "string" },
  },
});
const TURNS = Number(values.turns);
const RUNS = Number(values.runs);
const opts = { words: Number(values.words), idleS: Number(values.idle) };
const generations = new Set(values.generations.split(","));
const apps = new Set(values.apps.split(","));

const log = (...args: unknown[]) => console.error("bench:", ...args);
const load1 = (): number => Number((loadavg()[0] ?? 0).toFixed(1));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

const ROWS: Array<[string, Metric, string]> = [
  ["navigation → last reply's first words in the DOM", "openToFirstTextMs", "ms"],
  ["navigation → last reply shown in full", "openToLastReplyMs", "ms"],
  ["main thread while opening (task)", "openTaskMs", "ms"],
  ["  of which script", "openScriptMs", "ms"],
  ["DOM elements after open", "domNodesAfterOpen", ""],
  ["main thread per 1000 streamed words (task)", "streamTaskMsPer1000Words", "ms"],
  ["  of which script", "streamScriptMsPer1000Words", "ms"],
  ["last word shown after the server stored it", "streamLastWordLagMs", "ms"],
  ["main thread while idle (task)", "idleTaskMsPerS", "ms/s"],
  ["script transferred", "scriptBytesTransferred", "B"],
  ["script decoded", "scriptBytesDecoded", "B"],
  ["JS heap after open (after GC)", "heapUsedMbAfterOpen", "MB"],
  ["JS heap after the stream (after GC)", "heapUsedMbAfterStream", "MB"],
  ["DOM elements at the end", "domNodes", ""],
  ["load average (1 min) at the run's start", "load", ""],
];

/** Switchboard ÷ OpenCode, the way the issue's goals are written (lower is better). */
const ratio = (sb: number, oc: number): string => (sb >= 0 && oc > 0 ? `${(sb / oc).toFixed(2)}×` : "—");

/** One table per generation: a column per app, then each Switchboard ÷ OpenCode. */
function table(version: string, long: LongSession, results: Map<string, AppResult[]>): string {
  const apps = [...results.keys()];
  const oc = apps.find((a) => a.startsWith("opencode"));
  const sbs = apps.filter((a) => a.startsWith("switchboard"));
  const runs = Math.max(...[...results.values()].map((r) => r.length));
  const mid = (app: string, key: Metric) => median((results.get(app) ?? []).map((r) => r[key]));
  const lines = [
    `### OpenCode ${version}: ${long.messages} messages, medians of ${runs} runs (each run's value in brackets)`,
    "",
    `| | ${apps.join(" | ")} | ${oc ? sbs.map((a) => `${a} ÷ OpenCode`).join(" | ") : ""} |`,
    `|---|${apps.map(() => "---").join("|")}|${oc ? sbs.map(() => "---").join("|") : ""}|`,
  ];
  for (const [label, key, unit] of ROWS) {
    const cells = apps.map((app) => `${mid(app, key)} ${unit} (${(results.get(app) ?? []).map((r) => r[key]).join(", ")})`);
    const ratios = oc ? sbs.map((app) => (key === "load" ? "" : ratio(mid(app, key), mid(oc, key)))) : [];
    lines.push(`| ${label} | ${cells.join(" | ")} | ${ratios.join(" | ")} |`);
  }
  return lines.join("\n");
}

const fleet = await startFleet({ count: generations.has("1") ? 1 : 0, wordDelayMs: 5 });
let hub: Hub | undefined;
let beforeHub: Hub | undefined;
let browser: Browser | undefined;
try {
  const targets: Array<VersusTarget & { transfer: SessionTransfer }> = [];
  const v1 = fleet.servers[0];
  if (generations.has("1") && v1) targets.push({ ...v1Target(v1), transfer: v1Transfer(v1, fleet.env()) });
  if (generations.has("2")) {
    const v2 = await fleet.startServer({ generation: 2, kind: "serve" });
    targets.push({ ...v2Target(v2), transfer: v2Transfer(v2) });
  }
  log(`seeding ${TURNS} turns on ${targets.map((t) => t.version).join(" and ")} (load ${load1()})`);
  const t = Date.now();
  const longs = await Promise.all(
    targets.map((target) =>
      values.seed === "rest"
        ? seedLongSession(target, TURNS, (turn) => turn % 25 === 24 && log(`${target.version}: ${turn + 1} turns`))
        : importLongSession(target, target.transfer, TURNS),
    ),
  );
  log(`seeded ${longs.map((l) => l.messages).join(" and ")} messages in ${Date.now() - t} ms`);
  hub = await startHub({ timeoutMs: 120_000 }); // a loaded machine starts it slowly
  if (values["before-ui"]) beforeHub = await startHub({ env: { ...process.env, SWITCHBOARD_UI_DIR: values["before-ui"] }, timeoutMs: 120_000 });
  browser = await launchBrowser();
  for (const h of [hub, beforeHub]) {
    if (h)
      await instancesByPort(
        h.url,
        targets.map((x) => x.server),
        180_000,
      );
  }
  const listed = (await hubDocument(hub.url)).instances.length;
  const hubUrl = hub.url;
  const beforeUrl = beforeHub?.url;
  const out: Record<string, unknown> = { turns: TURNS, words: opts.words, listed };
  const tables: string[] = [];
  for (const [i, target] of targets.entries()) {
    const long = longs[i];
    if (!long) continue;
    const unders: AppUnderTest[] = [];
    if (beforeUrl) unders.push({ app: "switchboard-before", urlOf: (id) => `${beforeUrl}/?session=${id}` });
    if (apps.has("switchboard")) unders.push({ app: "switchboard", urlOf: (id) => `${hubUrl}/?session=${id}` });
    if (apps.has("opencode")) unders.push({ app: `opencode-${target.version}`, urlOf: (id) => target.webUrl(id) });
    const results = new Map<string, AppResult[]>(unders.map((u) => [u.app, []]));
    // Every run gets its own fork, made before any is measured (a fork of a long session is slow on a loaded machine).
    const forks: string[] = [];
    for (let i = 0; i < RUNS * unders.length; i++) forks.push(await target.fork(long.id));
    log(`${target.version}: ${forks.length} forks made (load ${load1()})`);
    for (let run = 0; run < RUNS; run++) {
      for (const under of unders) {
        const shot = run === RUNS - 1 ? `/tmp/versus-${target.version}-${under.app}.png` : undefined;
        const forkId = forks.pop();
        if (!forkId) throw new Error("no fork left");
        const r = await measureApp(browser, target, long, forkId, under, { ...opts, ...(shot ? { shot } : {}) });
        log(`${target.version} run ${run + 1} ${under.app}: shown after ${r.openToLastReplyMs} ms, open task ${r.openTaskMs} ms, load ${r.load}`);
        results.get(under.app)?.push(r);
      }
    }
    tables.push(table(target.version, long, results));
    out[target.version] = { messages: long.messages, ...Object.fromEntries(results) };
  }
  console.log(`the hub listed ${listed} OpenCode servers (Switchboard connects to all of them); stream: ${opts.words} words`);
  console.log(tables.join("\n\n"));
  console.log(JSON.stringify(out, null, 2));
} finally {
  await browser?.close();
  await hub?.stop();
  await beforeHub?.stop();
  await fleet.stop();
}
