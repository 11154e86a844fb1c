import type { Credentials, CredentialsResult, Instance, InstanceRegistry, InstancesDocument } from "../discovery/types.js";

/** A registry for route tests: set the document by hand, script credential answers, count listeners. */
export interface FakeRegistry extends InstanceRegistry {
  /** Replaces the document and notifies listeners, like a scan that changed something. */
  set(doc: InstancesDocument): void;
  listenerCount(): number;
  /** Every setCredentials call, to check what reached the registry. */
  readonly credentialCalls: Array<{ id: string; credentials: Credentials }>;
  /** What setCredentials answers next (default: ok with the matching instance, or not-found). */
  credentialAnswer: ((id: string, credentials: Credentials) => CredentialsResult) | null;
  started: boolean;
  stopped: boolean;
}

/** A ready instance with every field set; override what a test cares about. */
export function sampleInstance(overrides: Partial<Instance> = {}): Instance {
  return {
    id: "inst-4096",
    url: "http://127.0.0.1:4096",
    port: 4096,
    pid: 1234,
    directory: "/home/me/project",
    kind: "serve",
    version: "1.18.33",
    protocol: "global",
    status: "ready",
    error: null,
    eventsUrl: "http://127.0.0.1:4096/global/event",
    firstSeenAt: "2025-01-01T00:00:00.000Z",
    attachedTuis: [],
    ...overrides,
  };
}

/** A document with one ready instance, one password instance (nulls), one broken instance and one unreachable TUI. */
export function sampleDocument(): InstancesDocument {
  return {
    instances: [
      sampleInstance(),
      sampleInstance({
        id: "inst-6421",
        url: "http://127.0.0.1:6421",
        port: 6421,
        pid: 1300,
        directory: null,
        kind: "tui",
        version: null,
        status: "auth-required",
        eventsUrl: null,
      }),
      sampleInstance({
        id: "inst-7000",
        url: "http://127.0.0.1:7000",
        port: 7000,
        pid: 1400,
        version: "1.14.41",
        status: "error",
        error: "DrizzleError: Failed to run the query 'CREATE TABLE project' …",
        eventsUrl: null,
      }),
    ],
    unreachable: [
      {
        pid: 999,
        command: "opencode",
        directory: null,
        reason: "no-listening-port",
        hint: "Restart it as `opencode --port 0` so Switchboard can reach it.",
      },
    ],
    scan: { at: "2025-01-01T00:00:01.000Z", durationMs: 12.5, method: "procfs", error: null },
  };
}

/** Creates a fake registry holding `doc` (default sampleDocument()). */
export function createFakeRegistry(doc: InstancesDocument = sampleDocument()): FakeRegistry {
  let current = doc;
  const listeners = new Set<(d: InstancesDocument) => void>();
  const fake: FakeRegistry = {
    snapshot: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async setCredentials(id, credentials) {
      fake.credentialCalls.push({ id, credentials });
      if (fake.credentialAnswer) return fake.credentialAnswer(id, credentials);
      const instance = current.instances.find((i) => i.id === id);
      return instance ? { ok: true, instance: { ...instance, status: "ready" } } : { ok: false, reason: "not-found", message: `No instance ${id}.` };
    },
    start() {
      fake.started = true;
    },
    async stop() {
      fake.stopped = true;
    },
    set(next) {
      current = next;
      for (const l of listeners) l(next);
    },
    listenerCount: () => listeners.size,
    credentialCalls: [],
    credentialAnswer: null,
    started: false,
    stopped: false,
  };
  return fake;
}
