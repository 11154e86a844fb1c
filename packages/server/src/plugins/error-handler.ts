/** One error answer for the whole hub: `{ ok: false, reason, message }` (contract/hub-api.ts ApiError). */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { ApiError } from "../contract/hub-api.js";

/** Machine-readable reasons for the HTTP statuses Fastify itself raises. */
const REASONS: Record<number, string> = {
  400: "bad-request",
  404: "not-found",
  405: "method-not-allowed",
  413: "too-large",
  415: "unsupported-media-type",
};

/**
 * The answer for an error thrown by a route, a hook or Fastify's own validation/parsing. Client
 * errors keep their words (they describe the request, e.g. "body must have required property
 * 'password'"); server errors say only where to look, the detail goes to the log.
 */
export function errorAnswer(err: Pick<FastifyError, "statusCode" | "validation" | "validationContext" | "message">): {
  status: number;
  body: ApiError;
} {
  const status = err.validation ? 400 : err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
  if (status >= 500) {
    return { status, body: { ok: false, reason: "internal", message: "The hub failed to answer this request; its log has the details." } };
  }
  const message = err.validation ? `Invalid request: ${err.message}.` : err.message;
  return { status, body: { ok: false, reason: REASONS[status] ?? "bad-request", message } };
}

/** Registers the error handler on the root instance, so every route and plugin answers the same shape. */
export const errorHandler = fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const { status, body } = errorAnswer(err);
      if (status >= 500) request.log.error({ err }, "request failed");
      else request.log.info({ status, reason: body.reason }, body.message);
      return reply.code(status).send(body);
    });
  },
  { name: "error-handler" },
);
