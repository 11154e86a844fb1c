/**
 * The postings in a worker thread: the index sends additions and removals as they happen (in
 * order, no answer awaited) and awaits scores. Measured by scripts/bench/search-bench.ts: with
 * MiniSearch on the hub's own thread its young-generation garbage collections paused the event
 * loop past the 50 ms budget during first indexing.
 */
import { Worker } from "node:worker_threads";
import type { Postings, PostingDoc, PostingsAnswer, PostingsQuery } from "./postings.js";
import type { StoreReadInfo } from "./store-reader.js";
import type { StoredSession } from "./types.js";

/** Messages to the worker. */
export type WorkerRequest =
  | { op: "add"; docs: PostingDoc[] }
  | { op: "discard"; nos: number[] }
  | { op: "score"; rid: number; query: PostingsQuery }
  | { op: "count"; rid: number }
  | { op: "ping"; rid: number }
  | { op: "load"; rid: number; file: string }
  | { op: "slice"; rid: number };

/** Messages from the worker. */
export type WorkerReply =
  | { op: "scored"; rid: number; answer: PostingsAnswer }
  | { op: "counted"; rid: number; terms: number }
  | { op: "pong"; rid: number }
  | { op: "loaded"; rid: number; info: StoreReadInfo }
  | { op: "sliced"; rid: number; sessions: StoredSession[] }
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
    if (reply.op !== "failed") {
      waiting.get(reply.rid)?.resolve(answerOf(reply));
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
    discard: (nos) => {
      if (nos.length > 0) send({ op: "discard", nos });
    },
    score: (query) => ask<PostingsAnswer>((rid) => ({ op: "score", rid, query })),
    termCount: () => ask<number>((rid) => ({ op: "count", rid })),
    settled: () => ask<void>((rid) => ({ op: "ping", rid })),
    async readStore(file, each) {
      const info = await ask<StoreReadInfo>((rid) => ({ op: "load", rid, file }));
      // One slice asked ahead: the worker copies the next while this thread indexes the current.
      let next = ask<StoredSession[]>((rid) => ({ op: "slice", rid }));
      for (;;) {
        const slice = await next;
        if (slice.length === 0) return info;
        next = ask<StoredSession[]>((rid) => ({ op: "slice", rid }));
        try {
          await each(slice);
        } catch (err) {
          // The caller reports `err`; the slice asked ahead is not wanted any more (nor its failure).
          next.catch(() => undefined);
          throw err;
        }
      }
    },
    close: async () => {
      dead ??= new Error("the search index was closed");
      failAll(dead);
      await worker.terminate();
    },
  };
}

/** The value an answered request resolves with. */
function answerOf(reply: Exclude<WorkerReply, { op: "failed" }>): unknown {
  switch (reply.op) {
    case "scored":
      return reply.answer;
    case "counted":
      return reply.terms;
    case "pong":
      return undefined;
    case "loaded":
      return reply.info;
    case "sliced":
      return reply.sessions;
  }
}
