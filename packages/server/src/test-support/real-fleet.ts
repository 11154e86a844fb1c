/**
 * A real OpenCode from another release, watched by a real registry: the shared setup of the
 * discovery integration tests against old binaries. The fleet (scripts/fleet) is imported by path:
 * it lives outside this package's rootDir.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";
import { createRegistry } from "../discovery/registry.js";
import type { Instance, InstanceRegistry } from "../discovery/types.js";

/** The part of scripts/fleet these tests use. */
export interface FleetServer {
  pid: number;
  port: number;
  url: string;
  directory: string;
  version: string;
}
interface Fleet {
  startServer(opts: { bin: string; name?: string; legacyVersion?: string }): Promise<FleetServer>;
  stop(): Promise<void>;
}
interface FleetModule {
  startFleet(opts: { count: number }): Promise<Fleet>;
  legacyOpencodeBin(): string | undefined;
  LEGACY_OPENCODE_VERSION: string;
  v114OpencodeBin(): string | undefined;
  V1_14_OPENCODE_VERSION: string;
}

const FLEET_MODULE = fileURLToPath(new URL("../../../../scripts/fleet/index.ts", import.meta.url));
export const fleetModule = (await import(/* @vite-ignore */ FLEET_MODULE)) as FleetModule;

/** What the tests read; filled by beforeAll. */
export interface WatchedServer {
  registry: InstanceRegistry;
  server: FleetServer;
}

export interface WatchOptions {
  /** Current (1.18) servers started first: 0 keeps the fleet's HOME and database to the old binary alone. */
  count: number;
  /** How the old binary is started (`bin` may be undefined only where the suite is skipped). */
  start: { bin: string | undefined; name?: string; legacyVersion?: string };
  /** beforeAll's timeout, when starting takes longer than the project's hookTimeout. */
  timeoutMs?: number;
}

/**
 * Registers the hooks of a describe block: a fleet with `count` current servers, then the old
 * server, then a registry scanning the machine; all stopped after the block's tests.
 */
export function watchOldServer(options: WatchOptions): WatchedServer {
  const watched = {} as WatchedServer;
  let fleet: Fleet | undefined;
  beforeAll(async () => {
    const { bin, ...rest } = options.start;
    if (!bin) throw new Error("no binary for the old OpenCode");
    fleet = await fleetModule.startFleet({ count: options.count });
    watched.server = await fleet.startServer({ bin, ...rest });
    watched.registry = createRegistry({});
    watched.registry.start();
  }, options.timeoutMs);
  afterAll(async () => {
    await watched.registry?.stop();
    await fleet?.stop();
  });
  return watched;
}

/** Polls the registry's entry for `pid` until `done` says so or `timeoutMs` passes; returns the last one seen. */
export async function pollInstance(
  registry: InstanceRegistry,
  pid: number,
  done: (found: Instance | undefined) => boolean,
  timeoutMs: number,
  stepMs: number,
): Promise<Instance | undefined> {
  const until = Date.now() + timeoutMs;
  const find = () => registry.snapshot().instances.find((i) => i.pid === pid);
  let found = find();
  while (!done(found) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, stepMs));
    found = find();
  }
  return found;
}
