/**
 * The hub with many idle servers (issue 16): N real `opencode serve` 1.18.33 (default 20), no page,
 * the built hub started once all are up. Over a window (default 60 s, after a settle) it samples the
 * hub's CPU (utime + stime from /proc/<pid>/stat, % of one core), RSS and V8 heap (a preloaded
 * reporter prints process.memoryUsage()), to see whether idle costs anything and memory is flat.
 * The hub scans the whole machine, so other people's OpenCode servers count too (printed).
 * `npx tsx scripts/bench/hub-idle-bench.ts [--servers 20] [--seconds 60] [--settle 15]`. Needs the build.
 * Results: dev-docs/benchmarks.md "The hub with 20 servers".
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { startHub } from "../../e2e/support/hub.js";
import { hubDocument } from "../../e2e/support/live-page.js";
import { waitFor } from "../../e2e/support/wait.js";
import { startFleet } from "../fleet/index.js";

const { values } = parseArgs({
  options: { servers: { type: "string", default: "20" }, seconds: { type: "string", default: "60" }, settle: { type: "string", default: "15" } },
});
const SERVERS = Number(values.servers);
const SECONDS = Number(values.seconds);
const SETTLE_S = Number(values.settle);
const TICKS = 100; // USER_HZ on Linux
const REPORTER = fileURLToPath(new URL("./heap-reporter.mjs", import.meta.url));
const log = (...args: unknown[]) => console.error("hub-idle-bench:", ...args);
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(" ");

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/** The reporter's latest line: rss and heapUsed in MB. */
function memory(output: string): { rss: number; heap: number } | null {
  const lines = output.split("\n").filter((l) => l.startsWith("bench-memory "));
  const last = lines.at(-1)?.split(" ");
  if (!last) return null;
  return { rss: Number(last[2]) / 1024 / 1024, heap: Number(last[3]) / 1024 / 1024 };
}

log(`starting ${SERVERS} servers (load ${load()})`);
const fleet = await startFleet({ count: SERVERS });
const hub = await startHub({
  env: { ...process.env, NODE_OPTIONS: `--import ${pathToFileURL(REPORTER).href}`, SWITCHBOARD_BENCH_MEMORY_MS: "5000" },
});
try {
  const ports = new Set(fleet.servers.map((s) => s.port));
  await waitFor(
    `the hub to list all ${SERVERS} servers ready`,
    async () => (await hubDocument(hub.url)).instances.filter((i) => ports.has(i.port) && i.status === "ready").length === SERVERS,
    120_000,
    500,
  );
  log(`all listed; settling ${SETTLE_S} s`);
  await new Promise((r) => setTimeout(r, SETTLE_S * 1000));
  const listed = (await hubDocument(hub.url)).instances.length;
  const rows: string[] = [];
  const t0 = Date.now();
  const c0 = cpuSeconds(hub.pid);
  let prevT = t0;
  let prevC = c0;
  const loadStart = load();
  for (let s = 10; s <= SECONDS; s += 10) {
    await new Promise((r) => setTimeout(r, t0 + s * 1000 - Date.now()));
    const now = Date.now();
    const c = cpuSeconds(hub.pid);
    const m = memory(hub.output());
    rows.push(
      `| ${s} s | ${((100 * (c - prevC)) / ((now - prevT) / 1000)).toFixed(2)} % | ${m ? m.rss.toFixed(1) : "?"} MB | ${m ? m.heap.toFixed(1) : "?"} MB |`,
    );
    prevT = now;
    prevC = c;
  }
  const wall = (Date.now() - t0) / 1000;
  const total = cpuSeconds(hub.pid) - c0;
  console.log(
    `${SERVERS} idle servers (the hub listed ${listed} OpenCode servers on the machine); ${wall.toFixed(0)} s window; load average ${loadStart} → ${load()}`,
  );
  console.log(`hub CPU over the window: ${((100 * total) / wall).toFixed(2)} % of one core`);
  console.log(`| window | hub CPU (% of a core) | RSS | V8 heap used |`);
  console.log(`|---|---|---|---|`);
  for (const row of rows) console.log(row);
} finally {
  await hub.stop();
  await fleet.stop();
}
