import type { AddressInfo } from "node:net";
import closeWithGrace from "close-with-grace";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { buildApp, type BuildAppOptions } from "./app.js";
import type { HubConfig } from "./config.js";
import type { InstanceRegistry } from "./discovery/types.js";
import type { SearchService } from "./search/search-service.js";
import { ManagedServers } from "./servers/managed-servers.js";

/** What startServer needs: the parsed config plus the parts the CLI composes. */
export interface StartServerOptions {
  config: Pick<HubConfig, "host" | "port">;
  registry: InstanceRegistry;
  uiDir: string;
  logger: FastifyBaseLogger;
  /** Fastify's per-request log lines (default true); see BuildAppOptions.requestLogging. */
  requestLogging?: boolean;
  /** Remote mode's gate and relay (see BuildAppOptions.remote). */
  remote?: BuildAppOptions["remote"];
  /** Servers by URL and peers (see BuildAppOptions.machines). */
  machines?: BuildAppOptions["machines"];
  /** HTTPS PEMs (see BuildAppOptions.https). */
  https?: BuildAppOptions["https"];
  /** The search index: started after listen (it fills in the background), stopped on close. */
  search?: SearchService;
  /** Stop the servers the hub started when it closes (--stop-managed-on-exit); default false. */
  stopManagedOnExit?: boolean;
  /** Install SIGINT/SIGTERM handlers (default true; tests that start in-process turn it off). */
  handleSignals?: boolean;
}

/** In remote mode this signal prints a new sign-in link (cli.ts) instead of shutting down. */
export const ROTATE_SIGNAL = "SIGUSR2";

/** A listening hub. */
export interface RunningHub {
  app: FastifyInstance;
  /** The URL to print and open, with the real port. */
  url: string;
  port: number;
  /** Ends SSE clients, stops the registry, closes the server. */
  close(): Promise<void>;
}

/** Builds the app, listens, starts scanning, and shuts everything down gracefully on signals. */
export async function startServer(opts: StartServerOptions): Promise<RunningHub> {
  const managed = new ManagedServers();
  const app = await buildApp({
    managed,
    registry: opts.registry,
    uiDir: opts.uiDir,
    host: opts.config.host,
    logger: opts.logger,
    requestLogging: opts.requestLogging ?? true,
    ...(opts.remote ? { remote: opts.remote } : {}),
    ...(opts.machines ? { machines: opts.machines } : {}),
    ...(opts.https ? { https: opts.https } : {}),
    ...(opts.search ? { search: opts.search } : {}),
  });
  app.addHook("onClose", async () => {
    await opts.search?.stop();
    await opts.registry.stop();
    // Started servers are the user's agents: they outlive the hub unless the user asked otherwise.
    if (opts.stopManagedOnExit) {
      const stopped = managed.stopAll();
      if (stopped > 0) opts.logger.info({ stopped }, "stopped the OpenCode servers the hub started");
    }
  });
  try {
    await app.listen({ port: opts.config.port, host: opts.config.host });
  } catch (err) {
    await app.close();
    throw err;
  }
  opts.registry.start();
  opts.search?.start().catch((err: unknown) => opts.logger.error({ err }, "the search index could not start; search answers from what it holds"));

  let uninstall = (): void => {};
  if (opts.handleSignals !== false) {
    const grace = closeWithGrace({ delay: 5000, logger: opts.logger, skip: opts.remote ? [ROTATE_SIGNAL] : [] }, async ({ signal, err }) => {
      if (err) opts.logger.error({ err }, "shutting down after an error");
      else opts.logger.info({ signal }, "shutting down");
      await app.close();
    });
    uninstall = grace.uninstall;
  }

  const port = (app.server.address() as AddressInfo).port;
  return {
    app,
    port,
    url: `${opts.https ? "https" : "http"}://${urlHost(opts.config.host)}:${port}`,
    async close() {
      uninstall();
      await app.close();
    },
  };
}

/** Host part of the printed URL: wildcard binds are opened via loopback, IPv6 gets brackets. */
export function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}
