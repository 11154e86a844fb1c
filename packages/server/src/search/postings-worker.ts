/** The worker thread that owns the postings (postings.ts); postings-thread.ts is its other end. */
import { parentPort } from "node:worker_threads";
import { createPostingsEngine } from "./postings.js";
import type { WorkerReply, WorkerRequest } from "./postings-thread.js";
import { readStoreFile, sliceEnd } from "./store-reader.js";
import type { StoredSession } from "./types.js";

const engine = createPostingsEngine();
const port = parentPort;
if (!port) throw new Error("postings-worker.ts runs as a worker thread only");

/** The store file being handed to the hub's thread in slices (one load at a time: the hub's start). */
let loading: { sessions: StoredSession[]; from: number } | null = null;

const failed = (rid: number | null, err: unknown): WorkerReply => ({
  op: "failed",
  rid,
  message: err instanceof Error ? (err.stack ?? err.message) : String(err),
});

// Changes are not answered (one message each way per change would double the traffic); queries are.
port.on("message", (req: WorkerRequest) => {
  let reply: WorkerReply | null = null;
  try {
    if (req.op === "add") engine.add(req.docs);
    else if (req.op === "discard") engine.discard(req.nos);
    else if (req.op === "score") reply = { op: "scored", rid: req.rid, answer: engine.score(req.query) };
    else if (req.op === "count") reply = { op: "counted", rid: req.rid, terms: engine.termCount() };
    else if (req.op === "load") {
      const { rid } = req;
      readStoreFile(req.file).then(
        ({ sessions, read, broken }) => {
          loading = { sessions, from: 0 };
          port.postMessage({ op: "loaded", rid, info: { sessions: sessions.length, read, broken } } satisfies WorkerReply);
        },
        (err: unknown) => port.postMessage(failed(rid, err)),
      );
    } else if (req.op === "slice") {
      const from = loading?.from ?? 0;
      const all = loading?.sessions ?? [];
      const end = sliceEnd(all, from);
      reply = { op: "sliced", rid: req.rid, sessions: all.slice(from, end) };
      // The last (empty) slice lets the parsed file go.
      loading = end > from && loading ? { sessions: all, from: end } : null;
    } else reply = { op: "pong", rid: req.rid };
  } catch (err) {
    // A failure here is a bug; the caller logs it and fails the waiting query instead of hanging.
    reply = failed("rid" in req ? req.rid : null, err);
  }
  if (reply) port.postMessage(reply);
});
