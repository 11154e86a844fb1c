#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { fileURLToPath } from "node:url";
import { HELP_TEXT, isLoopbackHost, parseArgs, readVersion, type HubConfig } from "./config.js";
import { createRegistry } from "./discovery/registry.js";
import { composeMachines, type Machines } from "./machines/compose.js";
import { parseLogMode, prettyDestination } from "./log-format.js";
import { createLogger } from "./logger.js";
import { openBrowser } from "./open-browser.js";
import { createRemoteAuth } from "./remote/auth-state.js";
import { createFailureLimiter } from "./remote/failure-limiter.js";
import { signInLinks, signInMessage } from "./remote/sign-in-links.js";
import { createSearchService } from "./search/search-service.js";
import { searchDirOf } from "./search/state-dir.js";
import { ROTATE_SIGNAL, startServer } from "./server.js";

/** packages/ui/dist, seen from src/ or dist/ alike; SWITCHBOARD_UI_DIR overrides it. */
const DEFAULT_UI_DIR = fileURLToPath(new URL("../../ui/dist/", import.meta.url));

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  switch (parsed.kind) {
    case "help":
      process.stdout.write(HELP_TEXT);
      return 0;
    case "version":
      process.stdout.write(`${readVersion()}\n`);
      return 0;
    case "error":
      process.stderr.write(`switchboard: ${parsed.message}\n`);
      return 2;
    case "run":
      return run(parsed.config);
  }
}

async function run(config: HubConfig): Promise<number> {
  if (config.remote) {
    process.stderr.write(
      `Remote mode: ${config.host} is reachable from other devices. Only a device that opened the one-time link below can use the page; ` +
        `OpenCode is reached through the hub.${config.tls ? "" : " Without --tls-cert the traffic is not encrypted: use it on a private network or through an SSH tunnel (dev-docs/hub.md)."}\n`,
    );
  } else if (!isLoopbackHost(config.host)) {
    process.stderr.write(
      `Warning: binding ${config.host} lets other machines reach Switchboard, and through it the OpenCode agents here, which can run commands. Use only on a network you trust.\n`,
    );
  }
  // Readable lines by default; SWITCHBOARD_LOG=json for pino's JSON, =debug for debug level and
  // Fastify's per-request lines (dev-docs/hub.md).
  const logMode = parseLogMode(process.env.SWITCHBOARD_LOG);
  if (logMode.unknown.length > 0) {
    process.stderr.write(`Warning: SWITCHBOARD_LOG: ignoring ${logMode.unknown.join(", ")} (known: json, debug)\n`);
  }
  const logger =
    logMode.format === "json"
      ? createLogger({ level: logMode.level })
      : createLogger({ level: logMode.level, bare: true, stream: prettyDestination() });
  const registry = createRegistry({
    scanIntervalMs: config.scanIntervalMs,
    selfPid: process.pid,
    // Tests set SWITCHBOARD_READ_PROCESS_ENV=0 to see password servers the way a user without
    // access to their environment does (auth-required until unlocked); see dev-docs/hub.md.
    readEnvironment: process.env.SWITCHBOARD_READ_PROCESS_ENV !== "0",
    logger: logger.child({ component: "discovery" }),
  });
  let machines: Machines;
  try {
    machines = await composeMachines(config, registry, logger.child({ component: "machines" }));
  } catch (err) {
    await registry.stop();
    process.stderr.write(`switchboard: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  let https: { cert: Buffer; key: Buffer } | undefined;
  if (config.tls) {
    try {
      https = { cert: readFileSync(config.tls.certPath), key: readFileSync(config.tls.keyPath) };
    } catch (err) {
      await registry.stop();
      process.stderr.write(`switchboard: cannot read the TLS files: ${err instanceof Error ? err.message : String(err)}\n`);
      return 2;
    }
  }
  const auth = config.remote ? createRemoteAuth(config.sessionTtlMs !== undefined ? { ttlMs: config.sessionTtlMs } : {}) : null;
  let port = config.port;
  const printLinks = (token: string): void => {
    process.stdout.write(
      signInMessage(signInLinks({ scheme: https ? "https" : "http", host: config.host, port, token, interfaces: networkInterfaces() })),
    );
  };
  try {
    const hub = await startServer({
      config,
      registry: machines.federation,
      machines: { urlServers: machines.urlServers, peers: machines.peers, upstreamOf: machines.federation.upstreamOf },
      // The hub's own full-text index of this machine's sessions ($XDG_STATE_HOME/switchboard/search; dev-docs/search.md).
      search: createSearchService({ registry, dir: searchDirOf(), logger: logger.child({ component: "search" }) }),
      uiDir: process.env.SWITCHBOARD_UI_DIR ?? DEFAULT_UI_DIR,
      logger,
      requestLogging: logMode.requestLogs,
      ...(config.stopManagedOnExit ? { stopManagedOnExit: true } : {}),
      ...(https ? { https } : {}),
      ...(auth
        ? {
            remote: {
              auth,
              limiter: createFailureLimiter(),
              secure: https !== undefined,
              onRotate: printLinks,
              ...(machines.asPeer ? { peers: machines.asPeer } : {}),
            },
          }
        : {}),
    });
    port = hub.port;
    process.stdout.write(`Switchboard is running at ${hub.url}\n`);
    for (const problem of await machines.start()) process.stderr.write(`switchboard: ${problem}\n`);
    machines.startMdns(hub.port);
    if (auth) {
      printLinks(auth.mintToken());
      // SIGUSR2: sign every device out (their open streams close at once) and print a new link
      // (a second device, or a leaked link).
      // Peers are signed out too (their credentials outlive restarts, so they are revoked on disk).
      process.on(ROTATE_SIGNAL, () => {
        void (machines.asPeer?.credentials.revokeAll() ?? Promise.resolve()).finally(() => printLinks(auth.rotate()));
      });
      return -1; // no browser: the link is for another device, and opening it here would spend it
    }
    if (config.open) openBrowser(hub.url, logger);
    return -1; // keep running; close-with-grace exits on signals
  } catch (err) {
    await registry.stop();
    process.stderr.write(`${listenErrorMessage(err, config)}\n`);
    return 1;
  }
}

/** Turns a listen failure into words the user can act on. */
function listenErrorMessage(err: unknown, config: HubConfig): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "EADDRINUSE":
      return `Port ${config.port} is busy: another Switchboard? Use --port 0 for any free port.`;
    case "EACCES":
      return `Port ${config.port} needs privileges on this system. Use a port above 1023, or --port 0 for any free port.`;
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
      return `Cannot listen on ${config.host}: it is not an address of this machine. Try --host 127.0.0.1.`;
    default:
      return `Switchboard could not start: ${err instanceof Error ? err.message : String(err)}`;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`Switchboard crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
