// --tls-cert/--tls-key: the hub serves HTTPS; in remote mode the cookie is Secure and the page's
// own same-origin writes pass the cross-site check (which compares https origins).
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { Agent, fetch as undiciFetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../app.js";
import { createFakeRegistry } from "../test-support/fake-registry.js";
import { makeUiDir } from "../test-support/test-app.js";
import { createRemoteAuth } from "./auth-state.js";
import { createFailureLimiter } from "./failure-limiter.js";

const cert = readFileSync(new URL("./test-fixtures/cert.pem", import.meta.url));
const key = readFileSync(new URL("./test-fixtures/key.pem", import.meta.url));
const dispatcher = new Agent({ connect: { ca: cert } });
const auth = createRemoteAuth();
let ui: ReturnType<typeof makeUiDir>;
let app: Awaited<ReturnType<typeof buildApp>>;
let base: string;

beforeAll(async () => {
  ui = makeUiDir();
  app = await buildApp({
    registry: createFakeRegistry(),
    uiDir: ui.dir,
    host: "127.0.0.2",
    version: "9.9.9-test",
    https: { cert, key },
    remote: { auth, limiter: createFailureLimiter(), secure: true, onRotate: () => {} },
  });
  await app.listen({ port: 0, host: "127.0.0.2" });
  base = `https://127.0.0.2:${(app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
  await dispatcher.close();
  ui?.cleanup();
});

describe("HTTPS", () => {
  it("serves TLS; the remote cookie is Secure; same-origin https writes pass, other origins do not", async () => {
    expect((await undiciFetch(`${base}/api/health`, { dispatcher })).status).toBe(401);
    const signIn = await undiciFetch(`${base}/auth/${auth.mintToken()}`, { dispatcher, redirect: "manual" });
    expect(signIn.status).toBe(303);
    const setCookie = signIn.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/; Secure$/);
    const cookie = setCookie.split(";")[0] as string;
    expect((await undiciFetch(`${base}/api/health`, { dispatcher, headers: { cookie } })).status).toBe(200);
    const post = (origin: string) =>
      undiciFetch(`${base}/api/instances/inst-4096/credentials`, {
        dispatcher,
        method: "POST",
        headers: { cookie, origin, "content-type": "application/json" },
        body: '{"password":"pw"}',
      });
    expect((await post(base)).status).toBe(200);
    expect((await post(base.replace("https:", "http:"))).status).toBe(403);
  });
});
