import type { FastifyPluginAsync } from "fastify";

/** GET /api/health → `{ ok: true, version }`. */
export const healthRoutes: FastifyPluginAsync<{ version: string }> = async (app, opts) => {
  app.get(
    "/api/health",
    {
      schema: {
        response: {
          200: {
            type: "object",
            required: ["ok", "version"],
            properties: { ok: { type: "boolean", enum: [true] }, version: { type: "string" } },
          },
        },
      },
    },
    async () => ({ ok: true as const, version: opts.version }),
  );
};
