import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../logger.js";
import { createFakeRegistry, type FakeRegistry } from "../test-support/fake-registry.js";
import { buildTestApp, makeUiDir } from "../test-support/test-app.js";

const SECRET = "hunter2-very-secret";

describe("POST /api/instances/:id/credentials", () => {
  let app: FastifyInstance;
  let registry: FakeRegistry;
  let ui: ReturnType<typeof makeUiDir>;
  let logText = "";

  beforeAll(async () => {
    ui = makeUiDir();
    const stream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        logText += chunk.toString();
        cb();
      },
    });
    registry = createFakeRegistry();
    ({ app } = await buildTestApp({ uiDir: ui.dir, registry, logger: createLogger({ level: "trace", stream }) }));
  });
  beforeEach(() => {
    registry.credentialAnswer = null;
    registry.credentialCalls.length = 0;
  });
  afterAll(async () => {
    await app.close();
    ui.cleanup();
  });

  const post = (id: string, payload: unknown) =>
    app.inject({ method: "POST", url: `/api/instances/${id}/credentials`, payload: payload as Record<string, unknown> });

  it("answers 200 with the instance when the registry accepts", async () => {
    const res = await post("inst-6421", { password: SECRET, username: "me" });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { ok: boolean; instance: Record<string, unknown> };
    expect(body.ok).toBe(true);
    expect(body.instance).toMatchObject({ id: "inst-6421", status: "ready", directory: null, version: null, eventsUrl: null });
    expect(registry.credentialCalls).toEqual([{ id: "inst-6421", credentials: { username: "me", password: SECRET } }]);
  });

  it("defaults the username to opencode", async () => {
    await post("inst-6421", { password: SECRET });
    expect(registry.credentialCalls[0]?.credentials).toEqual({ username: "opencode", password: SECRET });
  });

  it("answers 404 for an unknown instance", async () => {
    const res = await post("nope", { password: SECRET });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ ok: false, reason: "not-found", message: "No instance nope." });
  });

  it("answers 422 when the instance rejects the credentials", async () => {
    registry.credentialAnswer = () => ({ ok: false, reason: "rejected", message: "The server refused this password." });
    const res = await post("inst-6421", { password: SECRET });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({ ok: false, reason: "rejected", message: "The server refused this password." });
  });

  it("answers 502 when the instance is unreachable", async () => {
    registry.credentialAnswer = () => ({ ok: false, reason: "unreachable", message: "No answer from 127.0.0.1:6421." });
    const res = await post("inst-6421", { password: SECRET });
    expect(res.statusCode).toBe(502);
    expect(res.json()).toMatchObject({ ok: false, reason: "unreachable" });
  });

  it.each([[{}], [{ password: "" }], [{ password: 5 }], [{ password: "x", extra: 1 }], [{ password: "x", username: "" }]])(
    "answers 400 for a bad body %j without calling the registry",
    async (payload) => {
      const res = await post("inst-6421", payload);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ ok: false, reason: "bad-request" });
      expect(registry.credentialCalls).toHaveLength(0);
    },
  );

  it("never writes the password to the log", async () => {
    registry.credentialAnswer = () => {
      throw new Error("registry exploded");
    };
    expect((await post("inst-6421", { password: SECRET })).statusCode).toBe(500);
    registry.credentialAnswer = null;
    await post("inst-6421", { password: SECRET });
    // Proves the log captured these requests, so the absence below means something.
    expect(logText).toContain("/api/instances/inst-6421/credentials");
    expect(logText).not.toContain(SECRET);
  });
});
