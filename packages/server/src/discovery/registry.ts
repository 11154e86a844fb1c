/** The live registry: scans about once a second, verifies new ports, re-probes broken and unsettled locked ones, keeps the hub document. */
import { createHash } from "node:crypto";
import pLimit from "p-limit";
import { attachedTuisOf } from "./attached-tuis.js";
import { createHostScanner, type HostScan, type HostScanner, type ScannedProcess } from "./host-scan.js";
import { createProber, type ProbeResult, type ProbeTarget, type Prober } from "./probe.js";
import {
  documentFingerprint,
  eventsUrlOf,
  instanceId,
  MAX_RECHECK_MS,
  processKey,
  retryDelayMs,
  unreachableOf,
  verdictOf,
} from "./registry-model.js";
import { connectHost } from "./socket-table.js";
import type { Credentials, CredentialsResult, Instance, InstanceProtocol, InstanceRegistry, InstancesDocument } from "./types.js";

/** Structured logger (pino-compatible). Credentials are never passed to it. */
export interface DiscoveryLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
  debug(obj: Record<string, unknown>, msg: string): void;
}

/** Options of createRegistry; the I/O edges (scanner, prober, clock) are injectable for tests. */
export interface RegistryOptions {
  /** Delay between scan starts (default 1000). Scans never overlap. */
  scanIntervalMs?: number;
  /** Budget of each probe request (default 500). */
  probeTimeoutMs?: number;
  /** The hub's own pid, never listed (default process.pid). */
  selfPid?: number;
  logger?: DiscoveryLogger;
  platform?: NodeJS.Platform;
  /** Read passwords from the environment of OpenCode processes and the 2.x service's service.json found through it (default true). */
  readEnvironment?: boolean;
  /** Probes in flight at once (default 8). */
  probeConcurrency?: number;
  scanner?: HostScanner;
  prober?: Prober;
  now?: () => number;
}

/** One (process, port) the registry tracks. */
interface Entry {
  id: string;
  target: ProbeTarget;
  process: ScannedProcess;
  /** null until verified; set for ready, auth-required and error servers. */
  instance: Instance | null;
  /** Credentials that worked (from the environment or the page); null while none did. */
  credentials: Credentials | null;
  failures: number;
  retryAtMs: number;
  /** A listed server to probe again at retryAtMs (it answers errors). */
  recheck: boolean;
  /** It answered like OpenCode once (the password challenge included): retried at least every MAX_RECHECK_MS. */
  seenOpenCode: boolean;
  /** The protocol it last answered with, handed to the prober (a known OpenCode 2 is probed in one round trip). */
  protocol: InstanceProtocol | undefined;
  /** Fingerprint of the known credentials the last probe tried: new ones (a service.json written later) unlock a locked server at once. */
  triedKnown: string;
}

/** Probes of one credentials check from the page before "did not answer" (each has the probe budget). */
const CREDENTIAL_ATTEMPTS = 3;

const silent: DiscoveryLogger = { info() {}, warn() {}, error() {}, debug() {} };

/** Creates the instance registry the hub routes read. Call start() to begin scanning. */
export function createRegistry(opts: RegistryOptions = {}): InstanceRegistry {
  const intervalMs = opts.scanIntervalMs ?? 1_000;
  const log = opts.logger ?? silent;
  const now = opts.now ?? Date.now;
  const selfPid = opts.selfPid ?? process.pid;
  const scanner =
    opts.scanner ?? createHostScanner({ selfPid, platform: opts.platform ?? process.platform, readEnvironment: opts.readEnvironment ?? true });
  const prober = opts.prober ?? createProber({ timeoutMs: opts.probeTimeoutMs ?? 500 });
  const limit = pLimit(opts.probeConcurrency ?? 8);

  const entries = new Map<string, Entry>();
  const processFirstSeen = new Map<string, number>();
  const listeners = new Set<(doc: InstancesDocument) => void>();
  let doc: InstancesDocument = {
    instances: [],
    unreachable: [],
    scan: { at: new Date(now()).toISOString(), durationMs: 0, method: "none", error: null },
  };
  let fingerprint = documentFingerprint(doc);
  let lastScan: HostScan = { processes: [], method: "none", error: null };
  let lastError: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  async function scanOnce(): Promise<void> {
    const started = now();
    let scan: HostScan;
    try {
      scan = await scanner();
    } catch (err) {
      scan = { processes: [], method: "none", error: `Discovery failed: ${err instanceof Error ? err.message : String(err)}` };
    }
    if (scan.error !== lastError) {
      if (scan.error) log.warn({ event: "scan-error", method: scan.method }, scan.error);
      else if (lastError) log.info({ event: "scan-recovered", method: scan.method }, "scan works again");
      lastError = scan.error;
    }
    lastScan = scan;
    await reconcile(scan);
    publish(started);
  }

  async function reconcile(scan: HostScan): Promise<void> {
    const seenKeys = new Set<string>();
    const liveProcesses = new Set<string>();
    const toProbe: Entry[] = [];
    for (const p of scan.processes) {
      liveProcesses.add(processKey(p));
      if (!processFirstSeen.has(processKey(p))) processFirstSeen.set(processKey(p), now());
      for (const [port, sockets] of groupByPort(p)) {
        const key = `${processKey(p)}:${port}`;
        seenKeys.add(key);
        let entry = entries.get(key);
        if (!entry) {
          entry = {
            id: instanceId(p.pid, p.startTime, port),
            target: { host: connectHost(sockets), port },
            process: p,
            instance: null,
            credentials: null,
            failures: 0,
            retryAtMs: 0,
            recheck: false,
            seenOpenCode: false,
            protocol: undefined,
            triedKnown: credentialsFingerprint(p.knownCredentials),
          };
          entries.set(key, entry);
        }
        entry.process = p;
        if ((entry.instance === null || entry.recheck) && entry.retryAtMs <= now()) toProbe.push(entry);
        else if (lockedWithNewKnown(entry)) toProbe.push(entry);
      }
    }
    for (const key of processFirstSeen.keys()) if (!liveProcesses.has(key)) processFirstSeen.delete(key);
    // A failed scan (error, no processes) keeps nothing: the document must not show stale servers.
    for (const [key, entry] of entries) {
      if (seenKeys.has(key)) continue;
      entries.delete(key);
      if (entry.instance) log.info(serverFields(entry.id, entry.instance), "OpenCode server gone");
    }
    await Promise.all(toProbe.map((e) => limit(() => verify(e))));
  }

  /**
   * A server listed auth-required (no password from the page) whose process now names credentials
   * it did not when last probed: the 2.x service writes service.json after it listens, so a hub
   * that probed it first would otherwise keep it locked.
   */
  function lockedWithNewKnown(entry: Entry): boolean {
    return (
      entry.instance?.status === "auth-required" &&
      entry.credentials === null &&
      entry.process.knownCredentials.length > 0 &&
      credentialsFingerprint(entry.process.knownCredentials) !== entry.triedKnown
    );
  }

  async function verify(entry: Entry): Promise<void> {
    entry.triedKnown = credentialsFingerprint(entry.process.knownCredentials);
    let result = await prober.probe(entry.target, entry.credentials ?? undefined, entry.protocol);
    // OpenCode's first request after start can take longer than the budget (it boots its project
    // state); one immediate retry finds it now instead of a scan later.
    if (result.kind === "not-opencode" && result.timedOut && entry.failures === 0)
      result = await prober.probe(entry.target, entry.credentials ?? undefined, entry.protocol);
    if (result.kind !== "not-opencode" && result.kind !== "error") entry.protocol = result.protocol;
    let credentials = entry.credentials;
    // The known passwords (environment, 2.x service.json) are tried in order whenever the server is
    // locked to us. If a probe does not answer (ten servers starting on two cores), the entry stays
    // unverified and is probed again like any unverified port, instead of being frozen as auth-required.
    let unsettled = false;
    if (result.kind === "auth-required") {
      for (const known of entry.process.knownCredentials) {
        let withKnown = await prober.probe(entry.target, known, entry.protocol);
        // A fresh OpenCode 2's first authenticated requests boot its state, like 1.x's first /project
        // (measured under load: > 500 ms, then backoff kept it unlisted 5–11 s): once more at once.
        const fresh = result.protocol === "v2" && entry.failures === 0;
        if (fresh && withKnown.kind === "not-opencode" && withKnown.timedOut) withKnown = await prober.probe(entry.target, known, entry.protocol);
        if (withKnown.kind === "opencode" || withKnown.kind === "error") {
          [result, credentials] = [withKnown, known];
          break;
        }
        if (withKnown.kind === "not-opencode") {
          unsettled = true;
          break;
        }
      }
    }
    if (!entries.has(entryKey(entry)) || stopped) return;
    if (result.kind !== "not-opencode") entry.seenOpenCode = true;
    const verdict = unsettled ? null : verdictOf(result);
    if (verdict === null) {
      // No answer, or not OpenCode: probe again with backoff. A port that answered like OpenCode
      // before (the password challenge, or errors) is retried at least every MAX_RECHECK_MS, and a
      // listed one keeps its listing meanwhile.
      entry.failures++;
      entry.retryAtMs = now() + (entry.seenOpenCode ? Math.min(retryDelayMs(entry.failures), MAX_RECHECK_MS) : retryDelayMs(entry.failures));
      entry.recheck = entry.instance !== null;
      const reason = unsettled
        ? "a known password (environment, service.json) got no answer"
        : result.kind === "not-opencode"
          ? result.reason
          : result.kind;
      log.debug({ pid: entry.process.pid, port: entry.target.port, reason, failures: entry.failures }, "port is not an OpenCode server (yet)");
      return;
    }
    const before = entry.instance;
    entry.credentials = verdict.status === "auth-required" ? null : credentials;
    entry.instance = buildInstance(entry, result, entry.credentials);
    entry.recheck = verdict.recheck;
    entry.failures = verdict.recheck ? entry.failures + 1 : 0;
    entry.retryAtMs = verdict.recheck ? now() + Math.min(retryDelayMs(entry.failures), MAX_RECHECK_MS) : 0;
    if (before?.status !== entry.instance.status || before.error !== entry.instance.error) {
      const fields = serverFields(entry.id, entry.instance);
      if (entry.instance.status === "error") log.warn(fields, "OpenCode server answers errors");
      else log.info(fields, "OpenCode server found");
    }
  }

  function buildInstance(entry: Entry, result: ProbeResult, credentials: Credentials | null): Instance {
    const url = `http://${entry.target.host}:${entry.target.port}`;
    const firstSeenAt = entry.instance?.firstSeenAt ?? new Date(now()).toISOString();
    const cwd = entry.process.cwd;
    const base = {
      id: entry.id,
      url,
      port: entry.target.port,
      pid: entry.process.pid,
      kind: entry.process.kind,
      firstSeenAt,
      error: null,
      attachedTuis: [],
    };
    if (result.kind === "opencode") {
      return {
        ...base,
        directory: result.directory ?? cwd,
        version: result.version,
        protocol: result.protocol,
        status: "ready",
        eventsUrl: eventsUrlOf(url, result.protocol, credentials, false),
      };
    }
    if (result.kind === "error") {
      return { ...base, directory: cwd, version: result.version, protocol: "global", status: "error", error: result.message, eventsUrl: null };
    }
    return {
      ...base,
      directory: cwd,
      version: null,
      protocol: result.kind === "not-opencode" ? "global" : result.protocol,
      status: "auth-required",
      eventsUrl: null,
    };
  }

  function entryKey(entry: Entry): string {
    return `${processKey(entry.process)}:${entry.target.port}`;
  }

  /** Rebuilds the document; `startedMs` null keeps the last scan's clock (a change between scans). */
  function publish(startedMs: number | null): void {
    const listed = [...entries.values()].flatMap((e) => (e.instance ? [e.instance] : [])).sort((a, b) => a.port - b.port || a.pid - b.pid);
    const attached = attachedTuisOf(lastScan.processes, listed);
    const instances = listed.map((i) => ({ ...i, attachedTuis: attached.get(i.id) ?? [] }));
    const finishedMs = now();
    const clock =
      startedMs === null
        ? { at: doc.scan.at, durationMs: doc.scan.durationMs }
        : { at: new Date(finishedMs).toISOString(), durationMs: Math.max(0, finishedMs - startedMs) };
    doc = {
      instances,
      unreachable: unreachableOf(lastScan.processes, processFirstSeen, finishedMs),
      scan: { ...clock, method: lastScan.method, error: lastScan.error },
    };
    const next = documentFingerprint(doc);
    if (next === fingerprint) return;
    fingerprint = next;
    for (const listener of listeners) {
      try {
        listener(doc);
      } catch (err) {
        log.error({ err: err instanceof Error ? err.message : String(err) }, "instances listener threw");
      }
    }
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      const started = now();
      running = scanOnce()
        .catch((err: unknown) => log.error({ err: err instanceof Error ? err.message : String(err) }, "scan failed"))
        .finally(() => {
          running = null;
          schedule(Math.max(0, intervalMs - (now() - started)));
        });
    }, delayMs);
    timer.unref?.();
  }

  return {
    snapshot: () => doc,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async setCredentials(id, credentials): Promise<CredentialsResult> {
      const entry = [...entries.values()].find((e) => e.id === id && e.instance !== null);
      if (!entry) return { ok: false, reason: "not-found", message: "No OpenCode server with this id is running." };
      // The user is waiting: a check that timed out (a loaded machine) is tried again at once,
      // up to CREDENTIAL_ATTEMPTS times, before the form is told the server did not answer.
      let result = await prober.probe(entry.target, credentials, entry.protocol);
      for (let attempt = 1; attempt < CREDENTIAL_ATTEMPTS && result.kind === "not-opencode" && result.timedOut; attempt++) {
        result = await prober.probe(entry.target, credentials, entry.protocol);
      }
      if (result.kind === "rejected" || result.kind === "auth-required") {
        return { ok: false, reason: "rejected", message: "The server refused this username and password." };
      }
      if (result.kind === "not-opencode") return { ok: false, reason: "unreachable", message: `The server did not answer: ${result.reason}.` };
      if (!entries.has(entryKey(entry))) return { ok: false, reason: "not-found", message: "The server stopped while checking the credentials." };
      entry.credentials = credentials;
      entry.instance = buildInstance(entry, result, credentials);
      // A broken server keeps being re-probed (with these credentials) until it recovers.
      entry.recheck = result.kind === "error";
      entry.retryAtMs = entry.recheck ? now() + retryDelayMs(1) : 0;
      log.info({ id: entry.id }, "credentials accepted");
      publish(null);
      return { ok: true, instance: entry.instance };
    },
    start() {
      if (stopped || timer || running) return;
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
      listeners.clear();
      await prober.close();
    },
  };
}

/** Tells credential lists apart without keeping another copy of the passwords (a hash; never logged). */
function credentialsFingerprint(list: readonly Credentials[]): string {
  const hash = createHash("sha256");
  for (const c of list) hash.update(`${c.username}\0${c.password}\0`);
  return hash.digest("base64url");
}

/** A process's listening sockets grouped by port (v4 and v6 sockets of one port are one server). */
function groupByPort(p: ScannedProcess): Map<number, NonNullable<ScannedProcess["sockets"]>> {
  const byPort = new Map<number, NonNullable<ScannedProcess["sockets"]>>();
  for (const s of p.sockets ?? []) byPort.set(s.port, [...(byPort.get(s.port) ?? []), s]);
  return byPort;
}

/** What the found/gone log lines carry (log-format.ts lays them out); never credentials. */
function serverFields(id: string, i: Instance): Record<string, unknown> {
  return {
    id,
    url: i.url,
    port: i.port,
    pid: i.pid,
    kind: i.kind,
    version: i.version,
    protocol: i.protocol,
    directory: i.directory,
    status: i.status,
    error: i.error,
  };
}
