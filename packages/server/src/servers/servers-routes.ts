/**
 * Hub-started servers and the folder browser of "New session in…" (local mode only; 403 in
 * remote mode, where the hub must never start processes or show folders to a phone):
 * - GET /api/folders?path= → the visible folders under home (home-relative path).
 * - POST /api/servers {directory} → starts the newest `opencode` on PATH there (`serve --port 0`),
 *   waits until discovery verifies it, 201 `{ok, instance}` (marked `managed: true`).
 * - POST /api/servers/jobs {directory} → 202 `{ok, job}` at once; GET /api/servers/jobs/:jobId
 *   shows the start's progress (the page polls it), DELETE cancels it (start-jobs.ts).
 * - DELETE /api/servers/:id → stops a server the hub started (404 for any other).
 */
import { randomBytes } from "node:crypto";
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
  StartJobAnswerSchema,
  StartJobParamsSchema,
  StartServerBodySchema,
  type FoldersQuery,
  type InstanceParams,
  type StartJob,
  type StartJobParams,
  type StartServerBody,
} from "../contract/hub-api.js";
import type { InstanceRegistry } from "../discovery/types.js";
import { FolderRefused, listFolders } from "./folder-browser.js";
import { launchServe } from "./launch-serve.js";
import type { ManagedServers } from "./managed-servers.js";
import { compareVersions, newestOpenCode } from "./opencode-on-path.js";
import { StartJobs, StartRefused, type Launch } from "./start-jobs.js";

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
  launch?: Launch;
}

const refuse = (reply: FastifyReply, status: number, reason: string, message: string) => reply.code(status).send({ ok: false, reason, message });

const NO_OPENCODE = "No `opencode` was found on the hub's PATH — install OpenCode or start the hub with it on PATH.";
const REMOTE_WORDS = "Starting servers and browsing folders is only offered on the machine itself, not in remote mode.";

/** Registers the routes. */
export const serversRoutes: FastifyPluginAsync<ServersRoutesOptions> = async (app, opts) => {
  const home = opts.home ?? homedir();
  const launch: Launch =
    opts.launch ??
    (async (directory, hooks) => {
      const found = await newestOpenCode();
      if (!found) throw new StartRefused(NO_OPENCODE, "no-opencode");
      // OpenCode 2 always asks for a password: the hub picks it, so it can verify the server it started.
      const password = compareVersions(found.version, "2") >= 0 ? randomBytes(24).toString("base64url") : undefined;
      return launchServe(found.path, directory, { ...hooks, ...(password ? { password } : {}) });
    });
  /**
   * The page asks for folders when it loads (to know whether it may offer starts): that is the moment
   * to ask each `opencode` on PATH for its version, once, so a first start does not wait 1-9 s for it
   * (start-bench.ts: a hub's first start took 7.6 s against 3-3.8 s for the next ones).
   */
  let warmed = opts.launch !== undefined;
  const warmVersions = () => {
    if (warmed) return;
    warmed = true;
    newestOpenCode().catch((err: unknown) => app.log.debug({ err }, "opencode --version warm-up failed"));
  };
  const jobs = new StartJobs({
    registry: opts.registry,
    managed: opts.managed,
    launch,
    verifyTimeoutMs: opts.verifyTimeoutMs ?? 20_000,
    log: (level, detail, message) => app.log[level](detail, message),
  });
  /** Checks the folder; true when a refusal was sent (a boolean: a reply is thenable, so it cannot travel through a promise). */
  const refusedFolder = async (reply: FastifyReply, directory: string): Promise<boolean> => {
    if (opts.remote) refuse(reply, 403, "remote", REMOTE_WORDS);
    else if (!isAbsolute(directory)) refuse(reply, 400, "not-absolute", "Give the folder as a full path (starting with /).");
    else if (!(await stat(directory).catch(() => null))?.isDirectory()) refuse(reply, 400, "no-folder", `There is no folder ${directory}.`);
    else return false;
    return true;
  };

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
      warmVersions();
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
      if (await refusedFolder(reply, request.body.directory)) return reply;
      const job = await jobs.settled(jobs.create(request.body.directory).id);
      if (job?.state === "listed" && job.instance) return reply.code(201).send({ ok: true, instance: job.instance });
      const status = job?.reason === "no-opencode" ? 503 : job?.reason === "not-verified" ? 504 : 502;
      const words = job?.output ? `${job.message ?? ""}\n${job.output}` : (job?.message ?? "The start ended without an answer.");
      return refuse(reply, status, job?.reason ?? "start-failed", words);
    },
  );

  app.post<{ Body: StartServerBody }>(
    "/api/servers/jobs",
    { schema: { body: StartServerBodySchema, response: { 202: StartJobAnswerSchema, 400: ApiErrorSchema, 403: ApiErrorSchema } } },
    async (request, reply) => {
      if (await refusedFolder(reply, request.body.directory)) return reply;
      return reply.code(202).send({ ok: true, job: jobs.create(request.body.directory) });
    },
  );

  const jobRoute = { schema: { params: StartJobParamsSchema, response: { 200: StartJobAnswerSchema, 403: ApiErrorSchema, 404: ApiErrorSchema } } };
  const answerJob = (reply: FastifyReply, job: StartJob | null) =>
    job
      ? { ok: true as const, job }
      : refuse(reply, 404, "no-job", "The hub has no such start (it forgets finished ones after 10 minutes, and all on restart).");
  app.get<{ Params: StartJobParams }>("/api/servers/jobs/:jobId", jobRoute, async (request, reply) =>
    opts.remote ? refuse(reply, 403, "remote", REMOTE_WORDS) : answerJob(reply, jobs.get(request.params.jobId)),
  );
  app.delete<{ Params: StartJobParams }>("/api/servers/jobs/:jobId", jobRoute, async (request, reply) =>
    opts.remote ? refuse(reply, 403, "remote", REMOTE_WORDS) : answerJob(reply, jobs.cancel(request.params.jobId)),
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
