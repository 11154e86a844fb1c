/**
 * LAN discovery (tasks/10-machines.md part 3): namespace "C" (10.200.42.2, a multicast route on its
 * link) runs a real OpenCode 1.18.33 with `--mdns --hostname 0.0.0.0` and a decoy announcing
 * `opencode-1234` that is not OpenCode. Hub A with `--mdns --mdns-interface 10.200.42.1` (DNS-SD
 * kept on the test's link: nothing goes to any other network) lists the OpenCode, verified, with
 * origin "mdns", and never the decoy. A Switchboard in C with `--remote --mdns` announces itself as
 * `_switchboard._tcp`; A offers it under `nearby`, and the page's "Add a machine" has a Pair button
 * for it that readies the link field (the link C printed still pairs it). When C comes back at
 * another port, A follows it there by its announcement, without a new link, once C proves it holds
 * A's credential.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FleetServer } from "../scripts/fleet/index.js";
import { startHub, type Hub } from "./support/hub.js";
import { createNetns, netnsAvailable, type TestNetns } from "./support/netns.js";
import { browserSuite, type BrowserSuite } from "./support/suite.js";
import { waitFor } from "./support/wait.js";

const CLI = fileURLToPath(new URL("../packages/server/dist/cli.js", import.meta.url));
const DECOY = fileURLToPath(new URL("./support/mdns-decoy.mjs", import.meta.url));
const DECOY_PORT = 1234;
const available = netnsAvailable();
const state = mkdtempSync(join(tmpdir(), "switchboard-state-mdns-"));
const stateC = mkdtempSync(join(tmpdir(), "switchboard-state-mdns-c-"));

let ns: TestNetns;
let announced: FleetServer;
let decoy: ChildProcess | undefined;
/** Hub A (`--mdns`), its fleet (in C's namespace) and the browser. */
let suite: BrowserSuite;
let hubC: Hub;

/** C's Switchboard (same state folder every time: its machine id and peer credentials live there). */
function startHubC(): Promise<Hub> {
  return startHub({
    command: [...ns.exec, process.execPath, CLI],
    args: ["--remote", "--host", ns.address, "--mdns", "--machine-name", "machine-c"],
    env: { ...process.env, XDG_STATE_HOME: stateC },
  });
}
type Nearby = { name: string; url: string; id?: string };
type Machines = { machines?: Array<{ id: string; name: string; url: string; status: string }>; nearby?: Nearby[] };
const docA = async (): Promise<Machines> => (await (await fetch(`${suite.hub.url}/api/instances`)).json()) as Machines;

afterAll(() => {
  rmSync(state, { recursive: true, force: true });
  rmSync(stateC, { recursive: true, force: true });
});

// Skipped only where namespaces cannot be made (not root, no iproute2): DNS-SD must stay off real networks.
describe.skipIf(!available)("LAN discovery (--mdns)", () => {
  suite = browserSuite(() => ({ count: 0, netns: { name: ns.name, address: ns.address, hostAddress: ns.hostAddress } }), {
    setup: () => {
      ns = createNetns("C", 42, { multicast: true });
      decoy = spawn(ns.exec[0], [...ns.exec.slice(1), process.execPath, DECOY, String(DECOY_PORT)], { stdio: ["ignore", "pipe", "pipe"] });
    },
    more: async (fleet) => {
      announced = await fleet.startServer({ name: "lan", mdns: true });
    },
    hub: () => ({ args: ["--mdns", "--mdns-interface", ns.hostAddress], env: { ...process.env, XDG_STATE_HOME: state } }),
    hubLast: true,
    // A lists the announced server only once verified over mDNS; the tests wait for that themselves.
    lookupIds: false,
    hookTimeoutMs: 180_000,
    teardown: () => {
      decoy?.kill("SIGTERM");
      ns?.remove();
    },
  });
  // C's Switchboard, in C's namespace (stopped before the suite stops the rest).
  beforeAll(async () => {
    hubC = await startHubC();
  }, 90_000);
  afterAll(async () => {
    await hubC?.stop();
  });

  it("lists OpenCode announced on the LAN once verified, and not a decoy with OpenCode's name", async () => {
    type Doc = { instances: Array<{ url: string; port: number; origin?: string; status: string; version: string | null; machine?: unknown }> };
    const found = await waitFor(
      "the announced OpenCode on A",
      async () => {
        const doc = (await (await fetch(`${suite.hub.url}/api/instances`)).json()) as Doc;
        return doc.instances.find((i) => i.origin === "mdns" && i.port === announced.port);
      },
      60_000,
    );
    expect(found).toMatchObject({ status: "ready", version: "1.18.33", machine: null });
    // Handed to the page as a relay URL on the hub, never the other host's address.
    expect(found.url.startsWith(`${suite.hub.url}/relay/mdns-`)).toBe(true);
    // The decoy was seen and refused (the hub says so), and is not listed.
    await waitFor("the decoy refused", () => suite.hub.output().includes(`opencode-${DECOY_PORT}`), 30_000);
    const doc = (await (await fetch(`${suite.hub.url}/api/instances`)).json()) as Doc;
    expect(doc.instances.filter((i) => i.port === DECOY_PORT)).toEqual([]);
  });

  it("offers a Switchboard announced on the LAN for Add a machine (its link still pairs it)", async () => {
    const nearby = await waitFor(
      "machine-c under nearby on A",
      async () => {
        const doc = (await (await fetch(`${suite.hub.url}/api/instances`)).json()) as { nearby?: Array<{ name: string; url: string }> };
        return doc.nearby?.find((n) => n.name === "machine-c");
      },
      60_000,
    );
    expect(nearby.url).toBe(new URL(hubC.url).origin);
  });

  it("the page pairs machine-c from its nearby entry: Pair readies the link field, C's printed link pairs it", async () => {
    const page = await (await suite.browser.newContext()).newPage();
    await page.goto(`${suite.hub.url}/`);
    await page.getByRole("button", { name: "Add a machine" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a machine" });
    await dialog.getByRole("button", { name: "Pair machine-c" }).click();
    const field = dialog.getByRole("textbox", { name: "Sign-in link" });
    expect(await field.inputValue()).toBe(`${new URL(hubC.url).origin}/auth/`);
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
    // An announcement proves nothing: the link C printed is what pairs it (pasted over the selection).
    const link = await waitFor("C's sign-in link", () => /(http:\/\/\S+\/auth\/[A-Za-z0-9_-]{43})/.exec(hubC.output())?.[1]);
    await field.fill(link);
    await dialog.getByRole("button", { name: "Add" }).click();
    await dialog.waitFor({ state: "detached", timeout: 20_000 });
    await page.locator('.machine-tab[data-machine="machine-c"][data-connection="connected"]').waitFor({ timeout: 30_000 });
    // Added: the nearby entry says so and offers no Pair.
    await page.getByRole("button", { name: "Add a machine" }).click();
    await dialog.locator('[data-nearby="machine-c"][data-nearby-state="connected"]').waitFor({ timeout: 10_000 });
    expect(await dialog.getByRole("button", { name: "Pair machine-c" }).count()).toBe(0);
    await page.context().close();
  });

  it("machine-c comes back at another port: A follows its announcement there with the same credential, no new link", async () => {
    const before = (await docA()).machines?.find((m) => m.name === "machine-c");
    expect(before?.status).toBe("connected");
    const credentials = (): unknown[] =>
      (JSON.parse(readFileSync(join(stateC, "switchboard", "peer-credentials.json"), "utf8")) as { credentials: unknown[] }).credentials;
    expect(credentials()).toHaveLength(1);
    await hubC.stop();
    hubC = await startHubC(); // --port 0: another port, so another origin
    const origin = new URL(hubC.url).origin;
    expect(origin).not.toBe(before?.url);
    const moved = await waitFor(
      "machine-c connected at its new address on A",
      async () => (await docA()).machines?.find((m) => m.id === before?.id && m.url === origin && m.status === "connected"),
      60_000,
    );
    expect(moved.name).toBe("machine-c");
    expect((await docA()).machines).toHaveLength(1);
    // The same credential: C minted none, and A logged the move.
    expect(credentials()).toHaveLength(1);
    expect(suite.hub.output()).toContain("machine moved; following it to its new address");
  });
});
