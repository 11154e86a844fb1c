import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
  type FastifyHttpsOptions,
  type FastifyServerOptions,
} from "fastify";
import type { Server as HttpsServer } from "node:https";
import { readVersion } from "./config.js";
import type { InstanceRegistry, InstancesDocument } from "./discovery/types.js";
import { errorHandler } from "./plugins/error-handler.js";
import { hostGuard } from "./plugins/host-guard.js";
import { canonicalUrl, pathGuard, RequestLog } from "./plugins/path-guard.js";
import { securityHeaders } from "./plugins/security-headers.js";
import { staticUi } from "./plugins/static-ui.js";
import { credentialsRoutes } from "./routes/credentials.js";
import { healthRoutes } from "./routes/health.js";
import { instancesStreamRoutes } from "./routes/instances-stream.js";
import { instancesRoutes } from "./routes/instances.js";
import { searchRoutes } from "./routes/search.js";
import type { SearchService } from "./search/search-service.js";
import { relayMuxRoutes } from "./relay/relay-mux.js";
import { relayRoutes } from "./relay/relay-route.js";
import { relayDocument, requestOrigin } from "./remote/relay-document.js";
import { remoteGate, type RemoteGateOptions } from "./remote/remote-gate.js";
import { ManagedServers, markedRegistry } from "./servers/managed-servers.js";
import { serversRoutes } from "./servers/servers-routes.js";
import type { Upstream } from "./machines/federation.js";
import { foreignDocument, foreignViewPlugin } from "./machines/foreign-view.js";
import { machineRoutes } from "./machines/machine-routes.js";
import type { Peers } from "./machines/peers.js";
import type { UrlServers } from "./machines/url-servers.js";
import type { Instance } from "./discovery/types.js";

/** Everything the hub app needs; the registry is injected so tests can use a fake. */
export interface BuildAppOptions {
  registry: InstanceRegistry;
  /** Folder of the built UI (packages/ui/dist). */
  uiDir: string;
  /** The configured bind address; the Host check accepts it besides loopback names. */
  host: string;
  /** Logger (see createLogger); silent when absent. */
  logger?: FastifyBaseLogger;
  /** Interval of SSE heartbeats (default 15 000 ms). */
  sseHeartbeatMs?: number;
  /** Reported by /api/health (default: packages/server/package.json). */
  version?: string;
  /** Fastify's "incoming request"/"request completed" lines (default true; the CLI enables them only with SWITCHBOARD_LOG=debug). */
  requestLogging?: boolean;
  /** Remote mode (--remote): the sign-in gate and the relay; absent on loopback, where nothing changes. */
  remote?: RemoteGateOptions;
  /** HTTPS (--tls-cert/--tls-key): PEM contents. */
  https?: { cert: Buffer; key: Buffer };
  /** The servers the hub starts (POST /api/servers); a fresh set when absent. */
  managed?: ManagedServers;
  /** Other machines (servers by URL, peers): their API, and the relay to them even on loopback. `registry` is then the federation. */
  machines?: { urlServers: UrlServers; peers: Peers | null; upstreamOf: (instance: Instance) => Upstream };
  /** The search index (search/search-service.ts); without it /api/search is not served. With `machines.peers`, searches ask the peers too. */
  search?: SearchService;
  /** How long a peer hub gets to answer a search (default 1.5 s). */
  peerSearchTimeoutMs?: number;
}

/**
 * Builds the hub: plugins first (one error handler, path guard, Host guard, remote gate, security
 * headers, static UI), then
 * the API routes.
 * Does not listen. Scan errors and found/gone servers are logged by the registry itself, once per change.
 */
export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const app = fastifyFor(opts.https, {
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    // Off in the CLI unless SWITCHBOARD_LOG=debug: static and SSE requests would flood the terminal.
    // (This also drops fastify's own per-request error lines; our routes log what matters.)
    // Its lines show the canonical path, with a sign-in token cut to "/auth/…".
    logController: new RequestLog({ disableRequestLogging: opts.requestLogging === false }),
    // One decoded, checked path for the router and every hook (plugins/request-path.ts).
    rewriteUrl: canonicalUrl,
    // Only credentials come in; nothing legitimate is bigger.
    bodyLimit: 16 * 1024,
    // Shutdown must not wait for keep-alive or speculative browser sockets (keepAliveTimeout is
    // 72 s); SSE streams are also ended by their route's preClose hook.
    forceCloseConnections: true,
    // Bodies are checked as sent: no "5" for 5, no silently dropped unknown fields.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
  });

  // Servers the hub started are marked `managed: true` in every document the routes hand out.
  const managed = opts.managed ?? new ManagedServers();
  opts = { ...opts, registry: markedRegistry(opts.registry, managed) };
  await app.register(errorHandler);
  await app.register(pathGuard);
  await app.register(hostGuard, { host: opts.host });
  if (opts.remote) await app.register(remoteGate, opts.remote);
  // On loopback, instances of other hosts reach the page as relay URLs (remote mode rewrites every one).
  else if (opts.machines) await app.register(foreignViewPlugin);
  await app.register(securityHeaders);
  await app.register(staticUi, { uiDir: opts.uiDir });

  await app.register(healthRoutes, { version: opts.version ?? readVersion() });
  await app.register(instancesRoutes, { registry: opts.registry });
  await app.register(instancesStreamRoutes, {
    registry: opts.registry,
    ...(opts.sseHeartbeatMs !== undefined ? { heartbeatMs: opts.sseHeartbeatMs } : {}),
    ...(opts.remote
      ? { view: (doc: InstancesDocument, request: FastifyRequest) => relayDocument(doc, requestOrigin(request)) }
      : opts.machines
        ? { view: (doc: InstancesDocument, request: FastifyRequest) => foreignDocument(doc, requestOrigin(request)) }
        : {}),
  });
  await app.register(credentialsRoutes, { registry: opts.registry });
  await app.register(serversRoutes, { registry: opts.registry, managed, remote: Boolean(opts.remote) });
  const upstream = opts.machines ? { upstreamOf: opts.machines.upstreamOf } : {};
  if (opts.search) {
    const peers = opts.machines?.peers;
    await app.register(searchRoutes, {
      search: opts.search,
      ...(peers?.searchTargets ? { peers: () => peers.searchTargets?.() ?? [] } : {}),
      ...(opts.peerSearchTimeoutMs !== undefined ? { peerTimeoutMs: opts.peerSearchTimeoutMs } : {}),
      ...(opts.logger ? { logger: opts.logger.child({ component: "search" }) } : {}),
    });
  }
  if (opts.remote) {
    await app.register(relayMuxRoutes, { registry: opts.registry, ...upstream });
    await app.register(relayRoutes, { registry: opts.registry, ...upstream });
  } else if (opts.machines) {
    // Loopback keeps its rule (no proxy to this machine's own servers): the relay reaches other hosts only.
    const foreign = foreignOnly(opts.registry);
    await app.register(relayMuxRoutes, { registry: foreign, ...upstream });
    await app.register(relayRoutes, { registry: foreign, ...upstream });
  }
  if (opts.machines) await app.register(machineRoutes, { urlServers: opts.machines.urlServers, peers: opts.machines.peers });
  return app;
}

/** The registry as the loopback relay sees it: instances of other hosts only. */
function foreignOnly(registry: InstanceRegistry): Pick<InstanceRegistry, "snapshot" | "subscribe"> {
  const strip = (doc: InstancesDocument): InstancesDocument => ({
    ...doc,
    instances: doc.instances.filter((i) => i.origin !== undefined && i.origin !== "local"),
  });
  return {
    snapshot: () => strip(registry.snapshot()),
    subscribe: (listener) => registry.subscribe((doc) => listener(strip(doc))),
  };
}

/** Fastify over HTTP, or HTTPS with the given PEMs (the instance type is the same to every plugin here). */
function fastifyFor(https: BuildAppOptions["https"], options: FastifyServerOptions): FastifyInstance {
  if (!https) return Fastify(options);
  return Fastify({ ...(options as FastifyHttpsOptions<HttpsServer>), https }) as unknown as FastifyInstance;
}
