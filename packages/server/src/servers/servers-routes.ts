/**
 * Hub-started servers and the folder browser of "New session in…" (local mode only; 403 in
 * remote mode, where the hub must never start processes or show folders to a phone):
 * - GET /api/folders?path= → the visible folders under home (home-relative path).
 * - POST /api/servers {directory} → starts the newest `opencode` on PATH there (`serve --port 0`),
 *   waits until discovery verifies it, 201 `{ok, instance}` (marked `managed: true`).
 * - DELETE /api/servers/:id → stops a server the hub started (404 for any other).
 */
import { stat } from "node:fs/promises";
import { homedir } from "node:os";
import { isAbsolute } from "node:path";
import type { FastifyPluginAsync, FastifyReply } from "fastify";
import {
  ApiErrorSchema,
  FolderListingSchema,
  FoldersQuerySchema,
  InstanceParamsSchema,
  ServerStartedSchema,
  StartServerBodySchema,
  type FoldersQuery,
  type Instance,
  type InstanceParams,
  type StartServerBody,
} from "../contract/hub-api.js";
import type { InstanceRegistry } from "../discovery/types.js";
import { FolderRefused, listFolders } from "./folder-browser.js";
import { launchServe, type LaunchedServe } from "./launch-serve.js";
import type { ManagedServers } from "./managed-servers.js";
import { newestOpenCode } from "./opencode-on-path.js";

/** Options of {@link serversRoutes}. */
export interface ServersRoutesOptions {
  /** The registry with managed marks (markedRegistry). */
  registry: InstanceRegistry;
  managed: ManagedServers;
  /** Remote mode: every route answers 403. */
  remote: boolean;
  /** Default: the user's home. */
  home?: string;
  /** How long discovery may take to verify a started server (default 20 s). */
  verifyTimeoutMs?: number;
  /** Starts a server (tests); default: the newest `opencode` on PATH. */
  launch?: (directory: string) => Promise<LaunchedServe>;
}

const refuse = (reply: FastifyReply, status: number, reason: string, message: string) => reply.code(status).send({ ok: false, reason, message });

const REMOTE_WORDS = "Starting servers and browsing folders is only offered on the machine itself, not in remote mode.";

/** Registers the routes. */
export const serversRoutes: FastifyPluginAsync<ServersRoutesOptions> = async (app, opts) => {
  const home = opts.home ?? homedir();
  const launch =
    opts.launch ??
    (async (directory: string) => {
      const found = await newestOpenCode();
      if (!found) throw new NoOpenCode();
      return launchServe(found.path, directory);
    });

  app.get<{ Querystring: FoldersQuery }>(
    "/api/folders",
    {
      schema: {
        querystring: FoldersQuerySchema,
        response: { 200: FolderListingSchema, 400: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      if (opts.remote) return refuse(reply, 403, "remote", REMOTE_WORDS);
      try {
        return await listFolders(home, request.query.path ?? "");
      } catch (err) {
        if (err instanceof FolderRefused) return refuse(reply, err.status, "refused", err.message);
        throw err;
      }
    },
  );

  app.post<{ Body: StartServerBody }>(
    "/api/servers",
    {
      schema: {
        body: StartServerBodySchema,
        response: {
          201: ServerStartedSchema,
          400: ApiErrorSchema,
          403: ApiErrorSchema,
          502: ApiErrorSchema,
          503: ApiErrorSchema,
          504: ApiErrorSchema,
        },
      },
    },
    async (request, reply) => {
      if (opts.remote) return refuse(reply, 403, "remote", REMOTE_WORDS);
      const directory = request.body.directory;
      if (!isAbsolute(directory)) return refuse(reply, 400, "not-absolute", "Give the folder as a full path (starting with /).");
      const info = await stat(directory).catch(() => null);
      if (!info?.isDirectory()) return refuse(reply, 400, "no-folder", `There is no folder ${directory}.`);
      let serve: LaunchedServe;
      try {
        serve = await launch(directory);
      } catch (err) {
        if (err instanceof NoOpenCode) return refuse(reply, 503, "no-opencode", err.message);
        request.log.warn({ err, directory }, "could not start opencode serve");
        return refuse(reply, 502, "start-failed", `Could not start OpenCode in ${directory}: ${err instanceof Error ? err.message : String(err)}`);
      }
      opts.managed.add(serve);
      request.log.info({ pid: serve.pid, port: serve.port, directory, bin: serve.bin }, "started opencode serve");
      const instance = await verified(opts.registry, serve.port, opts.verifyTimeoutMs ?? 20_000);
      if (!instance)
        return refuse(
          reply,
          504,
          "not-verified",
          `OpenCode started on port ${serve.port} (pid ${serve.pid}) but the hub could not verify it in time; its output is in ${serve.log}.`,
        );
      return reply.code(201).send({ ok: true, instance });
    },
  );

  app.delete<{ Params: InstanceParams }>(
    "/api/servers/:id",
    { schema: { params: InstanceParamsSchema, response: { 200: ServerStartedSchema, 403: ApiErrorSchema, 404: ApiErrorSchema } } },
    async (request, reply) => {
      if (opts.remote) return refuse(reply, 403, "remote", REMOTE_WORDS);
      const instance = opts.registry.snapshot().instances.find((i) => i.id === request.params.id);
      if (!instance || !opts.managed.stop(instance))
        return refuse(reply, 404, "not-managed", "The hub did not start that server, so it does not stop it.");
      request.log.info({ pid: instance.pid, port: instance.port }, "stopped a managed opencode serve");
      return { ok: true, instance };
    },
  );
};

/** No `opencode` on the hub's PATH. */
class NoOpenCode extends Error {
  constructor() {
    super("No `opencode` was found on the hub's PATH — install OpenCode or start the hub with it on PATH.");
  }
}

/** Resolves the instance once the registry lists `port` as ready, or null after `timeoutMs`. */
function verified(registry: InstanceRegistry, port: number, timeoutMs: number): Promise<Instance | null> {
  const ready = () => registry.snapshot().instances.find((i) => i.port === port && i.status === "ready") ?? null;
  const now = ready();
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      unsubscribe();
      resolve(null);
    }, timeoutMs);
    const unsubscribe = registry.subscribe(() => {
      const found = ready();
      if (!found) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(found);
    });
  });
}
