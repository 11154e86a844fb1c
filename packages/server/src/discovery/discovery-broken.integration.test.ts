/**
 * Discovery of a real broken OpenCode: 1.14.41 started by the fleet on the data folder its 1.18.33
 * server has migrated answers its API with `500 {"name":"UnknownError","data":{"message":"DrizzleError: …"}}`
 * while `/global/health` is healthy. The registry must list it as `status: "error"` with that message.
 * The binary comes from the root optionalDependency `opencode-v1-14-linux-x64` (alias of opencode-linux-x64@1.14.41).
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRegistry } from "./registry.js";
import type { Instance, InstanceRegistry } from "./types.js";

/** The part of scripts/fleet this test uses (imported by path: it lives outside this package's rootDir). */
interface FleetServer {
  pid: number;
  port: number;
  url: string;
  directory: string;
  version: string;
}
interface Fleet {
  startServer(opts: { bin: string; name: string }): Promise<FleetServer>;
  stop(): Promise<void>;
}
interface FleetModule {
  startFleet(opts: { count: number }): Promise<Fleet>;
  v114OpencodeBin(): string | undefined;
  V1_14_OPENCODE_VERSION: string;
}

const FLEET_MODULE = fileURLToPath(new URL("../../../../scripts/fleet/index.ts", import.meta.url));
const fleetModule = (await import(/* @vite-ignore */ FLEET_MODULE)) as FleetModule;
const v114Bin = fleetModule.v114OpencodeBin();

describe.skipIf(!v114Bin)("discovery of OpenCode 1.14.41 on a data folder 1.18.33 migrated (skipped: binary only installed on linux-x64)", () => {
  let fleet: Fleet;
  let registry: InstanceRegistry;
  let server: FleetServer;

  beforeAll(async () => {
    // One 1.18.33 server first: it migrates the fleet's shared data folder.
    fleet = await fleetModule.startFleet({ count: 1 });
    server = await fleet.startServer({ bin: v114Bin as string, name: "old" });
    registry = createRegistry({});
    registry.start();
  }, 120_000);
  afterAll(async () => {
    await registry?.stop();
    await fleet?.stop();
  });

  it("lists it as error with its own DrizzleError message, its version and its cwd", async () => {
    const until = Date.now() + 15_000;
    let found: Instance | undefined;
    while ((found = registry.snapshot().instances.find((i) => i.pid === server.pid))?.status !== "error" && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(found, `1.14.41 server pid ${server.pid} not listed as error: ${JSON.stringify(registry.snapshot())}`).toBeDefined();
    expect(found).toMatchObject({
      url: server.url,
      port: server.port,
      directory: server.directory,
      kind: "serve",
      version: fleetModule.V1_14_OPENCODE_VERSION,
      status: "error",
      eventsUrl: null,
    });
    expect(found?.error).toMatch(/^DrizzleError: Failed to run the query 'CREATE TABLE `project` \(/);
    expect(found?.error?.length).toBeLessThanOrEqual(240);
  });
});
