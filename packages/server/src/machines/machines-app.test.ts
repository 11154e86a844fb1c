/**
 * The machines parts of the app on loopback, over a fake registry and a stand-in upstream: other
 * hosts' instances reach the page as relay URLs, the relay reaches them (and only them: this
 * machine's own servers stay direct), and the machines API answers in words.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../app.js";
import { createFakeRegistry, sampleDocument, sampleInstance } from "../test-support/fake-registry.js";
import { makeUiDir } from "../test-support/test-app.js";
import { stubPeers, stubUrlServers } from "../test-support/stub-sources.js";

let upstream: Server;
let app: FastifyInstance;
let base: string;
const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
const ui = makeUiDir();
const TOKEN = Buffer.from("opencode:url-secret").toString("base64");

const notCalled = async (): Promise<never> => {
  throw new Error("not called");
};
const urlServers = stubUrlServers({
  add: async (url) =>
    url.startsWith("http://")
      ? { ok: false, reason: "rejected", message: `${url} refused this password.` }
      : { ok: false, reason: "bad-url", message: "type it like http://host:port" },
  remove: async (id) => id === "url-abc",
  setCredentials: notCalled,
});
const peers = stubPeers({
  add: async () => ({ ok: false, reason: "refused", message: "That machine refused the link: used already." }),
  remove: async (id) =>
    id === "b" ? { found: true, revoked: false, message: "laptop is forgotten here, but it did not answer (refused)." } : { found: false },
});

beforeAll(async () => {
  upstream = createServer((req, res) => {
    seen.push({ url: req.url ?? "", headers: req.headers });
    res.writeHead(200, { "content-type": "application/json" });
    res.end("[]");
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const doc = sampleDocument();
  doc.instances = [
    { ...sampleInstance({ id: "local-1" }), origin: "local", machine: null },
    sampleInstance({ id: "url-abc", url, origin: "url", machine: null, eventsUrl: `${url}/global/event?auth_token=${encodeURIComponent(TOKEN)}` }),
    sampleInstance({
      id: "m-b-xyz",
      url: `${url}/relay/xyz`,
      origin: "peer",
      machine: { id: "b", name: "laptop" },
      eventsUrl: `${url}/relay/xyz/global/event`,
    }),
  ];
  doc.machines = [{ id: "b", name: "laptop", url, status: "connected", error: null }];
  app = await buildApp({
    registry: createFakeRegistry(doc),
    uiDir: ui.dir,
    host: "127.0.0.1",
    machines: { urlServers, peers, upstreamOf: (i) => ({ authorization: i.origin === "peer" ? "Bearer peer-cred" : `Basic ${TOKEN}` }) },
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app.close();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
  ui.cleanup();
});

describe("machines on loopback", () => {
  it("hands out relay URLs for other hosts' instances, direct ones for this machine's, and no password", async () => {
    const res = await fetch(`${base}/api/instances`);
    const text = await res.text();
    const doc = JSON.parse(text) as {
      instances: Array<{ id: string; url: string; eventsUrl: string; origin: string; machine: unknown }>;
      machines: unknown[];
    };
    expect(doc.instances.map((i) => [i.id, i.url, i.origin])).toEqual([
      ["local-1", "http://127.0.0.1:4096", "local"],
      ["url-abc", `${base}/relay/url-abc`, "url"],
      ["m-b-xyz", `${base}/relay/m-b-xyz`, "peer"],
    ]);
    expect(doc.instances[2]?.machine).toEqual({ id: "b", name: "laptop" });
    expect(doc.machines).toEqual([{ id: "b", name: "laptop", url: expect.any(String), status: "connected", error: null }]);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(encodeURIComponent(TOKEN));
  });

  it("relays to a URL server with its password and to a peer's relay with the peer credential, under the allow-list", async () => {
    expect((await fetch(`${base}/relay/url-abc/session`)).status).toBe(200);
    expect(seen.at(-1)).toMatchObject({ url: "/session", headers: { authorization: `Basic ${TOKEN}` } });
    expect((await fetch(`${base}/relay/m-b-xyz/session`)).status).toBe(200);
    expect(seen.at(-1)).toMatchObject({ url: "/relay/xyz/session", headers: { authorization: "Bearer peer-cred" } });
    const before = seen.length;
    expect((await fetch(`${base}/relay/m-b-xyz/pty/shells`)).status).toBe(403);
    // This machine's own servers are never relayed on loopback.
    expect((await fetch(`${base}/relay/local-1/session`)).status).toBe(404);
    expect(seen.length).toBe(before);
  });

  it("answers the machines API in words", async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const wrong = await post("/api/url-servers", { url: "http://10.0.0.2:4096", password: "x" });
    expect(wrong.status).toBe(422);
    expect(await wrong.json()).toEqual({ ok: false, reason: "rejected", message: "http://10.0.0.2:4096 refused this password." });
    expect((await post("/api/url-servers", { url: "x", password: "x" })).status).toBe(400);
    expect((await post("/api/url-servers", { url: "http://x:1" })).status).toBe(400);
    const spent = await post("/api/machines", { link: "http://b:7420/auth/x" });
    expect(spent.status).toBe(422);
    expect(await spent.json()).toMatchObject({ reason: "refused", message: expect.stringMatching(/refused the link/) });
    expect((await fetch(`${base}/api/machines/nope`, { method: "DELETE" })).status).toBe(404);
    // Removed, and whether that machine revoked the credential too, in words.
    const removed = await fetch(`${base}/api/machines/b`, { method: "DELETE" });
    expect(removed.status).toBe(200);
    expect(await removed.json()).toEqual({ ok: true, revoked: false, message: "laptop is forgotten here, but it did not answer (refused)." });
  });

  it("forgets a server added by URL (DELETE /api/url-servers/:id); an unknown id is 404 in words", async () => {
    const removed = await fetch(`${base}/api/url-servers/url-abc`, { method: "DELETE" });
    expect(removed.status).toBe(200);
    expect(await removed.json()).toEqual({ ok: true });
    const unknown = await fetch(`${base}/api/url-servers/url-nope`, { method: "DELETE" });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ ok: false, reason: "not-found", message: "No server added by URL has this id." });
  });
});
