/** The worker thread that owns the postings (postings.ts); postings-thread.ts is its other end. */
import { parentPort } from "node:worker_threads";
import { createPostingsEngine } from "./postings.js";
import type { WorkerReply, WorkerRequest } from "./postings-thread.js";

const engine = createPostingsEngine();
const port = parentPort;
if (!port) throw new Error("postings-worker.ts runs as a worker thread only");

// Changes are not answered (one message each way per change would double the traffic); queries are.
port.on("message", (req: WorkerRequest) => {
  let reply: WorkerReply | null = null;
  try {
    if (req.op === "add") engine.add(req.docs);
    else if (req.op === "discard") engine.discard(req.docs);
    else if (req.op === "score") reply = { op: "scored", rid: req.rid, answer: engine.score(req.query) };
    else if (req.op === "count") reply = { op: "counted", rid: req.rid, terms: engine.termCount() };
    else reply = { op: "pong", rid: req.rid };
  } catch (err) {
    // A failure here is a bug; the caller logs it and fails the waiting query instead of hanging.
    reply = { op: "failed", rid: "rid" in req ? req.rid : null, message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  if (reply) port.postMessage(reply);
});
