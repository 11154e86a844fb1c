/**
 * Search index benchmark (issue 15).
 *
 * A. Synthetic: 100,000 messages across 10 servers' directories and 5,000 sessions of realistic
 *    markdown, code and tool lines (search-corpus.ts), indexed directly through the index module
 *    and its disk store, as the service does: first indexing time and the longest event-loop stall
 *    meanwhile (monitorEventLoopDelay), heap and RSS, store size against the text, reload from disk,
 *    then query latency (p50/p95/max) over single words, two words, prefixes and typos.
 * B. Real servers (--real 0 skips): OpenCode 1.18.33 and 2.1.2 serves with seeded sessions, indexed
 *    by the real service over the real registry: time until every seeded session is indexed, the
 *    longest stall, and how long after a reply settles it is findable.
 *
 *   NODE_OPTIONS=--expose-gc npx tsx scripts/bench/search-bench.ts [--messages 100000] [--sessions 5000] [--servers 10] [--real 0|1] [--synthetic 0|1]
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { constants as perfConstants, monitorEventLoopDelay, performance, PerformanceObserver } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createRegistry } from "../../packages/server/src/discovery/registry.js";
import { createSearchIndex, type SearchIndex } from "../../packages/server/src/search/search-index.js";
import { createSearchService } from "../../packages/server/src/search/search-service.js";
import { createSessionStore } from "../../packages/server/src/search/session-store.js";
import type { SearchRequest, StoredSession } from "../../packages/server/src/search/types.js";
import { createYielder } from "../../packages/server/src/search/yielder.js";
import { createSession, isSettled, listMessages, promptAsync, waitFor, type MessageWithParts, type V2Message } from "../fleet/client.js";
import { startFleet } from "../fleet/index.js";
import { generateCorpus, prng, vocabulary } from "./search-corpus.js";

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "100000" },
    sessions: { type: "string", default: "5000" },
    servers: { type: "string", default: "10" },
    real: { type: "string", default: "1" },
    synthetic: { type: "string", default: "1" },
  },
});

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const quantiles = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return `p50 ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, max ${(s.at(-1) ?? NaN).toFixed(2)} ms (n=${s.length})`;
};

/** CPU time of this process so far (all its threads), in ms. */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * The main thread's (the event loop's) time on a CPU and time waiting for one, in ms: Linux's
 * per-thread schedstat (nanoseconds). GC helper threads and worker threads are not in it. NaN elsewhere.
 */
const mainThreadSched = (): { cpu: number; queued: number } => {
  try {
    const [cpu, queued] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ");
    return { cpu: Number(cpu) / 1e6, queued: Number(queued) / 1e6 };
  } catch {
    return { cpu: NaN, queued: NaN };
  }
};

/**
 * Runs `fn` while watching the event loop; returns its result, the wall and CPU time, and the
 * longest stall. On a loaded machine a stall is mostly the process not being scheduled; the
 * "busy" stall counts only the CPU time spent inside a gap between two 5 ms ticks (min of the gap
 * and the CPU used meanwhile): what the hub's own work blocked. `maxBusyStallMs` counts the main
 * thread's CPU only (what blocks the loop); `maxBusyAllThreadsMs` every thread's (GC helpers
 * included, so it errs high). `maxUnqueuedStallMs` is the gap minus the time the main thread
 * waited for a CPU: its own work plus any wait for GC helper threads (which can themselves be
 * starved). `maxGcPauseMs` is V8's longest GC pause on the main thread, in wall time.
 */
async function watched<T>(fn: () => Promise<T>): Promise<{
  value: T;
  ms: number;
  cpu: number;
  maxStallMs: number;
  p99StallMs: number;
  maxBusyStallMs: number;
  maxBusyAllThreadsMs: number;
  maxUnqueuedStallMs: number;
  maxGcPauseMs: number;
  maxGcKind: string;
}> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  let maxGc = 0;
  let maxGcKind = "";
  const gcKinds: Record<number, string> = {
    [perfConstants.NODE_PERFORMANCE_GC_MAJOR]: "major",
    [perfConstants.NODE_PERFORMANCE_GC_MINOR]: "minor",
    [perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
    [perfConstants.NODE_PERFORMANCE_GC_WEAKCB]: "weak callbacks",
  };
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.duration <= maxGc) continue;
      maxGc = e.duration;
      maxGcKind = gcKinds[(e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? -1] ?? "other";
    }
  });
  gcObserver.observe({ entryTypes: ["gc"] });
  let lastWall = performance.now();
  let lastCpu = cpuMs();
  let lastMain = mainThreadSched();
  let maxBusy = 0;
  let maxBusyAll = 0;
  let maxUnqueued = 0;
  const tick = setInterval(() => {
    const wall = performance.now();
    const cpu = cpuMs();
    const main = mainThreadSched();
    maxBusyAll = Math.max(maxBusyAll, Math.min(wall - lastWall, cpu - lastCpu) - 5);
    maxBusy = Math.max(maxBusy, Math.min(wall - lastWall, main.cpu - lastMain.cpu) - 5);
    maxUnqueued = Math.max(maxUnqueued, wall - lastWall - (main.queued - lastMain.queued) - 5);
    lastWall = wall;
    lastCpu = cpu;
    lastMain = main;
  }, 5);
  const started = performance.now();
  const cpuStarted = cpuMs();
  const value = await fn();
  const ms = performance.now() - started;
  const cpu = cpuMs() - cpuStarted;
  clearInterval(tick);
  gcObserver.disconnect();
  h.disable();
  return {
    value,
    ms,
    cpu,
    maxStallMs: h.max / 1e6,
    p99StallMs: h.percentile(99) / 1e6,
    maxBusyStallMs: Math.max(0, maxBusy),
    maxBusyAllThreadsMs: Math.max(0, maxBusyAll),
    maxUnqueuedStallMs: Math.max(0, maxUnqueued),
    maxGcPauseMs: maxGc,
    maxGcKind,
  };
}

/** The stall figures of one {@link watched} run, for a log line. */
const stallWords = (w: Awaited<ReturnType<typeof watched>>): string =>
  `event-loop delay max ${w.maxStallMs.toFixed(1)} ms, p99 ${w.p99StallMs.toFixed(1)} ms, longest busy stall ${w.maxBusyStallMs.toFixed(1)} ms on the main thread (${w.maxBusyAllThreadsMs.toFixed(1)} ms counting every thread; ${w.maxUnqueuedStallMs.toFixed(1)} ms not waiting for a CPU), longest GC pause ${w.maxGcPauseMs.toFixed(1)} ms (${w.maxGcKind || "none"})`;

async function synthetic(): Promise<void> {
  const genStarted = performance.now();
  let corpus = generateCorpus({ servers: Number(values.servers), sessions: Number(values.sessions), messages: Number(values.messages) });
  const messages = corpus.reduce((n, s) => n + s.messages.length, 0);
  const textBytes = corpus.reduce((n, s) => n + Buffer.byteLength(s.title) + s.messages.reduce((m, x) => m + Buffer.byteLength(x.text), 0), 0);
  console.log(
    `corpus: ${corpus.length} sessions, ${messages} messages, ${mb(textBytes)} of text (generated in ${(performance.now() - genStarted).toFixed(0)} ms)`,
  );
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;

  const dir = mkdtempSync(join(tmpdir(), "switchboard-search-bench-"));
  try {
    const index = createSearchIndex();
    const store = createSessionStore({ dir, live: () => index.sessions() });
    // As the service does: one session at a time through the index (which yields), queued to disk.
    const first = await watched(async () => {
      const maybeYield = createYielder();
      for (const s of corpus) {
        await index.upsert(s);
        store.put(s);
        await maybeYield();
      }
      await store.flush();
      // The worker applies additions in order: a query answered means every one is in.
      await index.search({ q: "done", limit: 1, offset: 0 }, () => null);
    });
    gc();
    const mem = process.memoryUsage();
    const disk = await store.sizeBytes();
    console.log(
      `first indexing: ${(first.ms / 1000).toFixed(1)} s (CPU ${(first.cpu / 1000).toFixed(1)} s), ${stallWords(first)} (load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores)`,
    );
    console.log(
      `memory: main-thread heap +${mb(mem.heapUsed - heapBefore)} (corpus and stored sessions; the postings are in the worker's heap, counted in rss), heap ${mb(mem.heapUsed)}, rss ${mb(mem.rss)} (before: rss ${mb(rssBefore)})`,
    );
    console.log(
      `disk: ${mb(disk)} = ${(disk / textBytes).toFixed(2)}× the text; index: ${index.stats().documents} documents, ${await index.termCount()} distinct words`,
    );

    await queries(index, corpus);
    await index.close();
    // A restarted hub holds no corpus: its young generation should not be collected around one.
    corpus = [];
    gc();

    const reload = await watched(async () => {
      const again = createSearchIndex();
      // As the service does: the worker reads and parses the file, this thread indexes it slice by slice.
      const store = createSessionStore({ dir, live: () => again.sessions(), read: again.readStore });
      await store.load(async (slice) => {
        for (const s of slice) await again.upsert(s);
      });
      await again.search({ q: "done", limit: 1, offset: 0 }, () => null);
      return again;
    });
    const stats = reload.value.stats();
    console.log(
      `restart (load from disk + re-index): ${(reload.ms / 1000).toFixed(1)} s (CPU ${(reload.cpu / 1000).toFixed(1)} s), ${stallWords(reload)}, ${stats.sessions} sessions (load average ${loadavg()[0]?.toFixed(1)})`,
    );
    // Outside the watch: a forced collection is a pause of its own.
    gc();
    const after = process.memoryUsage();
    console.log(
      `memory after the restart: heap ${mb(after.heapUsed)}, rss ${mb(after.rss)} (the bench's first index still holds its sessions too; a hub's own figure: search-hub-memory.ts)`,
    );
    await reload.value.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function queries(index: SearchIndex, corpus: StoredSession[]): Promise<void> {
  const rand = prng(7);
  const words = vocabulary(30_000, prng(42));
  const pick = (from: number, to: number) => words[from + Math.floor(rand() * (to - from))] ?? "x";
  const kinds: Record<string, () => string> = {
    "common word": () => pick(0, 30),
    "mid word": () => pick(100, 2_000),
    "rare word": () => pick(5_000, 30_000),
    "two words": () => `${pick(50, 3_000)} ${pick(50, 3_000)}`,
    "prefix (3 letters)": () => pick(100, 5_000).slice(0, 3),
    typo: () => {
      const w = pick(200, 5_000);
      return w.length >= 6 ? `${w.slice(0, 2)}${w.slice(3)}` : `${w}x`;
    },
    "title words": () => (corpus[Math.floor(rand() * corpus.length)]?.title ?? "x").split(" ").slice(0, 2).join(" "),
  };
  const all: number[] = [];
  const allCpu: number[] = [];
  for (const [kind, make] of Object.entries(kinds)) {
    const times: number[] = [];
    const cpu: number[] = [];
    let hits = 0;
    for (let i = 0; i < 60; i++) {
      const req: SearchRequest = { q: make(), limit: 20, offset: 0 };
      const started = performance.now();
      const cpuStarted = cpuMs();
      const page = await index.search(req, () => null);
      cpu.push(cpuMs() - cpuStarted);
      times.push(performance.now() - started);
      hits += page.total;
    }
    all.push(...times);
    allCpu.push(...cpu);
    console.log(`query ${kind}: ${quantiles(times)}; CPU ${quantiles(cpu)}; mean hits ${(hits / times.length).toFixed(0)} (ranked up to 1,000)`);
  }
  console.log(`query, all kinds: ${quantiles(all)}; CPU ${quantiles(allCpu)} (load average ${loadavg()[0]?.toFixed(1)})`);
}

const SESSIONS_PER_SERVER = 4;
const TURNS = 2;

async function real(): Promise<void> {
  const fleet = await startFleet({ count: 2, wordDelayMs: 2 });
  const v2 = await fleet.startServer({ generation: 2 });
  const servers = [...fleet.servers];
  const seeded: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), "switchboard-search-bench-real-"));
  try {
    const seedStarted = performance.now();
    for (const server of servers) {
      for (let s = 0; s < SESSIONS_PER_SERVER; s++) {
        const session = await createSession(server);
        seeded.push(session.id);
        for (let t = 0; t < TURNS; t++) {
          await promptAsync(server, session.id, `bench turn ${t} of session ${s} [[long:120]] [[code:ts]]`);
          await waitFor("reply", () => isSettled(server, session.id), 60_000);
        }
      }
    }
    console.log(
      `real: seeded ${seeded.length} sessions × ${TURNS} turns on ${servers.length} servers (1.18.33 ×2, 2.1.2) in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s`,
    );
    const registry = createRegistry({});
    const service = createSearchService({ registry, dir });
    registry.start();
    const first = await watched(async () => {
      await service.start();
      await waitFor(
        "every seeded session indexed",
        async () => seeded.every((id) => (service.session(id)?.messages.length ?? 0) >= 2 * TURNS) && service.stats().pending === 0,
        120_000,
      );
    });
    const stats = service.stats();
    console.log(
      `real: indexed (every server on this machine: ${stats.sessions} sessions, ${stats.documents} documents) in ${(first.ms / 1000).toFixed(1)} s, event-loop delay max ${first.maxStallMs.toFixed(1)} ms, p99 ${first.p99StallMs.toFixed(1)} ms`,
    );
    const lags: number[] = [];
    for (let i = 0; i < 6; i++) {
      const server = servers[i % servers.length] ?? v2;
      const sessionId = seeded[(i % servers.length) * SESSIONS_PER_SERVER] ?? "";
      const word = `benchword${i}x${Math.floor(Math.random() * 1e6)}`;
      await promptAsync(server, sessionId, `say ${word}`);
      // Poll the index every 5 ms; the lag is from the server's own completion time of the reply.
      const foundAt = await waitForFast(async () =>
        (await service.search({ q: word, limit: 5, offset: 0 })).results.some((r) => r.role === "assistant"),
      );
      await waitFor("settled", () => isSettled(server, sessionId), 60_000);
      lags.push(foundAt - completedAt(await listMessages(server, sessionId)));
    }
    console.log(`real: finished reply findable after it settled: ${quantiles(lags)}`);
    await service.stop();
    await registry.stop();
  } finally {
    await fleet.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Date.now() when `fn` first holds, polled every 5 ms (60 s at most). */
async function waitForFast(fn: () => Promise<boolean>): Promise<number> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (await fn()) return Date.now();
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error("not findable within 60 s");
}

/** The server's completion time of the newest assistant message (both generations). */
function completedAt(messages: MessageWithParts[] | V2Message[]): number {
  const times = (messages as unknown[]).map((m) => {
    const x = m as { info?: { role?: string; time?: { completed?: number } }; type?: string; time?: { completed?: number } };
    return x.info ? (x.info.role === "assistant" ? (x.info.time?.completed ?? 0) : 0) : x.type === "assistant" ? (x.time?.completed ?? 0) : 0;
  });
  return Math.max(...times);
}

if (values.synthetic !== "0") await synthetic();
if (values.real !== "0") await real();
