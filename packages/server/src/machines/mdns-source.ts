/**
 * LAN discovery (--mdns): OpenCode servers that announce themselves over DNS-SD (OpenCode 1.x
 * `--mdns` publishes `opencode-<port>` as `_http._tcp`) are verified with the same probe as a local
 * port before they are listed (origin "mdns"); anything else with such a name (a decoy) is not.
 * The browser is injected (mdns-browser.ts wraps bonjour-service), so this file is testable alone.
 */
import { createHash } from "node:crypto";
import type { Prober, ProbeResult } from "../discovery/probe.js";
import { eventsUrlOf } from "../discovery/registry-model.js";
import type { DiscoveryLogger } from "../discovery/registry.js";
import type { Credentials, CredentialsResult, Instance } from "../discovery/types.js";
import type { InstanceSource } from "./federation.js";

/** One announced service, as the DNS-SD browser reports it. */
export interface AnnouncedService {
  name: string;
  port: number;
  /** Addresses from the A/AAAA records (the announcer's interfaces). */
  addresses: string[];
}

/** The DNS-SD browser the source listens to. */
export interface ServiceBrowser {
  onUp(listener: (service: AnnouncedService) => void): void;
  onDown(listener: (service: AnnouncedService) => void): void;
  /** Switchboards announced as `_switchboard._tcp` (their URL, name and machine id), and a listener for changes. */
  nearby(): Array<{ name: string; url: string; id?: string }>;
  onNearby(listener: () => void): void;
  stop(): Promise<void> | void;
}

/** OpenCode's announcement name (`opencode-<port>`). */
export const OPENCODE_SERVICE = /^opencode-\d{1,5}$/;

interface Entry {
  key: string;
  host: string;
  port: number;
  instance: Instance;
  credentials: Credentials | null;
}

/** An mdns source over a browser and a prober. */
export function createMdnsSource(opts: {
  browser: ServiceBrowser;
  prober: Prober;
  logger: DiscoveryLogger;
  now?: () => number;
  recheckMs?: number;
}): InstanceSource {
  const entries = new Map<string, Entry>();
  const pending = new Set<string>();
  const listeners = new Set<() => void>();
  const now = opts.now ?? Date.now;
  let stopped = false;
  const changed = (): void => {
    for (const l of listeners) l();
  };

  function instanceOf(
    key: string,
    host: string,
    port: number,
    result: ProbeResult,
    credentials: Credentials | null,
    before?: Instance,
  ): Instance | null {
    const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
    const base = {
      id: `mdns-${createHash("sha256").update(key).digest("base64url").slice(0, 12)}`,
      url,
      port,
      pid: 0,
      kind: "serve" as const,
      error: null,
      firstSeenAt: before?.firstSeenAt ?? new Date(now()).toISOString(),
      attachedTuis: [],
      machine: null,
      origin: "mdns" as const,
    };
    if (result.kind === "opencode")
      return {
        ...base,
        directory: result.directory,
        version: result.version,
        protocol: result.protocol,
        status: "ready",
        eventsUrl: eventsUrlOf(url, result.protocol, credentials, false),
      };
    if (result.kind === "auth-required" || result.kind === "rejected")
      return { ...base, directory: null, version: null, protocol: result.protocol, status: "auth-required", eventsUrl: null };
    return null;
  }

  async function verify(service: AnnouncedService): Promise<void> {
    if (!OPENCODE_SERVICE.test(service.name)) return;
    // IPv4 first: link-local IPv6 addresses need a zone the URL cannot carry.
    const hosts = [...service.addresses].sort((a, b) => Number(a.includes(":")) - Number(b.includes(":")));
    for (const host of hosts) {
      const key = `${host}:${service.port}`;
      if (entries.has(key) || pending.has(key)) return;
      pending.add(key);
      try {
        const target = { host: host.includes(":") ? `[${host}]` : host, port: service.port };
        let result = await opts.prober.probe(target);
        if (result.kind === "not-opencode" && result.timedOut) result = await opts.prober.probe(target);
        if (stopped) return;
        const instance = instanceOf(key, host, service.port, result, null);
        if (!instance) {
          opts.logger.info(
            { name: service.name, host, port: service.port, reason: result.kind === "not-opencode" ? result.reason : result.kind },
            "LAN announcement is not a working OpenCode server; not listed",
          );
          continue;
        }
        entries.set(key, { key, host, port: service.port, instance, credentials: null });
        opts.logger.info({ name: service.name, url: instance.url, status: instance.status }, "OpenCode server found on the LAN");
        changed();
        return;
      } finally {
        pending.delete(key);
      }
    }
  }

  opts.browser.onUp((service) => {
    void verify(service).catch((err: unknown) =>
      opts.logger.warn({ err: err instanceof Error ? err.message : String(err) }, "LAN discovery: verifying an announcement failed"),
    );
  });
  opts.browser.onNearby(changed);
  opts.browser.onDown((service) => {
    let removed = false;
    for (const host of service.addresses) removed = entries.delete(`${host}:${service.port}`) || removed;
    if (removed) changed();
  });

  return {
    instances: () => [...entries.values()].map((e) => e.instance),
    nearby: () => opts.browser.nearby(),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    owns: (id) => [...entries.values()].some((e) => e.instance.id === id),
    async setCredentials(id, credentials): Promise<CredentialsResult> {
      const entry = [...entries.values()].find((e) => e.instance.id === id);
      if (!entry) return { ok: false, reason: "not-found", message: "No LAN server has this id." };
      const result = await opts.prober.probe({ host: entry.host.includes(":") ? `[${entry.host}]` : entry.host, port: entry.port }, credentials);
      if (result.kind === "rejected" || result.kind === "auth-required")
        return { ok: false, reason: "rejected", message: "The server refused this username and password." };
      const instance = instanceOf(entry.key, entry.host, entry.port, result, credentials, entry.instance);
      if (!instance) return { ok: false, reason: "unreachable", message: "The server did not answer." };
      entry.instance = instance;
      entry.credentials = credentials;
      changed();
      return { ok: true, instance };
    },
    async stop() {
      stopped = true;
      await opts.browser.stop();
    },
  };
}
