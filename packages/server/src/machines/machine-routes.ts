/**
 * The machines API: POST /api/url-servers (an OpenCode server by URL and password),
 * DELETE /api/url-servers/:id, and, when peers are on, POST /api/machines (another Switchboard's
 * one-time sign-in link) and DELETE /api/machines/:id (which asks that machine to revoke our
 * credential, and says whether it did). Bodies are never logged.
 */
import type { FastifyPluginAsync } from "fastify";
import {
  ApiErrorSchema,
  CredentialsAcceptedSchema,
  InstanceParamsSchema,
  MachineBodySchema,
  MachineSchema,
  UrlServerBodySchema,
  type InstanceParams,
  type MachineBody,
  type UrlServerBody,
} from "../contract/hub-api.js";
import { Type } from "@sinclair/typebox";
import type { Peers } from "./peers.js";
import type { UrlServers } from "./url-servers.js";

const URL_STATUS = { "bad-url": 400, rejected: 422, "not-opencode": 422, unreachable: 502 } as const;
const PEER_STATUS = { "bad-link": 400, refused: 422, unreachable: 502, duplicate: 409 } as const;

/** Registers the routes. */
export const machineRoutes: FastifyPluginAsync<{ urlServers: UrlServers; peers: Peers | null }> = async (app, opts) => {
  const errors = { 400: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema, 422: ApiErrorSchema, 502: ApiErrorSchema };
  app.post<{ Body: UrlServerBody }>(
    "/api/url-servers",
    { schema: { body: UrlServerBodySchema, response: { 200: CredentialsAcceptedSchema, ...errors } } },
    async (request, reply) => {
      const result = await opts.urlServers.add(request.body.url, { username: request.body.username ?? "opencode", password: request.body.password });
      if (result.ok) return result;
      request.log.info({ reason: result.reason }, "server by URL not added");
      return reply.code(URL_STATUS[result.reason]).send(result);
    },
  );

  app.delete<{ Params: InstanceParams }>("/api/url-servers/:id", { schema: { params: InstanceParamsSchema } }, async (request, reply) => {
    if (await opts.urlServers.remove(request.params.id)) return { ok: true };
    return reply.code(404).send({ ok: false, reason: "not-found", message: "No server added by URL has this id." });
  });

  const peers = opts.peers;
  if (!peers) return;
  app.post<{ Body: MachineBody }>(
    "/api/machines",
    { schema: { body: MachineBodySchema, response: { 200: Type.Object({ ok: Type.Literal(true), machine: MachineSchema }), ...errors } } },
    async (request, reply) => {
      const result = await peers.add(request.body.link);
      if (result.ok) return result;
      request.log.info({ reason: result.reason }, "machine not added");
      return reply.code(PEER_STATUS[result.reason]).send(result);
    },
  );

  const removedSchema = Type.Object({ ok: Type.Literal(true), revoked: Type.Boolean(), message: Type.String() });
  app.delete<{ Params: InstanceParams }>(
    "/api/machines/:id",
    { schema: { params: InstanceParamsSchema, response: { 200: removedSchema, 404: ApiErrorSchema } } },
    async (request, reply) => {
      const removed = await peers.remove(request.params.id);
      if (removed.found) return { ok: true, revoked: removed.revoked, message: removed.message };
      return reply.code(404).send({ ok: false, reason: "not-found", message: "No machine has this id." });
    },
  );
};
