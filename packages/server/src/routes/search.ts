import type { FastifyPluginAsync } from "fastify";
import {
  ApiErrorSchema,
  IndexedSessionSchema,
  SearchQuerySchema,
  SearchResponseSchema,
  SearchSessionParamsSchema,
  SearchSessionQuerySchema,
  type ApiError,
  type SearchQuery,
  type SearchSessionParams,
  type SearchSessionQuery,
} from "../contract/hub-api.js";
import { decodeCursor, FIRST, type FederatedCursor } from "../search/federated-page.js";
import { createFederatedSearch, type PeerSearchTarget } from "../search/peer-search.js";
import type { SearchLogger, SearchService } from "../search/search-service.js";
import type { SearchRequest } from "../search/types.js";

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/**
 * GET /api/search → ranked hits over every indexed session (dev-docs/search.md); 400 for a bad
 * limit, since or cursor. GET /api/search/session/:sessionId → the session as indexed; 404 when
 * the index does not hold it. With peer machines (`peers`), both also ask every signed-in peer hub
 * (search/peer-search.ts). Query words are not logged.
 */
export const searchRoutes: FastifyPluginAsync<{
  search: SearchService;
  /** The peer hubs to search too (machines mode); none when absent. */
  peers?: () => PeerSearchTarget[];
  /** How long a peer gets (default PEER_SEARCH_TIMEOUT_MS). */
  peerTimeoutMs?: number;
  logger?: SearchLogger;
}> = async (app, opts) => {
  const everywhere = createFederatedSearch({
    local: opts.search,
    peers: opts.peers ?? (() => []),
    ...(opts.peerTimeoutMs !== undefined ? { timeoutMs: opts.peerTimeoutMs } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
  });

  app.get<{ Querystring: SearchQuery }>(
    "/api/search",
    { schema: { querystring: SearchQuerySchema, response: { 200: SearchResponseSchema, 400: ApiErrorSchema } } },
    async (request, reply) => {
      const parsed = parseSearchQuery(request.query);
      if ("ok" in parsed) return reply.code(400).send(parsed);
      return everywhere.search(parsed.req, parsed.cursor, request.query.local === "1");
    },
  );

  app.get<{ Params: SearchSessionParams; Querystring: SearchSessionQuery }>(
    "/api/search/session/:sessionId",
    {
      schema: {
        params: SearchSessionParamsSchema,
        querystring: SearchSessionQuerySchema,
        response: { 200: IndexedSessionSchema, 404: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const session = await everywhere.session(request.params.sessionId, request.query.local === "1");
      if (session) return session;
      return reply.code(404).send({ ok: false, reason: "not-found", message: "The search index holds no session with this id." } satisfies ApiError);
    },
  );
};

/** The query as the index takes it and where the pages stand, or the 400 answer. */
export function parseSearchQuery(q: SearchQuery): { req: Omit<SearchRequest, "offset">; cursor: FederatedCursor } | ApiError {
  const bad = (message: string): ApiError => ({ ok: false, reason: "bad-query", message });
  const limit = q.limit === undefined ? DEFAULT_LIMIT : Number(q.limit);
  if (!(limit >= 1 && limit <= MAX_LIMIT)) return bad(`limit must be from 1 to ${MAX_LIMIT}.`);
  const cursor = q.cursor === undefined ? FIRST : decodeCursor(q.cursor);
  if (cursor === null) return bad("cursor is not one this hub gave out; start again without it.");
  let since: number | undefined;
  if (q.since !== undefined) {
    since = /^\d+$/.test(q.since) ? Number(q.since) : Date.parse(q.since);
    if (!Number.isFinite(since)) return bad("since must be epoch milliseconds or an ISO date.");
  }
  const req = {
    q: q.q,
    limit,
    ...(q.instance !== undefined ? { instance: q.instance } : {}),
    ...(q.directory !== undefined ? { directory: q.directory } : {}),
    ...(q.role !== undefined ? { role: q.role } : {}),
    ...(since !== undefined ? { since } : {}),
  };
  return { req, cursor };
}
