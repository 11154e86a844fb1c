/**
 * OpenCode servers added by URL ("Add a server", `--server URL`): checked with the same probe as a
 * local port, their passwords held by the hub (servers.json in the state folder, 0600), re-probed
 * every few seconds so the listing follows them. The page reaches them only through the relay.
 */
import type { ProbeResult, Prober } from "../discovery/probe.js";
import { eventsUrlOf } from "../discovery/registry-model.js";
import type { DiscoveryLogger } from "../discovery/registry.js";
import type { Credentials, CredentialsResult, Instance } from "../discovery/types.js";
import type { InstanceSource } from "./federation.js";
import { parseServerUrl, urlServerId, type ServerUrl } from "./server-url.js";
import { readState, writeState } from "./state-file.js";

/** servers.json: what is remembered across restarts. */
interface SavedServer {
  url: string;
  username: string;
  password: string;
}

/** Why adding a server failed (the route maps it to a status). */
export type AddServerResult =
  { ok: true; instance: Instance } | { ok: false; reason: "bad-url" | "rejected" | "unreachable" | "not-opencode"; message: string };

/** The URL servers as the federation sees them. */
export interface UrlServers extends InstanceSource {
  /** Loads servers.json and starts re-probing. */
  start(): Promise<void>;
  add(url: string, credentials: Credentials): Promise<AddServerResult>;
  remove(id: string): Promise<boolean>;
  setCredentials(id: string, credentials: Credentials): Promise<CredentialsResult>;
}

interface Entry {
  saved: SavedServer;
  target: ServerUrl;
  instance: Instance;
}

export const SERVERS_FILE = "servers.json";
const RECHECK_MS = 5_000;
const ADD_ATTEMPTS = 4;

/** Creates the URL servers source over a state folder and a prober. */
export function createUrlServers(opts: { dir: string; prober: Prober; logger: DiscoveryLogger; recheckMs?: number; now?: () => number }): UrlServers {
  const entries = new Map<string, Entry>();
  const listeners = new Set<() => void>();
  const now = opts.now ?? Date.now;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const changed = (): void => {
    for (const l of listeners) l();
  };
  const save = (): Promise<void> => writeState(opts.dir, SERVERS_FILE, { servers: [...entries.values()].map((e) => e.saved) });

  function instanceOf(id: string, target: ServerUrl, result: ProbeResult, credentials: Credentials, before: Instance | undefined): Instance {
    const base = {
      id,
      url: target.origin,
      port: target.port,
      pid: 0,
      kind: "serve" as const,
      firstSeenAt: before?.firstSeenAt ?? new Date(now()).toISOString(),
      attachedTuis: [],
      machine: null,
      origin: "url" as const,
    };
    switch (result.kind) {
      case "opencode":
        return {
          ...base,
          directory: result.directory,
          version: result.version,
          protocol: result.protocol,
          status: "ready",
          error: null,
          eventsUrl: eventsUrlOf(target.origin, result.protocol, credentials, false),
        };
      case "error":
        return { ...base, directory: null, version: result.version, protocol: "global", status: "error", error: result.message, eventsUrl: null };
      case "auth-required":
      case "rejected":
        return { ...base, directory: null, version: null, protocol: result.protocol, status: "auth-required", error: null, eventsUrl: null };
      case "not-opencode":
        // Listed, not dropped: the user added it, and it comes back by itself when it answers.
        return {
          ...base,
          directory: before?.directory ?? null,
          version: before?.version ?? null,
          protocol: before?.protocol ?? "global",
          status: "error",
          error: `Not answering: ${result.reason}.`,
          eventsUrl: null,
        };
    }
  }

  async function recheck(): Promise<void> {
    for (const [id, entry] of entries) {
      const credentials = { username: entry.saved.username, password: entry.saved.password };
      const result = await opts.prober.probe(entry.target, credentials, entry.instance.protocol);
      if (stopped || !entries.has(id)) return;
      const next = instanceOf(id, entry.target, result, credentials, entry.instance);
      if (JSON.stringify(next) === JSON.stringify(entry.instance)) continue;
      if (next.status !== entry.instance.status)
        opts.logger.info({ id, url: entry.target.origin, status: next.status }, "server added by URL changed state");
      entry.instance = next;
      changed();
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      void recheck()
        .catch((err: unknown) => opts.logger.warn({ err: err instanceof Error ? err.message : String(err) }, "checking servers added by URL failed"))
        .finally(schedule);
    }, opts.recheckMs ?? RECHECK_MS);
    timer.unref();
  }

  async function add(url: string, credentials: Credentials): Promise<AddServerResult> {
    const parsed = parseServerUrl(url);
    if (!parsed.ok) return { ok: false, reason: "bad-url", message: parsed.message };
    const target = parsed.value;
    const sent = credentials.password === "" ? undefined : credentials;
    // The user is waiting: a check that timed out (OpenCode's slow first request, a far host) is
    // tried again at once, like the unlock form's (registry.ts), before "did not answer".
    let result = await opts.prober.probe(target, sent);
    for (let attempt = 1; attempt < ADD_ATTEMPTS && result.kind === "not-opencode" && result.timedOut; attempt++)
      result = await opts.prober.probe(target, sent);
    if (result.kind === "rejected" || result.kind === "auth-required") {
      return {
        ok: false,
        reason: "rejected",
        message: credentials.password === "" ? `${target.origin} needs a password.` : `${target.origin} refused this password.`,
      };
    }
    if (result.kind === "not-opencode") {
      return result.timedOut || /ECONN|ENOTFOUND|EHOST|ENETUNREACH|timeout/i.test(result.reason)
        ? { ok: false, reason: "unreachable", message: `${target.origin} did not answer: ${result.reason}.` }
        : { ok: false, reason: "not-opencode", message: `${target.origin} does not answer like an OpenCode server (${result.reason}).` };
    }
    const id = urlServerId(target.origin);
    const saved: SavedServer = { url: target.origin, username: credentials.username, password: credentials.password };
    const instance = instanceOf(id, target, result, credentials, entries.get(id)?.instance);
    entries.set(id, { saved, target, instance });
    await save();
    opts.logger.info({ id, url: target.origin, version: instance.version }, "server added by URL");
    changed();
    return { ok: true, instance };
  }

  return {
    instances: () => [...entries.values()].map((e) => e.instance),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      const file = await readState<{ servers?: SavedServer[] }>(opts.dir, SERVERS_FILE, {});
      for (const saved of file.servers ?? []) {
        const parsed = parseServerUrl(saved.url);
        if (!parsed.ok) continue;
        const id = urlServerId(parsed.value.origin);
        const pending: ProbeResult = { kind: "not-opencode", reason: "not checked yet" };
        entries.set(id, { saved, target: parsed.value, instance: instanceOf(id, parsed.value, pending, saved, undefined) });
      }
      await recheck();
      changed();
      schedule();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    add,
    async setCredentials(id, credentials) {
      const entry = entries.get(id);
      if (!entry) return { ok: false, reason: "not-found", message: "No server added by URL has this id." };
      const result = await add(entry.target.origin, credentials);
      if (result.ok) return result;
      return { ok: false, reason: result.reason === "rejected" ? "rejected" : "unreachable", message: result.message };
    },
    async remove(id) {
      if (!entries.delete(id)) return false;
      await save();
      changed();
      return true;
    },
    owns: (id) => entries.has(id),
  };
}
