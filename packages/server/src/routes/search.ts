import type { FastifyPluginAsync } from "fastify";
import {
  ApiErrorSchema,
  IndexedSessionSchema,
  SearchQuerySchema,
  SearchResponseSchema,
  SearchSessionParamsSchema,
  type ApiError,
  type SearchQuery,
  type SearchSessionParams,
} from "../contract/hub-api.js";
import type { SearchService } from "../search/search-service.js";
import type { SearchRequest } from "../search/types.js";

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/**
 * GET /api/search → ranked hits over every indexed session (dev-docs/search.md); 400 for a bad
 * limit, since or cursor. GET /api/search/session/:sessionId → the session as indexed; 404 when
 * the index does not hold it. Query words are not logged.
 */
export const searchRoutes: FastifyPluginAsync<{ search: SearchService }> = async (app, opts) => {
  app.get<{ Querystring: SearchQuery }>(
    "/api/search",
    { schema: { querystring: SearchQuerySchema, response: { 200: SearchResponseSchema, 400: ApiErrorSchema } } },
    async (request, reply) => {
      const parsed = parseSearchQuery(request.query);
      if ("ok" in parsed) return reply.code(400).send(parsed);
      const page = opts.search.search(parsed);
      const end = parsed.offset + parsed.limit;
      return { results: page.results, next: end < page.total ? encodeCursor(end) : null };
    },
  );

  app.get<{ Params: SearchSessionParams }>(
    "/api/search/session/:sessionId",
    { schema: { params: SearchSessionParamsSchema, response: { 200: IndexedSessionSchema, 404: ApiErrorSchema } } },
    async (request, reply) => {
      const session = opts.search.session(request.params.sessionId);
      if (session) return session;
      return reply.code(404).send({ ok: false, reason: "not-found", message: "The search index holds no session with this id." } satisfies ApiError);
    },
  );
};

/** The query as the index takes it, or the 400 answer. */
export function parseSearchQuery(q: SearchQuery): SearchRequest | ApiError {
  const bad = (message: string): ApiError => ({ ok: false, reason: "bad-query", message });
  const limit = q.limit === undefined ? DEFAULT_LIMIT : Number(q.limit);
  if (!(limit >= 1 && limit <= MAX_LIMIT)) return bad(`limit must be from 1 to ${MAX_LIMIT}.`);
  const offset = q.cursor === undefined ? 0 : decodeCursor(q.cursor);
  if (offset === null) return bad("cursor is not one this hub gave out; start again without it.");
  let since: number | undefined;
  if (q.since !== undefined) {
    since = /^\d+$/.test(q.since) ? Number(q.since) : Date.parse(q.since);
    if (!Number.isFinite(since)) return bad("since must be epoch milliseconds or an ISO date.");
  }
  return {
    q: q.q,
    limit,
    offset,
    ...(q.instance !== undefined ? { instance: q.instance } : {}),
    ...(q.directory !== undefined ? { directory: q.directory } : {}),
    ...(q.role !== undefined ? { role: q.role } : {}),
    ...(since !== undefined ? { since } : {}),
  };
}

/** Cursors are opaque to clients: the next offset, wrapped. */
function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString("base64url");
}

function decodeCursor(cursor: string): number | null {
  try {
    const o: unknown = (JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { o?: unknown }).o;
    return typeof o === "number" && Number.isInteger(o) && o >= 0 ? o : null;
  } catch {
    return null;
  }
}
