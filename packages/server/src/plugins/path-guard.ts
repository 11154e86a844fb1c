/**
 * Wires request-path.ts into Fastify: `canonicalUrl` is the app's rewriteUrl (it runs before
 * routing, so the router and every hook read the canonical path), and the `pathGuard` plugin
 * answers a refused path with 400 before any other hook runs. Request log lines show the
 * canonical path with the sign-in token cut off (RequestLog).
 */
import type { IncomingMessage } from "node:http";
import { LogController, type FastifyReply, type FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { canonicalTarget, loggedPath } from "./request-path.js";

/** Set on a raw request whose path was refused: the refusal's message. */
const REFUSED = Symbol("switchboard.refusedPath");
type Marked = IncomingMessage & { [REFUSED]?: string };

/** A path no route or file answers: refused requests are routed there until pathGuard answers them. */
const REFUSED_TARGET = "/_refused-path";

/** Fastify's rewriteUrl: the canonical target, or a placeholder for a refused one (pathGuard answers it). */
export function canonicalUrl(req: IncomingMessage): string {
  const target = canonicalTarget(req.url ?? "/");
  if (target.ok) return target.url;
  (req as Marked)[REFUSED] = target.message;
  return REFUSED_TARGET;
}

/** The first onRequest hook: 400 for a refused path, before the Host guard, the gate or a route sees it. */
export const pathGuard = fp(
  async (app) => {
    app.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
      const message = (request.raw as Marked)[REFUSED];
      if (message === undefined) return;
      request.log.warn({ method: request.method }, "refused a request path that changes when decoded");
      return reply.code(400).header("cache-control", "no-store").send({ ok: false, reason: "bad-path", message });
    });
  },
  { name: "path-guard" },
);

/** Fastify's per-request log lines, with the path as loggedPath shows it (never a sign-in token). */
export class RequestLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    const refused = (request.raw as Marked)[REFUSED] !== undefined;
    // Shaped like the request for pino's req serializer, with only the url replaced.
    const req = {
      method: request.method,
      url: refused ? "(refused path)" : loggedPath(request.url),
      headers: request.headers,
      host: request.host,
      ip: request.ip,
      socket: request.socket,
    };
    request.log.info({ req }, "incoming request");
  }
}
