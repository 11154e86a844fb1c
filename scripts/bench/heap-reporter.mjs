// Preloaded into the hub by hub-idle-bench.ts (NODE_OPTIONS=--import): prints the process's memory
// every few seconds on stderr, so the bench reads the hub's own heap without an inspector.
const every = Number(process.env.SWITCHBOARD_BENCH_MEMORY_MS || 5000);
setInterval(() => {
  const m = process.memoryUsage();
  process.stderr.write(`bench-memory ${Date.now()} ${m.rss} ${m.heapUsed} ${m.heapTotal} ${m.external}\n`);
}, every).unref();
