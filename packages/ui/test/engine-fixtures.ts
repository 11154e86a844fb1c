/** Hub documents, instances and hooks for the live engine's tests. */
import { createRoot } from "solid-js";
import { afterEach, beforeEach, vi } from "vitest";
import type { Instance, InstancesDocument } from "../src/api/hub-types";
import { createAppStore, type AppStore } from "../src/store/app-store";
import type { LiveEngine } from "../src/stream/live-engine";
import { FakeEventSource } from "./fake-event-source";

/**
 * Registers each engine test's setup and teardown: fake timers, a fresh FakeEventSource registry, a
 * new store in its own Solid root (handed to `setStore`), and afterwards the engine and store disposed.
 */
export function engineTestHooks(opts: { setStore(store: AppStore): void; engine(): LiveEngine | null; reset(): void }): void {
  let disposeRoot = (): void => undefined;
  let store: AppStore | null = null;
  beforeEach(() => {
    vi.useFakeTimers();
    FakeEventSource.reset();
    createRoot((dispose) => {
      disposeRoot = dispose;
      store = createAppStore();
      opts.setStore(store);
    });
    opts.reset();
  });
  afterEach(() => {
    opts.engine()?.dispose();
    store?.dispose();
    disposeRoot();
    vi.useRealTimers();
  });
}

/** The launch directory of the tests' instances. */
export const DIR = "/home/dev/alpha";

/** A ready 1.18 `serve` on `port` in DIR, with `extra` on top. */
export function instance(id: string, port: number, extra: Partial<Instance> = {}): Instance {
  return {
    id,
    url: `http://127.0.0.1:${port}`,
    port,
    pid: port,
    directory: DIR,
    kind: "serve",
    version: "1.18.33",
    protocol: "global",
    status: "ready",
    error: null,
    eventsUrl: `http://127.0.0.1:${port}/global/event`,
    firstSeenAt: "2026-01-01T00:00:00.000Z",
    attachedTuis: [],
    ...extra,
  };
}

/** The hub's document listing `instances`. */
export const hubDoc = (...instances: Instance[]): InstancesDocument => ({
  instances,
  unreachable: [],
  scan: { at: "2026-01-01T00:00:00.000Z", durationMs: 1, method: "procfs", error: null },
});

/** A JSON answer. */
export const json = (value: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(value), { status: 200, headers: { "content-type": "application/json", ...headers } });
