import type { FastifyPluginAsync } from "fastify";
import {
  ApiErrorSchema,
  CredentialsAcceptedSchema,
  CredentialsBodySchema,
  InstanceParamsSchema,
  type CredentialsBody,
  type InstanceParams,
} from "../contract/hub-api.js";
import type { Credentials, InstanceRegistry } from "../discovery/types.js";

/** Status codes per CredentialsResult reason (documented in dev-docs/hub.md). */
const STATUS = { "not-found": 404, rejected: 422, unreachable: 502 } as const;

/** Username OpenCode uses when OPENCODE_SERVER_USERNAME is not set. */
const DEFAULT_USERNAME = "opencode";

/**
 * POST /api/instances/:id/credentials → 200 `{ ok: true, instance }`; 404 unknown instance;
 * 422 the instance refused the credentials (not 401: the hub itself asks for no login);
 * 502 the instance could not be reached. The body is never logged.
 */
export const credentialsRoutes: FastifyPluginAsync<{ registry: InstanceRegistry }> = async (app, opts) => {
  app.post<{ Params: InstanceParams; Body: CredentialsBody }>(
    "/api/instances/:id/credentials",
    {
      schema: {
        params: InstanceParamsSchema,
        body: CredentialsBodySchema,
        response: { 200: CredentialsAcceptedSchema, 404: ApiErrorSchema, 422: ApiErrorSchema, 502: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const credentials: Credentials = {
        username: request.body.username ?? DEFAULT_USERNAME,
        password: request.body.password,
      };
      const result = await opts.registry.setCredentials(request.params.id, credentials);
      if (result.ok) {
        request.log.info({ instanceId: request.params.id }, "credentials accepted");
        return result;
      }
      request.log.info({ instanceId: request.params.id, reason: result.reason }, "credentials not stored");
      return reply.code(STATUS[result.reason]).send(result);
    },
  );
};
