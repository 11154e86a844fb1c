/**
 * Remote mode (tasks/07 part 3): the built hub on a second loopback address (127.0.0.2) with
 * `--remote`, real `opencode serve` processes on 127.0.0.1 (one with a password the hub reads
 * from its environment), Debian's Chromium. Without the cookie nothing answers; after the
 * one-time link the page does everything through the relay and never sees a password.
 */
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import type { ToolPart } from "@opencode-ai/sdk/v2";
import type { FleetServer } from "../scripts/fleet/index.js";
import { createSession, rest, settledReply, storedMessages, textOf } from "./support/rest.js";
import { browserSuite } from "./support/suite.js";
import { waitFor } from "./support/wait.js";
import { composer, flat, instanceTab, sendFromComposer, timelineMessages, waitConnected } from "./support/workspace-page.js";

const PASSWORD = "remote-test-secret-4f9a";

let alpha: FleetServer;
let locked: FleetServer;
let link: string;
let context: BrowserContext;
let page: Page;
/** Cookie header of the signed-in browser, for checks made from here. */
let cookie: string;
/** Every response body the browser received (event streams excepted: they never end). */
const bodies: Array<{ url: string; body: string }> = [];
/** Every URL the browser requested. */
const requested: string[] = [];

/** The forms a password can take on the wire: plain, Basic token, URL-encoded token. */
function passwordForms(): string[] {
  const basic = Buffer.from(`opencode:${PASSWORD}`).toString("base64");
  return [PASSWORD, basic, encodeURIComponent(basic)];
}

/** The hub's current id for a fleet server, read as the signed-in page would (with the cookie). */
async function remoteInstanceId(server: FleetServer, timeoutMs = 20_000): Promise<string> {
  return waitFor(
    `the hub to list :${server.port} as ready`,
    async () => {
      const doc = (await (await fetch(`${suite.hub.url}/api/instances`, { headers: { cookie } })).json()) as {
        instances: Array<{ id: string; port: number; pid: number; status: string }>;
      };
      return doc.instances.find((i) => i.port === server.port && i.pid === server.pid && i.status === "ready")?.id;
    },
    timeoutMs,
  );
}

/** GET with the path sent exactly as written (fetch would resolve "%2e%2e" before sending). */
function rawGet(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${suite.hub.url}/`, { path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

/** The first bytes of an event stream, read with the cookie. */
async function streamHead(url: string, bytes = 4096): Promise<{ status: number; text: string }> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { cookie }, signal: controller.signal });
  let text = "";
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const deadline = Date.now() + 3_000;
  while (text.length < bytes && Date.now() < deadline) {
    const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), 500))]);
    if (!chunk || chunk.done) break;
    text += new TextDecoder().decode(chunk.value);
  }
  controller.abort();
  return { status: res.status, text };
}

const suite = browserSuite(
  { count: 1, wordDelayMs: 10 },
  {
    more: async (fleet) => {
      locked = await fleet.startServer({ name: "locked", password: PASSWORD });
    },
    // Debug level: the request lines must still never show a sign-in token or a cookie.
    hub: { args: ["--host", "127.0.0.2", "--remote"], env: { ...process.env, SWITCHBOARD_LOG: "debug" } },
    // The hub answers 401 until the page signs in; the tests read ids with the cookie (remoteInstanceId).
    lookupIds: false,
    hookTimeoutMs: 180_000,
  },
);

beforeAll(async () => {
  alpha = suite.servers[0] as FleetServer;
  link = await waitFor(
    "the one-time link in the hub's output",
    () => /(http:\/\/127\.0\.0\.2:\d+\/auth\/[A-Za-z0-9_-]{43})/.exec(suite.hub.output())?.[1],
  );
  expect(suite.hub.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
});

afterAll(async () => {
  await context?.close();
});

describe("remote mode", () => {
  it("answers 401 to every route without the cookie: page, static files, API, relay", async () => {
    const asset = "/assets/does-not-matter.js";
    for (const path of [
      "/",
      "/?session=x",
      asset,
      "/sw.js",
      "/manifest.webmanifest",
      "/icons/icon-192.png",
      "/api/health",
      "/api/instances",
      "/api/instances/stream",
      "/relay/anything/session",
      "/relay/anything/global/event",
    ]) {
      const res = await fetch(`${suite.hub.url}${path}`, { headers: { accept: "text/html" } });
      expect(res.status, path).toBe(401);
      await res.body?.cancel();
    }
    const post = await fetch(`${suite.hub.url}/api/instances/x/credentials`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"password":"x"}',
    });
    expect(post.status).toBe(401);
  });

  it("signs in with the one-time link; the page lists the instances, streams a reply through the relay, sends and approves a permission", async () => {
    context = await suite.browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    page.on("request", (r) => requested.push(r.url()));
    page.on("response", async (r) => {
      if ((r.headers()["content-type"] ?? "").includes("event-stream")) return;
      bodies.push({ url: r.url(), body: await r.text().catch(() => "") });
    });
    await page.goto(link);
    expect(page.url()).toBe(`${suite.hub.url}/`);
    const jar = await context.cookies(suite.hub.url);
    const session = jar.find((c) => c.name === "switchboard_session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Strict" });
    cookie = `${session?.name}=${session?.value}`;
    // The link is spent.
    expect((await fetch(link, { redirect: "manual" })).status).toBe(401);
    // The hub printed the link once; its debug log lines show the sign-in as /auth/… only.
    const token = link.slice(link.lastIndexOf("/") + 1);
    await waitFor("the sign-in request logged", () => suite.hub.output().includes("/auth/…"));
    expect(suite.hub.output().split(token).length - 1).toBe(1);
    expect(suite.hub.output()).not.toContain(session?.value as string);

    const alphaId = await remoteInstanceId(alpha);
    const lockedId = await remoteInstanceId(locked);
    await waitConnected(page, [alphaId, lockedId]);

    const s = await createSession(alpha, "remote session");
    await page.goto(`${suite.hub.url}/?session=${s.id}`);
    await waitConnected(page, [alphaId]);
    await sendFromComposer(page, "hello through the relay [[slow:20]]");
    const reply = await waitFor("the reply to settle", () => settledReply(alpha, s.id), 30_000);
    await waitFor(
      "the streamed reply to equal the stored one",
      async () => flat(await timelineMessages(page, "assistant").last().innerText()).includes(flat(textOf(reply))),
      15_000,
    );

    await sendFromComposer(page, "[[bash:echo via-relay]] run it");
    const prompt = page.locator("[data-permission-id]");
    await prompt.waitFor({ timeout: 20_000 });
    await prompt.getByRole("button", { name: "Allow once" }).click();
    const tool = await waitFor(
      "the bash tool to complete on the server",
      async () => {
        const part = (await storedMessages(alpha, s.id)).flatMap((m) => m.parts).find((p): p is ToolPart => p.type === "tool" && p.tool === "bash");
        return part?.state.status === "completed" ? part : undefined;
      },
      20_000,
    );
    expect(tool.state.status === "completed" ? tool.state.output : "").toContain("via-relay");

    // The password server works through the relay too, and the page never talked to OpenCode directly.
    const ls = await createSession(locked, "locked remote session");
    await page.goto(`${suite.hub.url}/?session=${ls.id}`);
    await waitConnected(page, [lockedId]);
    await sendFromComposer(page, "hello locked");
    const lockedReply = await waitFor("the locked server's reply", () => settledReply(locked, ls.id), 30_000);
    await waitFor(
      "its reply on the page",
      async () => flat(await timelineMessages(page, "assistant").last().innerText()).includes(flat(textOf(lockedReply))),
      15_000,
    );
    expect(requested.filter((u) => !u.startsWith(`${suite.hub.url}/`))).toEqual([]);
    expect(requested.some((u) => u.startsWith(`${suite.hub.url}/relay/${alphaId}/`))).toBe(true);
  });

  it("reconnects through the relay after its server restarts", async () => {
    const s = await createSession(alpha, "remote restart");
    const oldId = await remoteInstanceId(alpha);
    await page.goto(`${suite.hub.url}/?session=${s.id}`);
    await waitConnected(page, [oldId]);
    alpha = await suite.fleet.restart(alpha);
    const newId = await remoteInstanceId(alpha, 30_000);
    expect(newId).not.toBe(oldId);
    await waitConnected(page, [newId], 30_000);
    // Sent at once: the composer waits for the new server's models, so the prompt carries the
    // model it shows (sent bare, a just-started 1.18.33 sometimes ran it on its built-in default).
    await sendFromComposer(page, "after the restart");
    const reply = await waitFor("the reply after the restart", () => settledReply(alpha, s.id), 30_000);
    const sent = (await storedMessages(alpha, s.id)).map((m) => m.info).filter((m) => m.role === "user");
    expect(sent.at(-1)).toMatchObject({ model: { providerID: "mock", modelID: "mock-1" } });
    await waitFor(
      "it streamed to the page",
      async () => flat(await timelineMessages(page, "assistant").last().innerText()).includes(flat(textOf(reply))),
      15_000,
    );
    expect(await instanceTab(page, newId).getAttribute("data-connection")).toBe("connected");
    // A history load that failed while the server was down is retried, not left on the page.
    await waitFor("no stale load error", async () => (await page.getByText("Could not load messages").count()) === 0, 10_000);
  });

  it("creates a session from the page and prompts it, through the relay (POST /session, then the prompt)", async () => {
    const id = await remoteInstanceId(alpha);
    const listed = async () =>
      (await rest<Array<{ id: string }>>(alpha, `/session?directory=${encodeURIComponent(alpha.directory)}`)).map((s) => s.id);
    const before = await listed();
    await page.goto(`${suite.hub.url}/`);
    await waitConnected(page, [id]);
    const posts: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST") posts.push(new URL(r.url()).pathname);
    });
    await page.locator(`nav[aria-label="Session list"] button[aria-label="New session"][data-new-session-for="${id}"]`).first().click();
    await page.getByRole("region", { name: "New session" }).waitFor();
    await sendFromComposer(page, "created through the relay");
    const tab = page.getByRole("tablist", { name: "Sessions" }).locator('[role="tab"][aria-selected="true"]');
    const sessionId = await waitFor("the new session's tab", () => tab.getAttribute("data-session-id", { timeout: 1_000 }).catch(() => null), 20_000);
    expect((await listed()).filter((s) => !before.includes(s))).toEqual([sessionId]);
    const reply = await waitFor("the new session's reply", () => settledReply(alpha, sessionId), 30_000);
    await waitFor(
      "the reply on the page",
      async () => flat(await timelineMessages(page, "assistant").last().innerText()).includes(flat(textOf(reply))),
      15_000,
    );
    expect(posts).toContain(`/relay/${id}/session`);
    expect(posts.some((p) => p.startsWith(`/relay/${id}/session/${sessionId}/`))).toBe(true);
  });

  it("lists this device under Devices; Sign out everywhere closes open streams at once and the new link signs back in", async () => {
    await page.goto(`${suite.hub.url}/`);
    await page.getByRole("button", { name: "Devices" }).click();
    const panel = page.getByRole("dialog", { name: "Signed-in devices" });
    await waitFor("this device listed", async () => (await panel.innerText()).includes("Chrome on Linux (this device)"));
    // A stream held open with this device's cookie, as a second tab would.
    const controller = new AbortController();
    const stream = await fetch(`${suite.hub.url}/relay/_events`, { headers: { cookie }, signal: controller.signal });
    expect(stream.status).toBe(200);
    let closedAt: number | null = null;
    void (async () => {
      const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
      for (;;) if ((await reader.read()).done) break;
    })()
      .catch(() => undefined)
      .finally(() => (closedAt = performance.now()));
    const linksBefore = suite.hub.output().match(/\/auth\/[A-Za-z0-9_-]{43}/g)?.length ?? 0;
    page.once("dialog", (d) => void d.accept());
    const rotated = page.waitForResponse((r) => r.url() === `${suite.hub.url}/api/remote/rotate`);
    await panel.getByRole("button", { name: "Sign out everywhere" }).click();
    expect((await rotated).status()).toBe(200);
    // The hub closes the streams before it answers the page: within 1 s of that answer at the latest.
    const answered = performance.now();
    await waitFor("the held stream closed", () => closedAt !== null, 1_000, 5);
    console.info(`e2e: held stream closed ${((closedAt ?? answered) - answered).toFixed(0)} ms relative to the rotate answer reaching the test`);
    await panel.getByRole("status").waitFor();
    expect((await fetch(`${suite.hub.url}/api/health`, { headers: { cookie } })).status).toBe(401);
    // The hub printed a new link; it signs this browser back in (for the tests below).
    const fresh = await waitFor(
      "a new link in the hub's output",
      () => (suite.hub.output().match(/(http:\/\/127\.0\.0\.2:\d+\/auth\/[A-Za-z0-9_-]{43})/g) ?? [])[linksBefore],
    );
    await page.goto(fresh);
    const jar = await context.cookies(suite.hub.url);
    const session = jar.find((c) => c.name === "switchboard_session");
    cookie = `${session?.name}=${session?.value}`;
    expect((await fetch(`${suite.hub.url}/api/health`, { headers: { cookie } })).status).toBe(200);
    controller.abort();
  });

  it("refuses a non-verified port, path tricks and a cross-site POST, even with the cookie", async () => {
    const id = await remoteInstanceId(alpha);
    expect(await rawGet("/relay/127.0.0.1:22/session", { cookie })).toBe(404);
    expect(await rawGet("/relay/not-a-verified-id/session", { cookie })).toBe(404);
    expect(await rawGet(`/relay/${id}/session/%2e%2e/config`, { cookie })).toBe(400);
    expect(await rawGet(`/relay/${id}/session%2Fstatus`, { cookie })).toBe(400);
    expect(await rawGet(`/relay/${id}/session/../../../etc/passwd`, { cookie })).toBe(400);
    expect(await rawGet(`/relay/${id}/pty/shells`, { cookie })).toBe(403);
    // A terminal socket is an upgrade only: a plain GET of its route is refused.
    expect(await rawGet(`/relay/${id}/pty/pty_1/connect`, { cookie })).toBe(405);
    const crossSite = await fetch(`${suite.hub.url}/relay/${id}/session`, {
      method: "POST",
      headers: { cookie, origin: "https://evil.example", "sec-fetch-site": "cross-site", "content-type": "application/json" },
      body: "{}",
    });
    expect(crossSite.status).toBe(403);
    // Sanity: the same route answers for the page itself.
    expect(await rawGet(`/relay/${id}/session`, { cookie })).toBe(200);
  });

  it("never hands the browser a server password", async () => {
    const lockedId = await remoteInstanceId(locked);
    const seen = [...bodies];
    seen.push({ url: "/api/instances", body: await (await fetch(`${suite.hub.url}/api/instances`, { headers: { cookie } })).text() });
    seen.push({ url: "/api/instances/stream", body: (await streamHead(`${suite.hub.url}/api/instances/stream`)).text });
    const events = await streamHead(`${suite.hub.url}/relay/${lockedId}/global/event`);
    expect(events.status).toBe(200);
    seen.push({ url: "relay events", body: events.text });
    expect(seen.length).toBeGreaterThan(10);
    for (const { url, body } of seen) {
      for (const secret of passwordForms()) expect(body.includes(secret), `${url} contains a password form`).toBe(false);
    }
    expect(requested.some((u) => u.includes("auth_token"))).toBe(false);
  });

  it("rate-limits a burst of 100 wrong tokens and keeps answering", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++)
      statuses.push((await fetch(`${suite.hub.url}/auth/${"x".repeat(40)}${String(i).padStart(3, "0")}`, { redirect: "manual" })).status);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(90);
    expect((await fetch(`${suite.hub.url}/api/health`, { headers: { cookie } })).status).toBe(200);
    await page.reload();
    await composer(page).waitFor();
    expect(await page.getByRole("tablist", { name: "Instances" }).count()).toBe(1);
  });
});
