// Remote mode on the app, against a stand-in upstream (a plain HTTP server playing OpenCode's
// routes) so the relay's forwarding, credentials and streaming can be observed from both sides.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeRegistry, sampleDocument, sampleInstance } from "../test-support/fake-registry.js";
import { buildTestApp, makeUiDir } from "../test-support/test-app.js";
import { createRemoteAuth, type RemoteAuth } from "./auth-state.js";
import { SESSION_COOKIE } from "./cookie.js";
import { createFailureLimiter } from "./failure-limiter.js";

const PASSWORD_TOKEN = Buffer.from("opencode:hunter2-secret").toString("base64");

let upstream: Server;
let seen: Array<{ method: string; url: string; authorization: string | undefined; body: string; cookie: string | undefined }>;
let streamClosed: Promise<void>;
let app: FastifyInstance;
let base: string;
let auth: RemoteAuth;
let ui: ReturnType<typeof makeUiDir>;
const rotated: string[] = [];

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => resolve(body));
  });
}

beforeAll(async () => {
  seen = [];
  let markClosed = () => {};
  streamClosed = new Promise((resolve) => (markClosed = resolve));
  upstream = createServer(async (req, res) => {
    seen.push({
      method: req.method ?? "",
      url: req.url ?? "",
      authorization: req.headers.authorization,
      cookie: req.headers.cookie,
      body: await readBody(req),
    });
    if (req.url === "/global/event") {
      res.writeHead(200, { "content-type": "text/event-stream", "set-cookie": "upstream=1" });
      res.write('data: {"type":"server.connected"}\n\n');
      // OpenCode 2's heartbeat is an SSE comment.
      res.write(": heartbeat\n\n");
      req.socket.on("close", markClosed);
      return;
    }
    res.writeHead(200, { "content-type": "application/json", "www-authenticate": 'Basic realm="x"', "access-control-allow-origin": "*" });
    res.end(JSON.stringify({ path: req.url }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const port = (upstream.address() as AddressInfo).port;
  const doc = sampleDocument();
  doc.instances[0] = sampleInstance({
    id: "inst-up",
    url: `http://127.0.0.1:${port}`,
    port,
    eventsUrl: `http://127.0.0.1:${port}/global/event?auth_token=${encodeURIComponent(PASSWORD_TOKEN)}`,
  });
  auth = createRemoteAuth();
  ui = makeUiDir();
  ({ app } = await buildTestApp({
    uiDir: ui.dir,
    host: "127.0.0.2",
    registry: createFakeRegistry(doc),
    remote: { auth, limiter: createFailureLimiter({ max: 10, windowMs: 60_000 }), secure: false, onRotate: (t) => rotated.push(t) },
  }));
  await app.listen({ port: 0, host: "127.0.0.1" });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => upstream?.close(resolve));
  ui?.cleanup();
});

/** GET with the path sent exactly as written (fetch would resolve "%2e%2e" and ".." before sending). */
function rawGet(path: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}/`, { path, headers: { cookie } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

/** Signs in with a fresh one-time link; returns the Cookie header value. */
async function signIn(): Promise<string> {
  const res = await fetch(`${base}/auth/${auth.mintToken()}`, { redirect: "manual" });
  expect(res.status).toBe(303);
  const setCookie = res.headers.get("set-cookie") ?? "";
  expect(setCookie).toMatch(/HttpOnly/);
  expect(setCookie).toMatch(/SameSite=Strict/);
  return setCookie.split(";")[0] as string;
}

describe("remote gate", () => {
  it.each([
    "/",
    "/index.html",
    "/assets/app-abc123.js",
    "/session/x",
    "/api/health",
    "/api/instances",
    "/api/instances/stream",
    "/relay/inst-up/session",
    "/relay/inst-up/global/event",
    "/sw.js",
    "/nope",
  ])("answers 401 to %s without the cookie", async (path) => {
    const res = await fetch(`${base}${path}`, { headers: { accept: "text/html" } });
    expect(res.status).toBe(401);
    expect(await res.text()).toMatch(/one-time sign-in link/);
  });

  it("turns the one-time link into a cookie once, then lets the page in", async () => {
    const token = auth.mintToken();
    const first = await fetch(`${base}/auth/${token}`, { redirect: "manual" });
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/");
    const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0] as string;
    expect((await fetch(`${base}/auth/${token}`, { redirect: "manual" })).status).toBe(401);
    const page = await fetch(`${base}/`, { headers: { cookie, accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Switchboard test UI");
    expect((await fetch(`${base}/api/health`, { headers: { cookie: `${SESSION_COOKIE}=${"z".repeat(43)}` } })).status).toBe(401);
    // A signed-in device reopening a link goes to the page and does not spend a fresh token.
    const again = await fetch(`${base}/auth/${token}`, { headers: { cookie }, redirect: "manual" });
    expect(again.status).toBe(303);
    expect(again.headers.get("set-cookie")).toBeNull();
    const fresh = auth.mintToken();
    expect((await fetch(`${base}/auth/${fresh}`, { headers: { cookie }, redirect: "manual" })).status).toBe(303);
    expect((await fetch(`${base}/auth/${fresh}`, { redirect: "manual" })).headers.get("set-cookie")).toMatch(/HttpOnly/);
  });

  it("hands out relay URLs and no credentials", async () => {
    const cookie = await signIn();
    const text = await (await fetch(`${base}/api/instances`, { headers: { cookie } })).text();
    const doc = JSON.parse(text) as { instances: Array<{ id: string; url: string; eventsUrl: string | null }> };
    expect(doc.instances[0]).toMatchObject({ url: `${base}/relay/inst-up`, eventsUrl: `${base}/relay/inst-up/global/event` });
    expect(text).not.toContain(PASSWORD_TOKEN);
    expect(text).not.toContain(encodeURIComponent(PASSWORD_TOKEN));
    expect(text).not.toContain("auth_token");
  });

  it("relays the page's routes with the instance's credentials added by the hub, not the browser's cookie", async () => {
    const cookie = await signIn();
    seen.length = 0;
    const res = await fetch(`${base}/relay/inst-up/session/ses_1/prompt_async?directory=%2Ftmp%2Fa`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin: base, "sec-fetch-site": "same-origin" },
      body: JSON.stringify({ parts: [{ type: "text", text: "hi" }] }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ path: "/session/ses_1/prompt_async?directory=%2Ftmp%2Fa" });
    expect(res.headers.get("www-authenticate")).toBeNull();
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(seen[0]).toMatchObject({
      method: "POST",
      authorization: `Basic ${PASSWORD_TOKEN}`,
      cookie: undefined,
      body: '{"parts":[{"type":"text","text":"hi"}]}',
    });
  });

  it("refuses unknown instances, other routes and path tricks without calling upstream", async () => {
    const cookie = await signIn();
    seen.length = 0;
    for (const [path, status] of [
      ["/relay/inst-nope/session", 404],
      ["/relay/inst-6421/session", 404],
      ["/relay/inst-up/pty/shells", 403],
      ["/relay/inst-up/session/%2e%2e/config", 400],
      ["/relay/inst-up/session%2Fses_1", 400],
      ["/relay/inst-up/session/../../x", 400],
    ] as const) {
      expect(await rawGet(path, cookie), path).toBe(status);
    }
    expect(seen).toEqual([]);
  });

  it("refuses a cross-site POST to the relay even with the cookie", async () => {
    const cookie = await signIn();
    const res = await fetch(`${base}/relay/inst-up/session`, {
      method: "POST",
      headers: { cookie, origin: "https://evil.example", "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(403);
  });

  it("streams events through and closes upstream when the page goes", async () => {
    const cookie = await signIn();
    const controller = new AbortController();
    const res = await fetch(`${base}/relay/inst-up/global/event`, { headers: { cookie }, signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(res.headers.get("set-cookie")).toBeNull();
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain("server.connected");
    controller.abort();
    await streamClosed;
  });

  it("multiplexes every ready instance's events over one connection (/relay/_events), with the hub's credentials upstream", async () => {
    const cookie = await signIn();
    seen.length = 0;
    const controller = new AbortController();
    const res = await fetch(`${base}/relay/_events`, { headers: { cookie }, signal: controller.signal });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let text = "";
    while (!text.includes('"c":')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    expect(text).toContain('data: {"i":"inst-up","open":true}');
    expect(text).toContain(`data: ${JSON.stringify({ i: "inst-up", d: '{"type":"server.connected"}' })}`);
    // Comments reach the page as their own messages, after the event they followed.
    expect(text).toContain(`data: ${JSON.stringify({ i: "inst-up", c: "heartbeat" })}`);
    expect(seen.find((r) => r.url === "/global/event")?.authorization).toBe(`Basic ${PASSWORD_TOKEN}`);
    expect(text).not.toContain(PASSWORD_TOKEN);
  });

  it("rate-limits a burst of wrong tokens; a signed-in page keeps working; rotation signs everyone out", async () => {
    const cookie = await signIn();
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) statuses.push((await fetch(`${base}/auth/${"w".repeat(40)}${i}`, { redirect: "manual" })).status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(90);
    // Even the right token waits now (same address), but the signed-in page is unaffected.
    expect((await fetch(`${base}/auth/${auth.mintToken()}`, { redirect: "manual" })).status).toBe(429);
    expect((await fetch(`${base}/api/health`, { headers: { cookie } })).status).toBe(200);

    const rotate = await fetch(`${base}/api/remote/rotate`, { method: "POST", headers: { cookie } });
    expect(rotate.status).toBe(200);
    expect(rotated).toHaveLength(1);
    // Refused: 401, or 429 while this address is still locked out by the burst.
    expect([401, 429]).toContain((await fetch(`${base}/api/health`, { headers: { cookie } })).status);
  });
});
