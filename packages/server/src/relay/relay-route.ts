/**
 * /relay/:instanceId/… in remote mode: the hub forwards the page's OpenCode requests to verified
 * instances on loopback (relay-policy.ts decides), adds the instance's credentials itself, and
 * streams the answer back with backpressure. The event stream closes upstream when the page goes.
 */
import { pipeline } from "node:stream/promises";
import websocket from "@fastify/websocket";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { request as undiciRequest } from "undici";
import type { Instance, InstanceRegistry } from "../discovery/types.js";
import type { Upstream } from "../machines/federation.js";
import { relayDecision, upstreamAuthorization } from "./relay-policy.js";
import { guardUpgradeSockets, refuseUpgrade, relaySocket } from "./relay-socket.js";

/** Options of the relay routes: the instances it may reach, and how (peers and URL servers differ). */
export interface RelayOptions {
  registry: Pick<InstanceRegistry, "snapshot" | "subscribe">;
  /** Default: the instance's own URL with the Basic token of its eventsUrl. */
  upstreamOf?: (instance: Instance) => Upstream;
  heartbeatMs?: number;
}

/** The default upstream: what the registry put in the instance's events URL. */
export function defaultUpstream(instance: Instance): Upstream {
  return { authorization: upstreamAuthorization(instance) };
}

/** Prompts can carry attachments; nothing else the page sends is large. */
const RELAY_BODY_LIMIT = 32 * 1024 * 1024;
/** OpenCode 2's location header (opencode-protocol-v2.md §4), and its PTY ticket route's required header (§4.1). */
const PASSED_REQUEST_HEADERS = ["x-opencode-directory", "x-opencode-ticket"];
/** Answer headers passed back to the page; everything else (cookies, auth challenges, CORS) stays behind. */
const PASSED_HEADERS = ["content-type", "cache-control", "content-encoding", "etag", "last-modified"];

/** Registers the relay route (encapsulated: its raw-body parser applies to it alone). */
export const relayRoutes: FastifyPluginAsync<RelayOptions> = async (app, opts) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: RELAY_BODY_LIMIT }, (_request, body, done) => done(null, body));

  // WebSocket upgrades go through Fastify's routing (and so the path guard, Host and remote gates,
  // which track the socket for sign-out) before they reach the GET route's wsHandler.
  await app.register(websocket);
  const stopGuarding = guardUpgradeSockets(app.server);
  app.addHook("onClose", async () => stopGuarding());
  const forward = async (request: FastifyRequest<{ Body: Buffer | undefined }>, reply: FastifyReply): Promise<FastifyReply> => {
    const decision = relayDecision(request.method, request.url, opts.registry.snapshot().instances);
    if (!decision.ok) {
      request.log.warn({ method: request.method, reason: decision.reason }, "relay refused");
      return reply.code(decision.status).send({ ok: false, reason: decision.reason, message: decision.message });
    }
    const headers: Record<string, string> = { accept: request.headers.accept ?? "*/*" };
    const body = Buffer.isBuffer(request.body) && request.body.length > 0 ? request.body : undefined;
    if (body) headers["content-type"] = request.headers["content-type"] ?? "application/json";
    // OpenCode 2 picks the project by a header (and asks for another to hand out a PTY ticket); only these pass besides the body's type.
    for (const name of PASSED_REQUEST_HEADERS) {
      const value = request.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    const target = (opts.upstreamOf ?? defaultUpstream)(decision.instance);
    if (target.authorization) headers.authorization = target.authorization;

    // The page may leave before OpenCode answers: stop waiting for it then.
    const gone = new AbortController();
    reply.raw.on("close", () => gone.abort());
    let upstream: Awaited<ReturnType<typeof undiciRequest>>;
    try {
      upstream = await undiciRequest(decision.upstream, {
        method: request.method as "GET",
        headers,
        ...(target.dispatcher ? { dispatcher: target.dispatcher } : {}),
        ...(body ? { body } : {}),
        signal: gone.signal,
        headersTimeout: 15_000,
        // The event stream is quiet between events; other answers must finish.
        bodyTimeout: decision.stream ? 0 : 120_000,
      });
    } catch (err) {
      if (gone.signal.aborted) return reply;
      request.log.warn({ port: decision.instance.port, err: err instanceof Error ? err.message : String(err) }, "relay: OpenCode did not answer");
      return reply.code(502).send({ ok: false, reason: "unreachable", message: `OpenCode at :${decision.instance.port} did not answer the relay.` });
    }

    const out: Record<string, string> = { "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" };
    for (const name of PASSED_HEADERS) {
      const value = upstream.headers[name];
      if (typeof value === "string") out[name] = value;
    }
    if (decision.stream) {
      out["cache-control"] = "no-cache";
      out["x-accel-buffering"] = "no";
    }
    reply.hijack();
    reply.raw.writeHead(upstream.statusCode, out);
    if (decision.stream) reply.raw.flushHeaders();
    // pipeline: backpressure both ways, and when either side closes the other is destroyed
    // (the page leaving ends the upstream event stream).
    await pipeline(upstream.body, reply.raw).catch((err: unknown) => {
      if (!gone.signal.aborted) request.log.debug({ err: err instanceof Error ? err.message : String(err) }, "relay stream ended");
    });
    return reply;
  };
  app.route<{ Body: Buffer | undefined }>({
    method: ["POST", "PATCH", "DELETE", "PUT"],
    url: "/relay/*",
    bodyLimit: RELAY_BODY_LIMIT,
    handler: forward,
  });
  app.route<{ Body: Buffer | undefined }>({
    method: "GET",
    url: "/relay/*",
    // An upgrade the relay will not carry is answered in HTTP before the socket is taken over.
    preHandler: async (request, reply) => {
      if (request.ws) return refuseUpgrade(request, reply, opts.registry);
    },
    handler: forward,
    wsHandler: (socket, request) => relaySocket(socket, request, opts.registry),
  });
};
