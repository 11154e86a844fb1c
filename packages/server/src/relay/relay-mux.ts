/**
 * GET /relay/_events (remote mode): every ready instance's event stream over ONE connection.
 * Browsers open at most six HTTP/1.1 connections per origin, and through the relay every instance
 * shares the hub's origin, so one EventSource per instance would stall from the fifth instance on.
 * Each message is `{"i": instanceId, "d": "<the event's data>"}`, `{"i", "c": "<comment>"}` for an
 * upstream SSE comment (OpenCode 2's heartbeats are comments), or a control message
 * `{"i", "open": true}` / `{"i", "error": "…"}` when that instance's upstream opens or drops
 * (the hub retries it while the instance is ready). The page demultiplexes (ui stream/relay-mux.ts).
 */
import { once } from "node:events";
import type { ServerResponse } from "node:http";
import { createParser } from "eventsource-parser";
import type { FastifyPluginAsync } from "fastify";
import { request as undiciRequest } from "undici";
import type { Instance, InstancesDocument } from "../discovery/types.js";
import { upstreamEventsUrl } from "./relay-policy.js";
import { defaultUpstream, type RelayOptions } from "./relay-route.js";

/** Path of the multiplexed stream. Instance ids never start with "_". */
export const MUX_PATH = "/relay/_events";
const RETRY_MS = 1_000;

/** Registers the multiplexed stream. */
export const relayMuxRoutes: FastifyPluginAsync<RelayOptions> = async (app, opts) => {
  const open = new Set<ServerResponse>();
  app.addHook("preClose", async () => {
    for (const res of open) res.end();
  });

  app.get(MUX_PATH, async (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
      "x-accel-buffering": "no",
    });
    open.add(res);
    let closed = false;
    /** Writes one SSE message; waits while the page reads slower than the servers talk (backpressure). */
    const send = async (message: object): Promise<void> => {
      if (closed) return;
      if (!res.write(`data: ${JSON.stringify(message)}\n\n`)) await once(res, "drain").catch(() => undefined);
    };
    res.write("retry: 1000\n\n");

    const upstreams = new Map<string, AbortController>();
    const follow = async (instance: Instance, stop: AbortController): Promise<void> => {
      while (!stop.signal.aborted && !closed) {
        const headers: Record<string, string> = { accept: "text/event-stream" };
        const target = (opts.upstreamOf ?? defaultUpstream)(instance);
        if (target.authorization) headers.authorization = target.authorization;
        let error = "the stream ended";
        try {
          const upstream = await undiciRequest(upstreamEventsUrl(instance), {
            method: "GET",
            headers,
            ...(target.dispatcher ? { dispatcher: target.dispatcher } : {}),
            signal: stop.signal,
            headersTimeout: 15_000,
            bodyTimeout: 0,
          });
          if (upstream.statusCode !== 200) {
            await upstream.body.dump();
            error = `OpenCode answered ${upstream.statusCode}`;
          } else {
            await send({ i: instance.id, open: true });
            const pending: object[] = [];
            const parser = createParser({
              onEvent: (event) => pending.push({ i: instance.id, d: event.data }),
              // OpenCode 2's only heartbeat: the page's watchdog must see it through the mux too.
              onComment: (comment) => pending.push({ i: instance.id, c: comment.trim() }),
            });
            for await (const chunk of upstream.body) {
              parser.feed(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
              for (const message of pending.splice(0)) await send(message);
            }
          }
        } catch (err) {
          error = err instanceof Error ? err.message : String(err);
        }
        if (stop.signal.aborted || closed) return;
        await send({ i: instance.id, error });
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    };
    const sync = (doc: InstancesDocument): void => {
      const ready = new Map(doc.instances.filter((i) => i.status === "ready").map((i) => [i.id, i]));
      for (const [id, stop] of upstreams) {
        if (ready.has(id)) continue;
        stop.abort();
        upstreams.delete(id);
        void send({ i: id, error: "the server is gone" });
      }
      for (const [id, instance] of ready) {
        if (upstreams.has(id)) continue;
        const stop = new AbortController();
        upstreams.set(id, stop);
        void follow(instance, stop);
      }
    };
    sync(opts.registry.snapshot());
    const unsubscribe = opts.registry.subscribe(sync);
    const heartbeat = setInterval(() => res.write(": heartbeat\n\n"), opts.heartbeatMs ?? 15_000);
    res.on("close", () => {
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      for (const stop of upstreams.values()) stop.abort();
      upstreams.clear();
      open.delete(res);
      res.emit("drain");
    });
  });
};
