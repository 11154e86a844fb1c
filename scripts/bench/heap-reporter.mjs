// Preloaded into the hub by hub-idle-bench.ts and search-hub-memory.ts (NODE_OPTIONS=--import):
// prints the process's memory every few seconds on stderr, so the bench reads the hub's own heap
// without an inspector. With SWITCHBOARD_BENCH_MEMORY_GC=1 (and --expose-gc) it collects first,
// so the figure is what stays live rather than where the collector happened to be.
const every = Number(process.env.SWITCHBOARD_BENCH_MEMORY_MS || 5000);
const collect = process.env.SWITCHBOARD_BENCH_MEMORY_GC === "1" ? globalThis.gc : undefined;
setInterval(() => {
  collect?.();
  const m = process.memoryUsage();
  process.stderr.write(`bench-memory ${Date.now()} ${m.rss} ${m.heapUsed} ${m.heapTotal} ${m.external}\n`);
}, every).unref();
