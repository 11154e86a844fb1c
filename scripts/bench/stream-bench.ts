/**
 * Engine throughput on a synthetic fast stream: N `message.part.delta` frames of one part,
 * through parse (normalizeFrame) → event queue (deltas joined per frame) → store (Solid, in
 * `produce`), compared with the pure reducer alone and with a store write per delta.
 * `npx tsx scripts/bench/stream-bench.ts [--deltas 10000] [--runs 5]` (re-runs itself under
 * `--conditions=browser` so solid-js is its reactive client build, as in the page).
 * Results: dev-docs/benchmarks.md.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

if (!process.execArgv.some((a) => a.includes("conditions=browser"))) {
  const self = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, ["--conditions=browser", "--import", "tsx", self, ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(run.status ?? 1);
}

const { values } = parseArgs({ options: { deltas: { type: "string", default: "10000" }, runs: { type: "string", default: "5" } } });
const N = Number(values.deltas);
const RUNS = Number(values.runs);

/** The few engine shapes the bench touches (the UI sources are not part of this tsconfig's program). */
interface Event {
  instanceId: string;
  directory: string | null;
  type: string;
  properties: Record<string, unknown>;
  receivedAt: number;
}
interface StateLike {
  parts: Record<string, Array<{ id: string; text?: string }>>;
}
interface Mutations {
  setHubDocument(doc: unknown): void;
  upsertSession(instanceId: string, session: unknown): void;
  reconcileMessages(instanceId: string, sessionId: string, page: unknown, mode: "latest"): void;
  applyEvents(events: Event[]): void;
}
interface Modules {
  createAppStore(): { state: StateLike; mutations: Mutations; dispose(): void };
  createInitialState(): StateLike;
  applyEvent(state: StateLike, ev: Event): string;
  normalizeFrame(data: string, instanceId: string, protocol: "global", at: number): Event | { kind: string };
  makeEventQueue(
    apply: (events: Event[]) => void,
    schedule: (cb: () => void) => number,
    cancel: (handle: number) => void,
    timers: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(h: unknown): void },
  ): { push(ev: Event): void; flush(): void; dispose(): void };
}

const ui = (path: string) => pathToFileURL(fileURLToPath(new URL(`../../packages/ui/src/${path}`, import.meta.url))).href;
const m: Modules = {
  ...((await import(ui("store/app-store.ts"))) as Pick<Modules, "createAppStore">),
  ...((await import(ui("store/initial-state.ts"))) as Pick<Modules, "createInitialState">),
  ...((await import(ui("store/reducer.ts"))) as Pick<Modules, "applyEvent">),
  ...((await import(ui("store/normalize-event.ts"))) as Pick<Modules, "normalizeFrame">),
  ...((await import(ui("stream/event-queue.ts"))) as Pick<Modules, "makeEventQueue">),
};

const DIR = "/home/dev/src/bench";
const SID = "ses_e03709e80ffeBX3fzFVrmcpJBe";
const MID = "msg_1fc8f6209001mLb8D3wJl6b98A";
const PID = "prt_1fc8f65d6001FOO1q1kvgg8VhN";
const WORDS = ["alpha ", "bravo ", "charlie ", "delta ", "echo ", "foxtrot "];
const frames = Array.from({ length: N }, (_, i) =>
  JSON.stringify({
    directory: DIR,
    project: "global",
    payload: {
      id: `evt_${i}`,
      type: "message.part.delta",
      properties: { sessionID: SID, messageID: MID, partID: PID, field: "text", delta: WORDS[i % WORDS.length] },
    },
  }),
);
const expectedText = Array.from({ length: N }, (_, i) => WORDS[i % WORDS.length]).join("");
const events = frames.map((f) => m.normalizeFrame(f, "a", "global", 0) as Event);

const session = { id: SID, slug: "bench", projectID: "global", directory: DIR, title: "bench", version: "1.18.33", time: { created: 1, updated: 1 } };
const message = {
  id: MID,
  sessionID: SID,
  role: "assistant",
  time: { created: 1 },
  parentID: "msg_0",
  modelID: "m",
  providerID: "p",
  mode: "build",
  agent: "build",
  path: { cwd: DIR, root: DIR },
  cost: 0,
  tokens: { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } },
};
const part = { id: PID, sessionID: SID, messageID: MID, type: "text", text: "", time: { start: 1 } };
const hubDoc = {
  instances: [
    {
      id: "a",
      url: "http://127.0.0.1:1",
      port: 1,
      pid: 1,
      directory: DIR,
      kind: "serve",
      version: "1.18.33",
      protocol: "global",
      status: "ready",
      eventsUrl: "http://127.0.0.1:1/global/event",
      firstSeenAt: "2026-01-01T00:00:00.000Z",
    },
  ],
  unreachable: [],
  scan: { at: "2026-01-01T00:00:00.000Z", durationMs: 1, method: "procfs", error: null },
};

function freshStore() {
  const store = m.createAppStore();
  store.mutations.setHubDocument(hubDoc);
  store.mutations.upsertSession("a", session);
  store.mutations.reconcileMessages("a", SID, { messages: [{ info: message, parts: [part] }], cursor: null }, "latest");
  return store;
}
const textOf = (state: StateLike) => state.parts[MID]?.find((p) => p.id === PID)?.text ?? "";

/** Runs `fn` RUNS times (after one warm-up) and reports the median. */
function bench(name: string, fn: () => StateLike | null): { name: string; ms: number } {
  const first = fn();
  const check = first === null ? expectedText : textOf(first);
  if (check !== expectedText) throw new Error(`${name}: wrong text (${check.length} chars, want ${expectedText.length})`);
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { name, ms: times[Math.floor(times.length / 2)] ?? NaN };
}

const noTimers = { setTimeout: () => 0, clearTimeout: () => {} };
/** The queue with a hand-cranked "animation frame": flush after every `perFrame` pushes. */
function throughQueue(perFrame: number, parse: boolean): StateLike {
  const store = freshStore();
  const queue = m.makeEventQueue(
    (batch) => store.mutations.applyEvents(batch),
    () => 1,
    () => {},
    noTimers,
  );
  for (let i = 0; i < N; i++) {
    const ev = parse ? (m.normalizeFrame(frames[i] as string, "a", "global", i) as Event) : (events[i] as Event);
    queue.push(ev);
    if ((i + 1) % perFrame === 0) queue.flush();
  }
  queue.flush();
  store.dispose();
  return store.state;
}

const results = [
  bench("parse only (normalizeFrame)", () => {
    for (const f of frames) m.normalizeFrame(f, "a", "global", 0);
    return null;
  }),
  bench("pure reducer, one applyEvent per delta (plain object)", () => {
    const state = m.createInitialState();
    m.applyEvent(state, { instanceId: "a", directory: DIR, type: "message.updated", properties: { info: message }, receivedAt: 0 });
    m.applyEvent(state, { instanceId: "a", directory: DIR, type: "message.part.updated", properties: { part }, receivedAt: 0 });
    for (const ev of events) m.applyEvent(state, ev);
    return state;
  }),
  bench("Solid store, one store write per delta (no queue)", () => {
    const store = freshStore();
    for (const ev of events) store.mutations.applyEvents([ev]);
    return store.state;
  }),
  bench("queue → store, 16 deltas per frame (~1k deltas/s at 60 fps)", () => throughQueue(16, false)),
  bench("queue → store, 160 deltas per frame (~10k deltas/s at 60 fps)", () => throughQueue(160, false)),
  bench("parse → queue → store, 16 per frame (whole pipeline)", () => throughQueue(16, true)),
];

console.log(`${N} deltas, median of ${RUNS} runs (node ${process.version}, solid-js client build)`);
for (const r of results) {
  console.log(
    `${r.name.padEnd(64)} ${r.ms.toFixed(1).padStart(8)} ms  ${((r.ms * 1000) / N).toFixed(2).padStart(7)} µs/delta  ${Math.round(N / (r.ms / 1000))
      .toLocaleString("en")
      .padStart(12)} deltas/s`,
  );
}
