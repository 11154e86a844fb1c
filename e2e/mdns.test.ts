/**
 * LAN discovery (tasks/10-machines.md part 3): namespace "C" (10.200.42.2, a multicast route on its
 * link) runs a real OpenCode 1.18.33 with `--mdns --hostname 0.0.0.0` and a decoy announcing
 * `opencode-1234` that is not OpenCode. Hub A with `--mdns --mdns-interface 10.200.42.1` (DNS-SD
 * kept on the test's link: nothing goes to any other network) lists the OpenCode, verified, with
 * origin "mdns", and never the decoy. A Switchboard in C with `--remote --mdns` announces itself as
 * `_switchboard._tcp`; A offers it under `nearby` (for "Add a machine").
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFleet, type Fleet, type FleetServer } from "../scripts/fleet/index.js";
import { startHub, type Hub } from "./support/hub.js";
import { createNetns, netnsAvailable, type TestNetns } from "./support/netns.js";
import { waitFor } from "./support/wait.js";

const CLI = fileURLToPath(new URL("../packages/server/dist/cli.js", import.meta.url));
const DECOY = fileURLToPath(new URL("./support/mdns-decoy.mjs", import.meta.url));
const DECOY_PORT = 1234;
const available = netnsAvailable();
const state = mkdtempSync(join(tmpdir(), "switchboard-state-mdns-"));
const stateC = mkdtempSync(join(tmpdir(), "switchboard-state-mdns-c-"));

let ns: TestNetns;
let fleet: Fleet;
let announced: FleetServer;
let decoy: ChildProcess | undefined;
let hub: Hub;
let hubC: Hub;

beforeAll(async () => {
  if (!available) return;
  ns = createNetns("C", 42, { multicast: true });
  decoy = spawn(ns.exec[0], [...ns.exec.slice(1), process.execPath, DECOY, String(DECOY_PORT)], { stdio: ["ignore", "pipe", "pipe"] });
  fleet = await startFleet({ count: 0, netns: { name: ns.name, address: ns.address, hostAddress: ns.hostAddress } });
  announced = await fleet.startServer({ name: "lan", mdns: true });
  [hub, hubC] = await Promise.all([
    startHub({ args: ["--mdns", "--mdns-interface", ns.hostAddress], env: { ...process.env, XDG_STATE_HOME: state } }),
    startHub({
      command: [...ns.exec, process.execPath, CLI],
      args: ["--remote", "--host", ns.address, "--mdns", "--machine-name", "machine-c"],
      env: { ...process.env, XDG_STATE_HOME: stateC },
    }),
  ]);
}, 180_000);

afterAll(async () => {
  await hub?.stop();
  await hubC?.stop();
  decoy?.kill("SIGTERM");
  await fleet?.stop();
  ns?.remove();
  rmSync(state, { recursive: true, force: true });
  rmSync(stateC, { recursive: true, force: true });
});

// Skipped only where namespaces cannot be made (not root, no iproute2): DNS-SD must stay off real networks.
describe.skipIf(!available)("LAN discovery (--mdns)", () => {
  it("lists OpenCode announced on the LAN once verified, and not a decoy with OpenCode's name", async () => {
    type Doc = { instances: Array<{ url: string; port: number; origin?: string; status: string; version: string | null; machine?: unknown }> };
    const found = await waitFor(
      "the announced OpenCode on A",
      async () => {
        const doc = (await (await fetch(`${hub.url}/api/instances`)).json()) as Doc;
        return doc.instances.find((i) => i.origin === "mdns" && i.port === announced.port);
      },
      60_000,
    );
    expect(found).toMatchObject({ status: "ready", version: "1.18.33", machine: null });
    // Handed to the page as a relay URL on the hub, never the other host's address.
    expect(found.url.startsWith(`${hub.url}/relay/mdns-`)).toBe(true);
    // The decoy was seen and refused (the hub says so), and is not listed.
    await waitFor("the decoy refused", () => hub.output().includes(`opencode-${DECOY_PORT}`), 30_000);
    const doc = (await (await fetch(`${hub.url}/api/instances`)).json()) as Doc;
    expect(doc.instances.filter((i) => i.port === DECOY_PORT)).toEqual([]);
  });

  it("offers a Switchboard announced on the LAN for Add a machine (its link still pairs it)", async () => {
    const nearby = await waitFor(
      "machine-c under nearby on A",
      async () => {
        const doc = (await (await fetch(`${hub.url}/api/instances`)).json()) as { nearby?: Array<{ name: string; url: string }> };
        return doc.nearby?.find((n) => n.name === "machine-c");
      },
      60_000,
    );
    expect(nearby.url).toBe(new URL(hubC.url).origin);
  });
});
