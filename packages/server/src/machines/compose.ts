/**
 * Wires the machines feature for the CLI: the state folder, servers by URL, peers, the federation
 * over the local registry, and (in remote mode) this machine's identity and peer credentials.
 */
import { readFile } from "node:fs/promises";
import { hostname } from "node:os";
import type { HubConfig } from "../config.js";
import { createProber } from "../discovery/probe.js";
import type { DiscoveryLogger } from "../discovery/registry.js";
import type { InstanceRegistry } from "../discovery/types.js";
import { loadMachineIdentity, loadPeerCredentials, type PeerCredentials } from "../remote/peer-credentials.js";
import { createFederation, type Federation, type InstanceSource } from "./federation.js";
import { createBonjourBrowser } from "./mdns-browser.js";
import { createMdnsSource } from "./mdns-source.js";
import { createPeers, type Peers } from "./peers.js";
import { stateDir } from "./state-file.js";
import { createUrlServers, type UrlServers } from "./url-servers.js";

/** Everything the app needs for other machines. */
export interface Machines {
  federation: Federation;
  urlServers: UrlServers;
  peers: Peers;
  /** Remote mode: what peers of this hub need (its identity, the credentials it handed out). */
  asPeer: { credentials: PeerCredentials; machine: { id: string; name: string } } | null;
  /** Loads the remembered servers and peers, then adds --server and --peer; returns problems in words. */
  start(): Promise<string[]>;
  /** Starts LAN discovery (--mdns) once the hub listens on `port` (announced in remote mode). */
  startMdns(port: number): void;
}

/** Builds the machines feature over the local registry. */
export async function composeMachines(
  config: HubConfig,
  local: InstanceRegistry,
  logger: DiscoveryLogger,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Machines> {
  const dir = stateDir(env);
  // Only a hub others can reach has an identity to hand out (no state written on plain loopback runs).
  const identity = config.remote ? await loadMachineIdentity(dir, config.machineName ?? hostname()) : null;
  const ca = config.peerCaPath ? await readFile(config.peerCaPath) : undefined;
  // Other hosts are further away than loopback, and a fresh OpenCode boots its project state on the
  // first /project (seconds under load): a longer budget than the scan's 500 ms (4 attempts when adding).
  const urlServers = createUrlServers({ dir, prober: createProber({ timeoutMs: 5_000 }), logger });
  const peers = createPeers({ dir, logger, ...(identity ? { selfId: identity.id } : {}), ...(ca ? { ca } : {}) });
  // LAN discovery joins the federation now and starts browsing when the port is known (startMdns).
  let startMdns: (port: number) => void = () => undefined;
  const sources: InstanceSource[] = [urlServers, peers];
  if (config.mdns) {
    const listeners = new Set<() => void>();
    let mdns: InstanceSource | null = null;
    sources.push({
      instances: () => mdns?.instances() ?? [],
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      owns: (id) => mdns?.owns(id) ?? false,
      setCredentials: (id, credentials) =>
        mdns?.setCredentials
          ? mdns.setCredentials(id, credentials)
          : Promise.resolve({ ok: false, reason: "not-found", message: "LAN discovery has not started." }),
      nearby: () => mdns?.nearby?.() ?? [],
      stop: () => mdns?.stop(),
    });
    startMdns = (port) => {
      const browser = createBonjourBrowser({
        ...(config.mdnsInterface ? { iface: config.mdnsInterface } : {}),
        ...(identity
          ? { announce: { name: identity.name, port, machineId: identity.id, scheme: config.tls ? ("https" as const) : ("http" as const) } }
          : {}),
      });
      const source = createMdnsSource({ browser, prober: createProber({ timeoutMs: 3_000 }), logger });
      mdns = source;
      // A machine added already that went offline and is announced at another address is followed
      // there (once it proves it holds our credential): checked when either side changes.
      const relocate = (): void => peers.relocate(source.nearby?.() ?? []);
      source.subscribe(() => {
        relocate();
        listeners.forEach((l) => l());
      });
      peers.subscribe(relocate);
    };
  }
  const federation = createFederation(local, sources);
  const asPeer = identity
    ? {
        credentials: await loadPeerCredentials(dir, {
          ...(config.sessionTtlMs !== undefined ? { ttlMs: config.sessionTtlMs } : {}),
          onSaveError: (err) =>
            logger.warn(
              { err: err instanceof Error ? err.message : String(err) },
              "could not write peer-credentials.json (a renewal is kept in memory)",
            ),
        }),
        machine: identity,
      }
    : null;
  return {
    federation,
    urlServers,
    peers,
    asPeer,
    startMdns: (port) => startMdns(port),
    async start() {
      const problems: string[] = [];
      await urlServers.start();
      await peers.start();
      if (config.servers.length > 0) {
        const password = config.serverPasswordFile
          ? ((await readFile(config.serverPasswordFile, "utf8")).split(/\r?\n/)[0] ?? "")
          : (env.SWITCHBOARD_SERVER_PASSWORD ?? "");
        for (const url of config.servers) {
          const result = await urlServers.add(url, { username: env.SWITCHBOARD_SERVER_USERNAME ?? "opencode", password });
          if (!result.ok) problems.push(`--server ${url}: ${result.message}`);
        }
      }
      for (const link of config.peers) {
        const result = await peers.add(link);
        if (!result.ok) problems.push(`--peer: ${result.message}`);
      }
      return problems;
    },
  };
}
