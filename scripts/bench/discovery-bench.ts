/**
 * Discovery latency, end to end: the built hub (default 1 s scan) and real `opencode serve`
 * processes started and killed one after another. For each trial: the time from the server
 * answering its health check to the hub's `/api/instances` listing it `ready`, and from the
 * server's exit to the hub dropping it. Polls the hub every 20 ms.
 *
 *   npx tsx scripts/bench/discovery-bench.ts [--trials 8]
 *
 * (This replaces a "within 2 s" limit in the discovery test: timings are measured here, not asserted.)
 */
import { parseArgs } from "node:util";
import { startHub } from "../../e2e/support/hub.js";
import { hubDocument } from "../../e2e/support/live-page.js";
import { startFleet } from "../fleet/index.js";

const { values } = parseArgs({ options: { trials: { type: "string", default: "8" } } });
const trials = Number(values.trials);

async function until(what: string, fn: () => Promise<boolean>, timeoutMs = 30_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await fn()) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const stats = (xs: number[]): string => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return `median ${at(0.5).toFixed(0)} ms, min ${s[0]?.toFixed(0)} ms, max ${s.at(-1)?.toFixed(0)} ms`;
};

const fleet = await startFleet({ count: 0 });
const hub = await startHub();
const found: number[] = [];
const dropped: number[] = [];
try {
  for (let i = 0; i < trials; i++) {
    const server = await fleet.startServer();
    found.push(
      await until("listed ready", async () => (await hubDocument(hub.url)).instances.some((x) => x.pid === server.pid && x.status === "ready")),
    );
    await server.kill();
    dropped.push(await until("dropped", async () => !(await hubDocument(hub.url)).instances.some((x) => x.pid === server.pid)));
    console.log(`trial ${i + 1}: listed after ${found.at(-1)?.toFixed(0)} ms, dropped after ${dropped.at(-1)?.toFixed(0)} ms`);
  }
  const load = (await import("node:os")).loadavg()[0]?.toFixed(1);
  console.log(`\n${trials} trials (load average ${load}), hub scan every 1 s`);
  console.log(`listening → listed ready: ${stats(found)}`);
  console.log(`exit → dropped:           ${stats(dropped)}`);
} finally {
  await hub.stop();
  await fleet.stop();
}
