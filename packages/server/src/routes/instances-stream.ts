import type { ServerResponse } from "node:http";
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import type { InstanceRegistry, InstancesDocument } from "../discovery/types.js";
import { InstancesDocumentSchema } from "../contract/hub-api.js";

/** Options of the SSE route; the heartbeat is injectable so tests need not wait 15 s. */
export interface InstancesStreamOptions {
  registry: InstanceRegistry;
  /** Interval of `: heartbeat` comments (default 15 000 ms, the contract's upper bound). */
  heartbeatMs?: number;
  /** What the page gets instead of the registry's document (remote mode hands out relay URLs). */
  view?: (doc: InstancesDocument, request: FastifyRequest) => InstancesDocument;
}

/**
 * GET /api/instances/stream → text/event-stream. Sends the document at once and after every
 * change, a `: heartbeat` comment every heartbeatMs, and cleans up when the client leaves.
 */
export const instancesStreamRoutes: FastifyPluginAsync<InstancesStreamOptions> = async (app, opts) => {
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  // Open streams, so shutdown can end them (otherwise server.close waits for them forever).
  const open = new Set<ServerResponse>();

  app.addHook("preClose", async () => {
    for (const res of open) res.end();
    open.clear();
  });

  app.get("/api/instances/stream", async (request, reply) => {
    // Same serializer as GET /api/instances, so both carry exactly the same fields.
    const serialize = reply.compileSerializationSchema(InstancesDocumentSchema);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      connection: "keep-alive",
      "x-content-type-options": "nosniff",
      // Keeps reverse proxies from buffering the stream.
      "x-accel-buffering": "no",
    });
    open.add(res);

    const send = (doc: InstancesDocument): void => {
      res.write(`data: ${serialize({ ...(opts.view ? opts.view(doc, request) : doc) })}\n\n`);
    };
    res.write("retry: 1000\n\n");
    send(opts.registry.snapshot());
    const unsubscribe = opts.registry.subscribe(send);
    const heartbeat = setInterval(() => res.write(": heartbeat\n\n"), heartbeatMs);

    res.on("close", () => {
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(res);
      request.log.debug("instances stream closed");
    });
  });
};
