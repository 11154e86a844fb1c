/**
 * Discovery of a real broken OpenCode: 1.14.41 started by the fleet on the data folder its 1.18.33
 * server has migrated answers its API with `500 {"name":"UnknownError","data":{"message":"DrizzleError: …"}}`
 * while `/global/health` is healthy. The registry must list it as `status: "error"` with that message.
 * The binary comes from the root optionalDependency `opencode-v1-14-linux-x64` (alias of opencode-linux-x64@1.14.41).
 */
import { describe, expect, it } from "vitest";
import { fleetModule, pollInstance, watchOldServer } from "../test-support/real-fleet.js";

const v114Bin = fleetModule.v114OpencodeBin();

describe.skipIf(!v114Bin)("discovery of OpenCode 1.14.41 on a data folder 1.18.33 migrated (skipped: binary only installed on linux-x64)", () => {
  // One 1.18.33 server first: it migrates the fleet's shared data folder.
  const watched = watchOldServer({ count: 1, start: { bin: v114Bin, name: "old" }, timeoutMs: 120_000 });

  it("lists it as error with its own DrizzleError message, its version and its cwd", async () => {
    const { registry, server } = watched;
    const found = await pollInstance(registry, server.pid, (i) => i?.status === "error", 15_000, 50);
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
