/**
 * Memory of a real built hub holding the search bench's corpus (issue 15). The corpus
 * (search-corpus.ts, 100,000 messages by default) is written to a fresh state folder's search store,
 * then the built hub starts on it and loads it (a restart: the worker reads the file, the hub's
 * thread indexes it). Once "search: stored index loaded" is logged, the hub's RSS and main-thread
 * heap are sampled (after a forced collection) for a while. `--cli` runs another build of the hub
 * (e.g. one from before the worker) on the same store. The hub also indexes every OpenCode server
 * it finds on the machine (the count is printed).
 *
 *   npx tsx scripts/bench/search-hub-memory.ts [--messages 100000] [--sessions 5000] [--servers 10] [--seconds 30] [--cli path/to/cli.js]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { startHub } from "../../e2e/support/hub.js";
import { waitFor } from "../../e2e/support/wait.js";
import { createSessionStore } from "../../packages/server/src/search/session-store.js";
import { searchDirOf } from "../../packages/server/src/search/state-dir.js";
import { generateCorpus } from "./search-corpus.js";

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "100000" },
    sessions: { type: "string", default: "5000" },
    servers: { type: "string", default: "10" },
    seconds: { type: "string", default: "30" },
    cli: { type: "string" },
  },
});
const REPORTER = fileURLToPath(new URL("./heap-reporter.mjs", import.meta.url));
const log = (...args: unknown[]) => console.error("search-hub-memory:", ...args);
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(" ");

/** Every reporter line: rss and heapUsed in MB. */
function samples(output: string): Array<{ rss: number; heap: number }> {
  return output
    .split("\n")
    .filter((l) => l.startsWith("bench-memory "))
    .map((l) => l.split(" "))
    .map((f) => ({ rss: Number(f[2]) / 1024 / 1024, heap: Number(f[3]) / 1024 / 1024 }));
}

const state = mkdtempSync(join(tmpdir(), "switchboard-search-hub-memory-"));
try {
  const corpus = generateCorpus({ servers: Number(values.servers), sessions: Number(values.sessions), messages: Number(values.messages) });
  const store = createSessionStore({ dir: searchDirOf({ XDG_STATE_HOME: state }), live: () => corpus });
  for (const s of corpus) store.put(s);
  await store.flush();
  log(`wrote ${corpus.length} sessions, ${corpus.reduce((n, s) => n + s.messages.length, 0)} messages (load ${load()})`);
  const hub = await startHub({
    ...(values.cli ? { command: [process.execPath, values.cli] as const } : {}),
    env: {
      ...process.env,
      XDG_STATE_HOME: state,
      NODE_OPTIONS: `--expose-gc --import ${pathToFileURL(REPORTER).href}`,
      SWITCHBOARD_BENCH_MEMORY_MS: "2000",
      SWITCHBOARD_BENCH_MEMORY_GC: "1",
    },
    timeoutMs: 120_000,
  });
  try {
    await waitFor("the hub to load the stored index", async () => hub.output().includes("stored index loaded"), 600_000, 500);
    const line =
      hub
        .output()
        .split("\n")
        .find((l) => l.includes("stored index loaded")) ?? "";
    log(`loaded: ${line.slice(0, 300)}`);
    const from = samples(hub.output()).length;
    await new Promise((r) => setTimeout(r, Number(values.seconds) * 1000));
    const window = samples(hub.output()).slice(from);
    const last = window.at(-1);
    const maxRss = Math.max(...window.map((s) => s.rss));
    console.log(
      `${values.cli ? values.cli : "this build"}: after loading ${corpus.length} sessions: rss ${last?.rss.toFixed(1)} MB (max ${maxRss.toFixed(1)} MB over ${window.length} samples), main-thread heap ${last?.heap.toFixed(1)} MB (load average ${load()})`,
    );
  } finally {
    await hub.stop();
  }
} finally {
  rmSync(state, { recursive: true, force: true });
}
