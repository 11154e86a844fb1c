/**
 * Discovery against a real OpenCode 1.0.61 (`protocol: "legacy"`: no /global/health, events on
 * /event), started by the fleet with its isolated HOME/XDG env. The binary comes from the root
 * optionalDependency `opencode-legacy-linux-x64` (alias of opencode-linux-x64@1.0.61).
 */
import { describe, expect, it } from "vitest";
import { fleetModule, pollInstance, watchOldServer } from "../test-support/real-fleet.js";

const legacyBin = fleetModule.legacyOpencodeBin();

// Skipped, not failed, where the 1.0.61 build cannot be installed: it exists for linux-x64 only,
// and as an optionalDependency pnpm leaves it out on other platforms.
describe.skipIf(!legacyBin)("discovery against a real OpenCode 1.0.61 (legacy protocol; skipped: binary only installed on linux-x64)", () => {
  // No 1.18 server in this fleet: the two releases would share one HOME and database.
  const watched = watchOldServer({ count: 0, start: { bin: legacyBin, legacyVersion: fleetModule.LEGACY_OPENCODE_VERSION } });

  it("lists it as a legacy serve instance with its directory and /event as events URL", async () => {
    const { registry, server } = watched;
    const found = await pollInstance(registry, server.pid, (i) => i !== undefined, 10_000, 20);
    expect(found, `1.0.61 server pid ${server.pid} not listed: ${JSON.stringify(registry.snapshot())}`).toBeDefined();
    expect(found).toMatchObject({
      url: server.url,
      port: server.port,
      directory: server.directory,
      kind: "serve",
      protocol: "legacy",
      version: null,
      status: "ready",
      eventsUrl: `${server.url}/event`,
    });
    expect(found?.eventsUrl).toMatch(/\/event$/);
    // The URL the hub hands out really is the 1.0.x event stream.
    const res = await fetch(found?.eventsUrl ?? "", { signal: AbortSignal.timeout(5_000) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    await res.body?.cancel();
  });
});
