/**
 * A machine served over TLS with a private CA (`--tls-cert/--tls-key` on B, `--peer-ca` on A;
 * tasks/10-machines.md). The test makes its own CA and a certificate for B's address with
 * Debian's `openssl`, and namespace "T" (10.200.47.2) runs real OpenCode 1.18.33 and a
 * Switchboard with `--remote` over HTTPS. A hub without the CA refuses B in words about the
 * certificate; a hub with `--peer-ca` pairs, lists B's instance and relays over TLS: a session is
 * created through A's relay, and the page's tab connects through the event multiplexer, sends, and
 * shows the streamed reply.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../scripts/fleet/client.js";
import type { FleetServer } from "../scripts/fleet/index.js";
import { startHub, type Hub } from "./support/hub.js";
import { createNetns, netnsAvailable, type TestNetns } from "./support/netns.js";
import { browserSuite, type BrowserSuite } from "./support/suite.js";
import { settledReply, textOf } from "./support/rest.js";
import { waitFor } from "./support/wait.js";
import { flat, sendFromComposer, timelineMessages } from "./support/workspace-page.js";

const CLI = fileURLToPath(new URL("../packages/server/dist/cli.js", import.meta.url));
const B_PASSWORD = "tls-b-secret-51e0";
const B_NAME = "machine-tls";

interface Doc {
  instances: Array<{ id: string; url: string; eventsUrl: string | null; port: number; status: string; origin?: string }>;
  machines?: Array<{ id: string; name: string; status: string; error: string | null }>;
}

let ns: TestNetns;
/** B's CA and certificate, made once B's namespace (its address) exists. */
let files: { ca: string; cert: string; key: string };
let one: FleetServer;
let hubB: Hub;
let plainA: Hub;
/** A with `--peer-ca` (the hub the page uses), the fleet (in B's namespace) and the browser. */
let suite: BrowserSuite;
const pki = mkdtempSync(join(tmpdir(), "switchboard-pki-"));
const states = [0, 1, 2].map(() => mkdtempSync(join(tmpdir(), "switchboard-state-tls-")));
const env = (i: number) => ({ ...process.env, XDG_STATE_HOME: states[i] });

/** A CA and a certificate for `address` signed by it (PEM files in `dir`). */
function makePki(dir: string, address: string): { ca: string; cert: string; key: string } {
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
  openssl(
    ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2"],
    ...["-subj", "/CN=Switchboard test CA", "-keyout", file("ca.key"), "-out", file("ca.pem")],
    ...["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
  );
  openssl(
    ...["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"],
    ...["-subj", `/CN=${address}`, "-keyout", file("b.key"), "-out", file("b.csr")],
  );
  writeFileSync(file("b.ext"), `subjectAltName=IP:${address}\nextendedKeyUsage=serverAuth\n`);
  openssl(
    ...["x509", "-req", "-in", file("b.csr"), "-CA", file("ca.pem"), "-CAkey", file("ca.key"), "-CAcreateserial", "-days", "2"],
    ...["-out", file("b.pem"), "-extfile", file("b.ext")],
  );
  return { ca: file("ca.pem"), cert: file("b.pem"), key: file("b.key") };
}

/** True when Debian's openssl is installed (.ci/run installs it). */
function opensslAvailable(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const available = netnsAvailable() && opensslAvailable();

afterAll(() => {
  for (const dir of [pki, ...states]) rmSync(dir, { recursive: true, force: true });
});

/** B's newest one-time link (https, since B serves TLS). */
function linkOfB(): Promise<string> {
  const re = new RegExp(`(https://${ns.address.replaceAll(".", "\\.")}:\\d+/auth/[A-Za-z0-9_-]{43})`, "g");
  return waitFor("B's https sign-in link", () => [...hubB.output().matchAll(re)].at(-1)?.[1]);
}

async function addMachine(hub: Hub, link: string): Promise<{ status: number; json: { message?: string } }> {
  const res = await fetch(`${hub.url}/api/machines`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ link }),
  });
  return { status: res.status, json: (await res.json()) as { message?: string } };
}

// Skipped only where namespaces cannot be made (not root, no iproute2) or openssl is missing: the
// test needs a second machine and a CA of its own (CI has both).
describe.skipIf(!available)("a machine over TLS with a private CA", () => {
  suite = browserSuite(() => ({ count: 0, wordDelayMs: 10, netns: { name: ns.name, address: ns.address, hostAddress: ns.hostAddress } }), {
    setup: () => {
      ns = createNetns("T", 47);
      files = makePki(pki, ns.address);
    },
    more: async (fleet) => {
      one = await fleet.startServer({ name: "tls-one", password: B_PASSWORD });
    },
    hub: () => ({ args: ["--peer-ca", files.ca], env: env(2), timeoutMs: 60_000 }),
    hubLast: true,
    // A lists B's instance only once B is added; the test looks it up then.
    lookupIds: false,
    hookTimeoutMs: 180_000,
    teardown: () => ns?.remove(),
  });
  // B's hub (TLS, in B's namespace) and an A without --peer-ca, stopped before the suite stops the rest.
  beforeAll(async () => {
    [hubB, plainA] = await Promise.all([
      startHub({
        command: [...ns.exec, process.execPath, CLI],
        args: ["--remote", "--host", ns.address, "--machine-name", B_NAME, "--tls-cert", files.cert, "--tls-key", files.key],
        env: env(0),
        timeoutMs: 60_000,
      }),
      startHub({ env: env(1), timeoutMs: 60_000 }),
    ]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([plainA?.stop(), hubB?.stop()]);
  });

  it("a hub without --peer-ca refuses B's certificate in words; the link stays unspent", async () => {
    const refused = await addMachine(plainA, await linkOfB());
    expect(refused.status).toBe(502);
    expect(refused.json.message).toMatch(/did not answer: .*certificate/i);
  });

  it("with --peer-ca A pairs over TLS, lists B's instance and relays to it; the page streams and sends", async () => {
    const added = await addMachine(suite.hub, await linkOfB());
    expect(added.status, JSON.stringify(added.json)).toBe(200);
    const instance = await waitFor(
      "B's instance on A, connected",
      async () => {
        const doc = (await (await fetch(`${suite.hub.url}/api/instances`)).json()) as Doc;
        const listed = doc.instances.find((i) => i.origin === "peer" && i.port === one.port && i.status === "ready");
        return listed && doc.machines?.[0]?.status === "connected" ? listed : undefined;
      },
      60_000,
    );
    expect(instance.url).toBe(`${suite.hub.url}/relay/${instance.id}`);
    // A → (TLS) → B's relay → OpenCode, with no credential from here.
    const session = await createSession({ url: instance.url, headers: {} }, { title: "over tls" });
    expect(session.id).toMatch(/^ses_/);

    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 860 } });
    try {
      const page = await context.newPage();
      await page.goto(`${suite.hub.url}/?session=${session.id}`);
      // The tab's events come through A's multiplexer, which reads B's stream over TLS.
      const tab = page.locator(`[role="tab"][data-instance-id="${instance.id}"]`);
      await waitFor("B's tab connected on A's page", async () => (await tab.getAttribute("data-connection")) === "connected", 30_000);
      await sendFromComposer(page, "hello over TLS [[slow:20]]");
      const settled = await waitFor(
        "the reply on B",
        async () => {
          const reply = await settledReply(one, session.id);
          return reply && textOf(reply).length > 0 ? reply : undefined;
        },
        // B's first turn: a loaded machine (load 40+ on 2 cores) took over 60 s for it.
        120_000,
      );
      await waitFor(
        "the streamed reply on A's page",
        async () => flat(await timelineMessages(page, "assistant").last().innerText()).includes(flat(textOf(settled))),
        20_000,
      );
    } finally {
      await context.close();
    }
  }, 300_000);
});
