import type { FastifyPluginAsync } from "fastify";
import { HealthSchema } from "../contract/hub-api.js";

/** GET /api/health → `{ ok: true, version }`. */
export const healthRoutes: FastifyPluginAsync<{ version: string }> = async (app, opts) => {
  app.get(
    "/api/health",
    {
      schema: { response: { 200: HealthSchema } },
    },
    async () => ({ ok: true as const, version: opts.version }),
  );
};
