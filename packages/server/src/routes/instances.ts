import type { FastifyPluginAsync } from "fastify";
import type { InstanceRegistry } from "../discovery/types.js";
import { InstancesDocumentSchema } from "../contract/hub-api.js";

/** GET /api/instances → the registry's current document. */
export const instancesRoutes: FastifyPluginAsync<{ registry: InstanceRegistry }> = async (app, opts) => {
  app.get("/api/instances", { schema: { response: { 200: InstancesDocumentSchema } } }, async (_request, reply) => {
    // The document changes every scan; a cached copy would show servers that are gone.
    void reply.header("cache-control", "no-store");
    return opts.registry.snapshot();
  });
};
