/**
 * "New session in…" a folder with no server: the time from Start (`POST /api/servers/jobs` on the
 * built hub) to the hub listing the server it started as ready, per OpenCode generation (1.18.33
 * and 2.1.2, each the only `opencode` on the hub's PATH). Also the job's steps: when the process
 * existed ("waiting-port"), when it printed its port ("probing") and when discovery listed it.
 * Each trial starts in a fresh folder and stops the server afterwards. Polls the job every 20 ms.
 *
 *   npx tsx scripts/bench/start-bench.ts [--trials 5]
 *
 * (This replaces the "listed within 5 s" line the browser test used to log: timings are measured
 * here, never asserted.)
 */
import { mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startHub } from "../../e2e/support/hub.js";
import { startFleet } from "../fleet/index.js";
import { opencode2Bin, opencodeBin } from "../fleet/opencode-bin.js";

const { values } = parseArgs({ options: { trials: { type: "string", default: "5" } } });
const trials = Number(values.trials);

interface Job {
  id: string;
  state: string;
  elapsedMs: number;
  message: string | null;
  output: string | null;
  instance: { id: string } | null;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? NaN;
};
const stats = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;

const fleet = await startFleet({ count: 0 });
const results: string[] = [];
try {
  for (const [label, bin] of [
    ["1.18.33", opencodeBin()],
    ["2.1.2", opencode2Bin()],
  ] as const) {
    // Only this `opencode` on the hub's PATH (the hub takes the newest it finds there).
    const pathDir = mkdtempSync(join(tmpdir(), "sb-start-bench-path-"));
    symlinkSync(bin, join(pathDir, "opencode"));
    const hub = await startHub({ env: { ...fleet.env(), PATH: `${pathDir}:/usr/bin:/bin` } });
    const listed: number[] = [];
    const spawned: number[] = [];
    const listening: number[] = [];
    const loads: number[] = [];
    try {
      for (let i = 0; i < trials; i++) {
        const folder = join(fleet.home, "projects", `start-bench-${label}-${i}`);
        mkdirSync(folder, { recursive: true });
        loads.push(loadavg()[0] ?? NaN);
        const started = performance.now();
        const res = await fetch(`${hub.url}/api/servers/jobs`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: hub.url },
          body: JSON.stringify({ directory: folder }),
        });
        let job = ((await res.json()) as { job: Job }).job;
        const seen = new Map<string, number>();
        while (job.state !== "listed" && job.state !== "failed" && job.state !== "cancelled") {
          if (!seen.has(job.state)) seen.set(job.state, performance.now() - started);
          await new Promise((r) => setTimeout(r, 20));
          job = ((await (await fetch(`${hub.url}/api/servers/jobs/${job.id}`)).json()) as { job: Job }).job;
        }
        const wall = performance.now() - started;
        if (job.state !== "listed" || !job.instance) throw new Error(`${label} trial ${i + 1}: ${job.state}: ${job.message}\n${job.output ?? ""}`);
        listed.push(wall);
        spawned.push(seen.get("waiting-port") ?? NaN);
        listening.push(seen.get("probing") ?? NaN);
        console.log(
          `${label} trial ${i + 1}: listed after ${wall.toFixed(0)} ms (hub's own count ${job.elapsedMs} ms; process up at ${spawned.at(-1)?.toFixed(0)} ms, port printed by ${listening.at(-1)?.toFixed(0)} ms), load ${loads.at(-1)?.toFixed(1)}`,
        );
        const stop = await fetch(`${hub.url}/api/servers/${job.instance.id}`, { method: "DELETE", headers: { origin: hub.url } });
        if (!stop.ok) throw new Error(`could not stop ${job.instance.id}: ${stop.status}`);
      }
    } finally {
      await hub.stop();
    }
    results.push(
      `${label}: Start → listed ${stats(listed)}; process up ${stats(spawned.filter(Number.isFinite))}; port printed ${stats(listening.filter(Number.isFinite))}; load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
    );
  }
  console.log(`\n${trials} trials each (hub scan every 1 s, job polled every 20 ms)`);
  for (const line of results) console.log(line);
} finally {
  await fleet.stop();
}
