/**
 * The postings in a worker thread: the index sends additions and removals as they happen (in
 * order, no answer awaited) and awaits scores. Measured by scripts/bench/search-bench.ts: with
 * MiniSearch on the hub's own thread its young-generation garbage collections paused the event
 * loop past the 50 ms budget during first indexing.
 */
import { Worker } from "node:worker_threads";
import type { Postings, PostingDoc, PostingsAnswer, PostingsQuery } from "./postings.js";

/** Messages to the worker. */
export type WorkerRequest =
  | { op: "add"; docs: PostingDoc[] }
  | { op: "discard"; docs: Array<{ no: number; id: string }> }
  | { op: "score"; rid: number; query: PostingsQuery }
  | { op: "count"; rid: number }
  | { op: "ping"; rid: number };

/** Messages from the worker. */
export type WorkerReply =
  | { op: "scored"; rid: number; answer: PostingsAnswer }
  | { op: "counted"; rid: number; terms: number }
  | { op: "pong"; rid: number }
  | { op: "failed"; rid: number | null; message: string };

/**
 * Starts the worker. From the built hub it is postings-worker.js; from the TypeScript sources
 * (tests, benches) the worker registers tsx first, which the sources need to load.
 */
function startWorker(): Worker {
  const url = new URL(`./postings-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url);
  if (url.pathname.endsWith(".js")) return new Worker(url);
  const boot = `import("tsx/esm/api").then((api) => { api.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { eval: true });
}

/** The postings in a worker thread; `onError` hears worker failures (logged by the caller). */
export function createThreadPostings(onError: (message: string) => void = () => {}): Postings {
  const worker = startWorker();
  // The hub's exit is not held by the index.
  worker.unref();
  let nextRid = 0;
  let dead: Error | null = null;
  const waiting = new Map<number, { resolve: (answer: unknown) => void; reject: (e: Error) => void }>();
  const failAll = (err: Error) => {
    dead = err;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  worker.on("message", (reply: WorkerReply) => {
    if (reply.op === "scored" || reply.op === "counted" || reply.op === "pong") {
      waiting.get(reply.rid)?.resolve(reply.op === "scored" ? reply.answer : reply.op === "counted" ? reply.terms : undefined);
      waiting.delete(reply.rid);
    } else {
      onError(reply.message);
      if (reply.rid === null) return;
      waiting.get(reply.rid)?.reject(new Error(`the search index failed: ${reply.message.split("\n")[0] ?? ""}`));
      waiting.delete(reply.rid);
    }
  });
  worker.on("error", (err) => {
    onError(err.stack ?? err.message);
    failAll(new Error(`the search index stopped: ${err.message}`));
  });
  worker.on("exit", (code) => {
    if (!dead) failAll(new Error(`the search index stopped (worker exit ${code})`));
  });
  const send = (req: WorkerRequest) => {
    if (!dead) worker.postMessage(req);
  };
  /** Sends a request that is answered, and resolves with its answer. */
  const ask = <T>(make: (rid: number) => WorkerRequest) =>
    new Promise<T>((resolve, reject) => {
      if (dead) return reject(dead);
      const rid = nextRid++;
      // The worker answers a request of each kind with that kind's answer (WorkerReply).
      waiting.set(rid, { resolve: resolve as (answer: unknown) => void, reject });
      worker.postMessage(make(rid));
    });
  return {
    add: (docs) => {
      if (docs.length > 0) send({ op: "add", docs });
    },
    discard: (docs) => {
      if (docs.length > 0) send({ op: "discard", docs });
    },
    score: (query) => ask<PostingsAnswer>((rid) => ({ op: "score", rid, query })),
    termCount: () => ask<number>((rid) => ({ op: "count", rid })),
    settled: () => ask<void>((rid) => ({ op: "ping", rid })),
    close: async () => {
      dead ??= new Error("the search index was closed");
      failAll(dead);
      await worker.terminate();
    },
  };
}
