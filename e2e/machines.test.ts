/**
 * More than one machine (tasks/10-machines.md): machine "B" is a network namespace this test
 * creates (10.200.41.2), running real OpenCode 1.18.33 and 2.1.2 and a Switchboard with
 * `--remote --host 10.200.41.2`. Hub A (loopback, its own state folder) adds B by its one-time
 * link, lists B's instances under B's machine name and relays sends to them; groups B's tabs under
 * B's machine head; a phone reaches the Machines panel through ☰; follows B through a restart;
 * is added again from B's new address (one machine; B revokes the old credential); shows "signed
 * out, pair again" after `kill -USR2` on B. A server added by URL (B's 1.x OpenCode) says so on a
 * wrong password, works with the right one, and is removed from the page; so is B, after asking,
 * and B then revokes A's credential. No terminal of
 * another machine is relayed. No answer A gives contains B's OpenCode passwords or B's peer
 * credential.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, lastAssistantText, listMessages, promptAsync, type Target } from "../scripts/fleet/client.js";
import type { FleetServer, V2FleetServer } from "../scripts/fleet/index.js";
import type { Page } from "playwright-core";
import type { ToolPart } from "@opencode-ai/sdk/v2";
import { startHub, type Hub } from "./support/hub.js";
import { settledReply, storedMessages, textOf } from "./support/rest.js";
import { runTurn } from "./support/turns.js";
import { flat, sendFromComposer, timelineMessages } from "./support/workspace-page.js";
import { createNetns, netnsAvailable, type TestNetns } from "./support/netns.js";
import { browserSuite, type BrowserSuite } from "./support/suite.js";
import { waitFor } from "./support/wait.js";

const CLI = fileURLToPath(new URL("../packages/server/dist/cli.js", import.meta.url));
const B_PASSWORD = "b-only-secret-7c21";
const B_NAME = "machine-b";

interface Doc {
  instances: Array<{
    id: string;
    url: string;
    eventsUrl: string | null;
    port: number;
    status: string;
    protocol: string;
    origin?: string;
    machine?: { id: string; name: string } | null;
    directory: string | null;
  }>;
  machines?: Array<{ id: string; name: string; status: string; error: string | null }>;
}

let ns: TestNetns;
let v1: FleetServer;
let v2: V2FleetServer;
/** A's hub, fleet and browser (the fleet's servers run in B's namespace). */
let suite: BrowserSuite;
let hubB: Hub;
let page: Page;
const stateA = mkdtempSync(join(tmpdir(), "switchboard-state-a-"));
const stateB = mkdtempSync(join(tmpdir(), "switchboard-state-b-"));
/** Every session made on B's OpenCode servers in this test (B's tab lists these only). */
const sessionsOnB: string[] = [];
/** Every body A answered in this test, to check for secrets at the end. */
const answers: string[] = [];

async function getA(path: string): Promise<string> {
  const res = await fetch(`${suite.hub.url}${path}`);
  const text = await res.text();
  answers.push(text);
  return text;
}
const docA = async (): Promise<Doc> => JSON.parse(await getA("/api/instances")) as Doc;
async function postA(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${suite.hub.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await res.text();
  answers.push(text);
  return { status: res.status, json: JSON.parse(text) as Record<string, unknown> };
}

/** Starts B's hub inside the namespace (same state folder every time: its peer credentials live there). */
function startHubB(port = 0): Promise<Hub> {
  return startHub({
    command: [...ns.exec, process.execPath, CLI],
    // A later --port wins over startHub's --port 0: a restart keeps the address A knows.
    args: ["--remote", "--host", ns.address, "--machine-name", B_NAME, "--scan-interval", "500", "--port", String(port)],
    env: { ...process.env, XDG_STATE_HOME: stateB },
    // A loaded machine takes a while to start three Node processes at once.
    timeoutMs: 60_000,
  });
}

/** What A keeps of its peers (peers.json). */
const peersOfA = (): Array<{ id: string; url: string; credential: string }> =>
  (JSON.parse(readFileSync(join(stateA, "switchboard", "peers.json"), "utf8")) as { peers: Array<{ id: string; url: string; credential: string }> })
    .peers;
/** The peer credentials B holds (digests). */
const credentialsOfB = (): unknown[] =>
  (JSON.parse(readFileSync(join(stateB, "switchboard", "peer-credentials.json"), "utf8")) as { credentials: unknown[] }).credentials;

/** A's page adds B with the newest link B printed ("Add a machine"). */
async function addBFromPage(): Promise<void> {
  await page.goto(`${suite.hub.url}/`);
  await page.getByRole("button", { name: "Add a machine" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a machine" });
  await dialog.getByRole("textbox", { name: "Sign-in link" }).fill(await linkOfB());
  await dialog.getByRole("button", { name: "Add" }).click();
  await dialog.waitFor({ state: "detached", timeout: 20_000 });
}

/** The newest one-time link B printed. */
async function linkOfB(): Promise<string> {
  const re = new RegExp(`(http://${ns.address.replaceAll(".", "\\.")}:\\d+/auth/[A-Za-z0-9_-]{43})`, "g");
  return waitFor("B's sign-in link", () => [...hubB.output().matchAll(re)].at(-1)?.[1]);
}

const available = netnsAvailable();

afterAll(() => {
  rmSync(stateA, { recursive: true, force: true });
  rmSync(stateB, { recursive: true, force: true });
});

// Skipped only where namespaces cannot be made (not root, no iproute2): the test needs a second machine.
describe.skipIf(!available)("machines", () => {
  suite = browserSuite(() => ({ count: 0, wordDelayMs: 10, netns: { name: ns.name, address: ns.address, hostAddress: ns.hostAddress } }), {
    setup: () => {
      ns = createNetns("B", 41);
    },
    more: async (fleet) => {
      v1 = await fleet.startServer({ name: "b-one", password: B_PASSWORD });
      v2 = await fleet.startServer({ name: "b-two", generation: 2, kind: "serve" });
    },
    hub: { env: { ...process.env, XDG_STATE_HOME: stateA }, timeoutMs: 60_000 },
    hubLast: true,
    // A lists B's servers only once B is added; the tests look their ids up then.
    lookupIds: false,
    hookTimeoutMs: 180_000,
    teardown: () => ns?.remove(),
  });
  // B's hub, in B's namespace, once B's servers run there (stopped before the suite stops the rest).
  beforeAll(async () => {
    hubB = await startHubB();
  }, 90_000);
  afterAll(async () => {
    await hubB?.stop();
  });

  it("a server added by URL: a wrong password says so (422), the right one lists it and relays to it", async () => {
    const wrong = await postA("/api/url-servers", { url: v1.url, password: "not-it" });
    expect(wrong.status).toBe(422);
    expect(wrong.json).toMatchObject({ ok: false, reason: "rejected" });
    expect(String(wrong.json.message)).toMatch(/refused this password/);

    const right = await postA("/api/url-servers", { url: v1.url, password: B_PASSWORD });
    expect(right.status, JSON.stringify(right.json)).toBe(200);
    const instance = right.json.instance as Doc["instances"][number];
    expect(instance).toMatchObject({ origin: "url", machine: null, status: "ready", version: "1.18.33" });
    // The page gets a relay URL on A, never B's address or the password.
    expect(instance.url).toBe(`${suite.hub.url}/relay/${instance.id}`);
    const listed = (await docA()).instances.find((i) => i.id === instance.id);
    expect(listed?.url).toBe(`${suite.hub.url}/relay/${instance.id}`);
    // Remembered, 0600.
    const file = join(stateA, "switchboard", "servers.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toContain(v1.url);
    // Through A's relay, with no credentials from here.
    const viaA: Target = { url: `${suite.hub.url}/relay/${instance.id}`, headers: {} };
    const session = await createSession(viaA, { title: "by url" });
    expect(session.id).toMatch(/^ses_/);
    sessionsOnB.push(session.id);
    // A's relay keeps its allow-list for other hosts too.
    expect((await fetch(`${suite.hub.url}/relay/${instance.id}/pty/shells`)).status).toBe(403);
    // No terminal on another machine (tasks/10-machines.md): refused before B's OpenCode starts one.
    const shell = await fetch(`${suite.hub.url}/relay/${instance.id}/pty`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(shell.status).toBe(403);
    expect(await shell.json()).toMatchObject({ reason: "terminal-not-relayed" });
  });

  it("A's page adds machine B by its link; B's instances are listed under its name and everything goes A → B → OpenCode", async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    const requested: string[] = [];
    page.on("request", (r) => requested.push(r.url()));
    page.on("response", async (r) => {
      if ((r.headers()["content-type"] ?? "").includes("event-stream")) return;
      answers.push(await r.text().catch(() => ""));
    });
    await addBFromPage();
    const peers = await waitFor(
      "B's two instances on A",
      async () => {
        const doc = await docA();
        const fromB = doc.instances.filter((i) => i.origin === "peer" && i.machine?.name === B_NAME && i.status === "ready");
        return fromB.length >= 2 && doc.machines?.[0]?.status === "connected" ? { doc, fromB } : undefined;
      },
      30_000,
    );
    const one = peers.fromB.find((i) => i.protocol === "global" && i.port === v1.port);
    const two = peers.fromB.find((i) => i.protocol === "v2" && i.port === v2.port);
    expect(one?.url).toBe(`${suite.hub.url}/relay/${one?.id}`);
    expect(two?.eventsUrl).toBe(`${suite.hub.url}/relay/${two?.id}/api/event`);
    // The credential is in A's state folder, 0600.
    const file = join(stateA, "switchboard", "peers.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);

    // 1.x on B: a turn through A's relay, then B's relay, then OpenCode.
    const viaA1: Target = { url: one?.url as string, headers: {} };
    const s1 = await createSession(viaA1, { title: "from A" });
    sessionsOnB.push(s1.id);
    await promptAsync(viaA1, s1.id, "hello from machine A");
    const reply = await waitFor(
      "the reply on B, read through A",
      async () => {
        const text = lastAssistantText(await listMessages(viaA1, s1.id));
        return text.length > 0 ? text : undefined;
      },
      // B's first turn: a loaded machine (load 40+ on 2 cores) took over 60 s for it.
      120_000,
    );
    expect(reply.length).toBeGreaterThan(0);
    // The event stream through A: OpenCode's first event arrives.
    const stream = await fetch(one?.eventsUrl as string);
    expect(stream.status).toBe(200);
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain("server.connected");
    await reader.cancel();

    // 2.x on B: B holds its password; A reaches it without it.
    const viaA2: Target = { url: two?.url as string, headers: {}, generation: 2, directory: v2.directory };
    const s2 = await createSession(viaA2 as Target & { generation: 2 });
    expect(s2.id).toMatch(/^ses_/);
    sessionsOnB.push(s2.id);

    // The page: B's tabs carry B's name and connect through A's relay.
    const tab = page.locator(`[role="tab"][data-instance-id="${one?.id}"]`);
    await waitFor(
      "B's 1.x tab connected on A's page",
      async () => (await tab.getAttribute("data-machine")) === B_NAME && (await tab.getAttribute("data-connection")) === "connected",
      30_000,
    );
    expect(await page.locator(`[data-machine="${B_NAME}"][data-connection="connected"]`).count()).toBeGreaterThanOrEqual(1);

    // Streams a reply, sends, answers a permission, opens Changes: a session on B, from A's page.
    const direct = v1; // the fleet reaches B's OpenCode itself (with B's password) only to check what happened there
    const s3 = await createSession(direct, { title: "page on A" });
    sessionsOnB.push(s3.id);
    await page.goto(`${suite.hub.url}/?session=${s3.id}`);
    await sendFromComposer(page, "hello from A's page [[slow:20]]");
    const streamed = await waitFor("the reply to settle on B", () => settledReply(direct, s3.id), 60_000);
    await waitFor(
      "the streamed reply on A's page",
      async () => flat(await timelineMessages(page, "assistant").last().innerText()).includes(flat(textOf(streamed))),
      20_000,
    );
    await sendFromComposer(page, "[[bash:echo via-peer]] run it");
    const prompt = page.locator("[data-permission-id]");
    await prompt.waitFor({ timeout: 30_000 });
    await prompt.getByRole("button", { name: "Allow once" }).click();
    const bash = await waitFor(
      "the bash tool to complete on B",
      async () => {
        const part = (await storedMessages(direct, s3.id)).flatMap((m) => m.parts).find((p): p is ToolPart => p.type === "tool" && p.tool === "bash");
        return part?.state.status === "completed" ? part : undefined;
      },
      30_000,
    );
    expect(bash.state.status === "completed" ? bash.state.output : "").toContain("via-peer");
    await runTurn(direct, s3.id, "[[write:notes/from-a.txt:one\\ntwo]] write it");
    await page.getByRole("button", { name: /^Changes/ }).click();
    const changed = page.getByRole("region", { name: "Changes" }).locator('[data-diff-file="notes/from-a.txt"]');
    await changed.waitFor({ timeout: 20_000 });
    expect(await changed.getAttribute("data-additions")).toBe("2");
    // The page never talked to machine B (on loopback it still talks to this machine's own servers directly).
    expect(requested.filter((u) => new URL(u).hostname === ns.address)).toEqual([]);
    expect(requested.some((u) => u.startsWith(`${suite.hub.url}/relay/${one?.id}/`))).toBe(true);
  }, 300_000);

  it("groups B's tabs under B's machine head after this machine's; a phone reaches the machines through ☰", async () => {
    await page.goto(`${suite.hub.url}/`);
    const group = page.locator(`.instance-tabs .machine-group:has(.machine-tab[data-machine="${B_NAME}"])`);
    await group.locator('.machine-tab[data-connection="connected"]').waitFor({ timeout: 20_000 });
    expect(await group.locator('[role="tab"]').count()).toBeGreaterThanOrEqual(2);
    for (const machine of await group.locator('[role="tab"]').evaluateAll((tabs) => tabs.map((t) => t.getAttribute("data-machine"))))
      expect(machine).toBe(B_NAME);
    // Nothing of B's is outside its group.
    expect(await page.locator(`.instance-tabs > [role="tab"][data-machine]`).count()).toBe(0);
    // B's head is B's own All: the session list shows B's sessions only (this machine's are elsewhere).
    const head = group.locator(".machine-tab");
    await head.click();
    await waitFor(
      "B's tab selected",
      async () => new URL(page.url()).pathname.startsWith("/machine/") && (await head.getAttribute("aria-selected")) === "true",
    );
    const rows = page.locator(".session-list .session-row");
    await page.locator(`.session-list .session-row[data-session-id="${sessionsOnB.at(-1)}"]`).waitFor({ timeout: 20_000 });
    const listed = await rows.evaluateAll((els) => els.map((el) => el.getAttribute("data-session-id")));
    expect(listed.filter((id) => !sessionsOnB.includes(id ?? ""))).toEqual([]);
    await page.getByRole("tab", { name: /^All, / }).click();

    const phone = await suite.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    try {
      const p = await phone.newPage();
      await p.goto(`${suite.hub.url}/`);
      await p.locator(`.machine-tab[data-machine="${B_NAME}"]`).waitFor({ timeout: 20_000 });
      const panel = p.getByRole("region", { name: "Machines" });
      expect(await panel.isVisible()).toBe(false); // in the closed drawer
      await p.getByRole("button", { name: "Sessions" }).tap();
      await panel.locator(`.machine-row[data-machine="${B_NAME}"][data-connection="connected"]`).waitFor({ timeout: 10_000 });
      const add = panel.getByRole("button", { name: "Add a machine" });
      // The drawer slides in: read the button's box once it has come to rest inside the screen.
      let box: Awaited<ReturnType<typeof add.boundingBox>> = null;
      const fits = async () => {
        box = await add.boundingBox();
        return box !== null && box.x >= 0 && box.x + box.width <= 390 && box.height >= 40;
      };
      await waitFor("Add a machine to sit inside the phone's screen, 40 px tall", fits, 5_000).catch((e: unknown) => {
        throw new Error(`${String(e)}: ${JSON.stringify(box)}`);
      });
      await add.tap();
      const dialog = p.getByRole("dialog", { name: "Add a machine" });
      const shown = await dialog.boundingBox();
      expect(shown && shown.x >= 0 && shown.x + shown.width <= 390).toBe(true);
      await dialog.getByRole("button", { name: "Cancel" }).tap();
      await dialog.waitFor({ state: "detached" });
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await phone.close();
    }
  });

  it("B's hub stops: A keeps B's instances and shows B offline; B restarts: A reconnects by itself", async () => {
    await hubB.stop();
    const offline = await waitFor(
      "B offline on A",
      async () => {
        const doc = await docA();
        return doc.machines?.[0]?.status === "offline" ? doc : undefined;
      },
      20_000,
    );
    expect(offline.instances.filter((i) => i.machine?.name === B_NAME).length).toBeGreaterThanOrEqual(2);
    expect(offline.machines?.[0]?.error).toMatch(/does not answer/);
    await page.goto(`${suite.hub.url}/`);
    await page.locator(`.machine-tab[data-machine="${B_NAME}"][data-connection="offline"]`).waitFor({ timeout: 20_000 });
    expect(await page.locator(`[role="tab"][data-machine="${B_NAME}"]`).count()).toBeGreaterThanOrEqual(2);
    hubB = await startHubB(Number(new URL(hubB.url).port));
    await waitFor("B connected again on A", async () => ((await docA()).machines?.[0]?.status === "connected" ? true : undefined), 30_000);
    await page.locator(`.machine-tab[data-machine="${B_NAME}"][data-connection="connected"]`).waitFor({ timeout: 20_000 });
  });

  it("B moves to another address and is added again with a link from there: still one machine, and B revokes the old credential", async () => {
    const old = peersOfA()[0];
    await hubB.stop();
    hubB = await startHubB(); // a new port: B's origin changed
    expect(new URL(hubB.url).origin).not.toBe(old?.url);
    await addBFromPage();
    await page.locator(`.machine-tab[data-machine="${B_NAME}"][data-connection="connected"]`).waitFor({ timeout: 30_000 });
    const machines = (await docA()).machines ?? [];
    expect(machines).toEqual([expect.objectContaining({ id: old?.id, url: new URL(hubB.url).origin, status: "connected" })]);
    expect(await page.locator(".machine-group").count()).toBe(1);
    const now = peersOfA();
    expect(now).toHaveLength(1);
    expect(now[0]?.credential).not.toBe(old?.credential);
    // B keeps the digest of the new credential only; the old one is refused there.
    expect(credentialsOfB()).toHaveLength(1);
    expect((await fetch(`${hubB.url}/api/instances`, { headers: { authorization: `Bearer ${old?.credential}` } })).status).toBe(401);
  });

  it("B signs every device out (kill -USR2): A shows B signed out", async () => {
    process.kill(hubB.pid, "SIGUSR2");
    const machine = await waitFor("B signed out on A", async () => (await docA()).machines?.find((m) => m.status === "signed-out"), 20_000);
    expect(machine.error).toMatch(/pair again/);
    const tab = page.locator(`.machine-tab[data-machine="${B_NAME}"][data-connection="signed-out"]`);
    await tab.waitFor({ timeout: 20_000 });
    expect(await tab.innerText()).toContain("signed out, pair again");
  });

  it("a server added by URL is removed from the page: gone from A's list and from servers.json", async () => {
    const server = (await docA()).instances.find((i) => i.origin === "url");
    expect(server).toBeDefined();
    await page.goto(`${suite.hub.url}/`);
    const row = page.getByRole("region", { name: "Machines" }).locator(`.server-row[data-server-id="${server?.id}"]`);
    await row.getByRole("button", { name: /^Remove / }).click();
    await row.getByRole("button", { name: /^Yes, remove / }).click();
    await row.waitFor({ state: "detached", timeout: 20_000 });
    await page.locator(`[role="tab"][data-instance-id="${server?.id}"]`).waitFor({ state: "detached", timeout: 20_000 });
    expect((await docA()).instances.some((i) => i.origin === "url")).toBe(false);
    expect(readFileSync(join(stateA, "switchboard", "servers.json"), "utf8")).not.toContain(v1.url);
    // Its relay is gone with it.
    expect((await fetch(`${suite.hub.url}/relay/${server?.id}/session`)).status).toBe(404);
  });

  it("no answer of A carries B's OpenCode passwords or B's peer credential", async () => {
    const credential = peersOfA()[0]?.credential as string;
    expect(credential.length).toBeGreaterThan(20);
    const secrets = [
      B_PASSWORD,
      v2.password,
      credential,
      Buffer.from(`opencode:${B_PASSWORD}`).toString("base64"),
      Buffer.from(`opencode:${v2.password}`).toString("base64"),
    ];
    await getA("/api/instances");
    for (const body of answers) for (const secret of secrets) expect(body.includes(secret)).toBe(false);
  });

  // Last: it forgets B (the secrets test reads B's credential from peers.json).
  it("B signed out is paired again with its new link; removing it asks first, then B revokes A's credential and A forgets it", async () => {
    const again = await postA("/api/machines", { link: await linkOfB() });
    expect(again.status, JSON.stringify(again.json)).toBe(200);
    await page.goto(`${suite.hub.url}/`);
    await page.locator(`.machine-group .machine-tab[data-machine="${B_NAME}"][data-connection="connected"]`).waitFor({ timeout: 30_000 });
    expect(credentialsOfB()).toHaveLength(1);
    const panel = page.getByRole("region", { name: "Machines" });
    await panel.getByRole("button", { name: `Remove ${B_NAME}` }).click();
    // Nothing is removed until the user confirms; Keep takes it back.
    await panel.getByRole("button", { name: `Keep ${B_NAME}` }).click();
    expect(peersOfA()).toHaveLength(1);
    await panel.getByRole("button", { name: `Remove ${B_NAME}` }).click();
    await panel.getByRole("button", { name: `Yes, remove ${B_NAME}` }).click();
    await page.locator(`.machine-group`).waitFor({ state: "detached", timeout: 20_000 });
    expect(await panel.getByRole("status").innerText()).toContain(`${B_NAME} is forgotten; it revoked this hub's credential.`);
    expect(credentialsOfB()).toEqual([]);
    expect(await page.locator(`[role="tab"][data-machine="${B_NAME}"]`).count()).toBe(0);
    expect((await docA()).machines).toEqual([]);
    expect(peersOfA()).toEqual([]);
  });
});
