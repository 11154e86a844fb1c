/**
 * One registry over every source: this machine's scan, servers added by URL, and peer
 * Switchboards. Each instance carries `machine` and `origin`; ids stay unique (url- and peer ids
 * are prefixed). The routes see it as any InstanceRegistry.
 */
import type { Dispatcher } from "undici";
import type { Machine } from "../contract/hub-api.js";
import type { Credentials, CredentialsResult, Instance, InstanceRegistry, InstancesDocument } from "../discovery/types.js";
import { upstreamAuthorization } from "../relay/relay-policy.js";

/** An extra source of instances (URL servers, peers, LAN). */
export interface InstanceSource {
  instances(): Instance[];
  /** Peer machines this source follows (peers only). */
  machines?(): Machine[];
  /** Switchboards announced on the LAN (mdns only). */
  nearby?(): Array<{ name: string; url: string; id?: string }>;
  subscribe(listener: () => void): () => void;
  owns(id: string): boolean;
  /** How the relay reaches one of this source's instances; absent: its own URL with the Basic token of its eventsUrl. */
  upstream?(instance: Instance): Upstream;
  /** New credentials for a locked instance of this source. */
  setCredentials?(id: string, credentials: Credentials): Promise<CredentialsResult>;
  stop(): Promise<void> | void;
}

/** Where and how the relay forwards one instance's requests. */
export interface Upstream {
  authorization: string | null;
  /** A TLS agent with a private CA (--peer-ca), for peers over HTTPS. */
  dispatcher?: Dispatcher;
}

/** The registry the app uses, plus the relay's view of upstreams. */
export interface Federation extends InstanceRegistry {
  upstreamOf(instance: Instance): Upstream;
}

/** Merges the local registry and the extra sources; `local` keeps its own start/stop. */
export function createFederation(local: InstanceRegistry, sources: readonly InstanceSource[]): Federation {
  const listeners = new Set<(doc: InstancesDocument) => void>();
  let doc = compose();
  function compose(): InstancesDocument {
    const own = local.snapshot();
    return {
      ...own,
      instances: [...own.instances.map((i) => ({ ...i, machine: null, origin: "local" as const })), ...sources.flatMap((s) => s.instances())],
      machines: sources.flatMap((s) => s.machines?.() ?? []),
      nearby: sources.flatMap((s) => s.nearby?.() ?? []),
    };
  }
  const refresh = (): void => {
    doc = compose();
    for (const l of listeners) l(doc);
  };
  const unsubscribes = [local.subscribe(refresh), ...sources.map((s) => s.subscribe(refresh))];
  const sourceOf = (id: string): InstanceSource | undefined => sources.find((s) => s.owns(id));

  return {
    snapshot: () => doc,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async setCredentials(id, credentials) {
      const source = sourceOf(id);
      if (!source) return local.setCredentials(id, credentials);
      if (!source.setCredentials)
        return { ok: false, reason: "not-found", message: "That server's password is kept on its own machine; unlock it there." };
      return source.setCredentials(id, credentials);
    },
    upstreamOf(instance) {
      const source = sourceOf(instance.id);
      return source?.upstream?.(instance) ?? { authorization: upstreamAuthorization(instance) };
    },
    start: () => local.start(),
    async stop() {
      for (const u of unsubscribes) u();
      await Promise.all(sources.map((s) => s.stop()));
      await local.stop();
      listeners.clear();
    },
  };
}
