import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, describe, expect, it } from "vitest";
import { createFakeRegistry, sampleDocument, sampleInstance } from "../test-support/fake-registry.js";
import type { LaunchedServe } from "./launch-serve.js";
import { ManagedServers, markedRegistry } from "./managed-servers.js";
import { serversRoutes } from "./servers-routes.js";

const home = mkdtempSync(join(tmpdir(), "sb-servers-"));
mkdirSync(join(home, "proj"));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** The routes over a fake registry; `launch` reports a server on :5555 that "discovery" lists a moment later. */
async function build(remote: boolean) {
  const fake = createFakeRegistry(sampleDocument());
  const managed = new ManagedServers();
  const registry = markedRegistry(fake, managed);
  const launched: string[] = [];
  const launch = async (directory: string): Promise<LaunchedServe> => {
    launched.push(directory);
    // A real scan finds it after the launch resolves.
    setTimeout(
      () =>
        fake.set({
          ...sampleDocument(),
          instances: [...sampleDocument().instances, sampleInstance({ id: "inst-5555", port: 5555, pid: 999_999_999, directory })],
        }),
      20,
    );
    return { pid: 999_999_999, port: 5555, directory, bin: "/fake/opencode", log: "/dev/null" };
  };
  const app: FastifyInstance = Fastify();
  await app.register(serversRoutes, { registry, managed, remote, home, launch, verifyTimeoutMs: 2_000 });
  return { app, launched, registry };
}

describe("servers routes (local mode)", () => {
  it("starts a server in a folder, answers once discovery lists it, and marks it managed", async () => {
    const { app, launched, registry } = await build(false);
    const dir = join(home, "proj");
    const res = await app.inject({ method: "POST", url: "/api/servers", payload: { directory: dir } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ ok: true, instance: { port: 5555, directory: dir, managed: true } });
    expect(launched).toEqual([dir]);
    // Others stay unmarked.
    expect(
      registry
        .snapshot()
        .instances.filter((i) => i.managed)
        .map((i) => i.port),
    ).toEqual([5555]);
    // Only the hub's own server can be stopped from the hub.
    expect((await app.inject({ method: "DELETE", url: "/api/servers/inst-4096" })).statusCode).toBe(404);
    expect((await app.inject({ method: "DELETE", url: "/api/servers/inst-5555" })).statusCode).toBe(200);
    expect(registry.snapshot().instances.some((i) => i.managed)).toBe(false);
    await app.close();
  });

  it("never takes a peer machine's server on the same port for its own", () => {
    const managed = new ManagedServers();
    managed.add({ pid: 10, port: 5555, directory: "/p", bin: "/b", log: "/l" });
    expect(managed.owns({ pid: 99, port: 5555 })).toBe(true);
    expect(managed.owns({ pid: 99, port: 5555, machine: { name: "other" } })).toBe(false);
    expect(managed.stop({ pid: 99, port: 5555, machine: { name: "other" } })).toBe(false);
  });

  it("a start job answers at once and shows its progress until listed; unknown jobs are 404", async () => {
    const { app, launched } = await build(false);
    const dir = join(home, "proj");
    const res = await app.inject({ method: "POST", url: "/api/servers/jobs", payload: { directory: dir } });
    expect(res.statusCode).toBe(202);
    const job = (res.json() as { job: { id: string; state: string } }).job;
    expect(job).toMatchObject({ directory: dir, state: "spawning", instance: null });
    const seen = new Set<string>();
    for (;;) {
      const now = await app.inject({ url: `/api/servers/jobs/${job.id}` });
      expect(now.statusCode).toBe(200);
      const state = (now.json() as { job: { state: string } }).job.state;
      seen.add(state);
      if (state === "listed") {
        expect(now.json()).toMatchObject({ job: { port: 5555, instance: { port: 5555, managed: true } } });
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(seen.has("probing")).toBe(true);
    expect(launched).toEqual([dir]);
    // A finished job stays as it was when cancelled late.
    expect((await app.inject({ method: "DELETE", url: `/api/servers/jobs/${job.id}` })).json()).toMatchObject({ job: { state: "listed" } });
    expect((await app.inject({ url: "/api/servers/jobs/nope" })).json()).toMatchObject({ ok: false, reason: "no-job" });
    expect((await app.inject({ method: "DELETE", url: "/api/servers/jobs/nope" })).statusCode).toBe(404);
    expect((await app.inject({ method: "POST", url: "/api/servers/jobs", payload: { directory: "proj" } })).statusCode).toBe(400);
    await app.close();
  });

  it("refuses a relative or missing folder in words", async () => {
    const { app, launched } = await build(false);
    const rel = await app.inject({ method: "POST", url: "/api/servers", payload: { directory: "proj" } });
    expect(rel.statusCode).toBe(400);
    expect(rel.json()).toMatchObject({ reason: "not-absolute" });
    const missing = await app.inject({ method: "POST", url: "/api/servers", payload: { directory: join(home, "nope") } });
    expect(missing.statusCode).toBe(400);
    expect(launched).toEqual([]);
    await app.close();
  });

  it("lists home-relative folders and refuses hidden ones", async () => {
    const { app } = await build(false);
    const res = await app.inject({ url: "/api/folders?path=" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ path: "", parent: null, folders: [{ name: "proj", path: "proj" }] });
    expect((await app.inject({ url: "/api/folders?path=.ssh" })).statusCode).toBe(403);
    await app.close();
  });
});

describe("servers routes (the real launcher)", () => {
  it("asks the opencode on PATH for its version when the page first lists folders, once", async () => {
    const bin = join(home, "bin");
    const calls = join(home, "version-calls.txt");
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, "opencode"), `#!/bin/sh\necho x >> ${calls}\necho 1.18.33\n`);
    chmodSync(join(bin, "opencode"), 0o755);
    const path = process.env.PATH;
    process.env.PATH = bin;
    try {
      const fake = createFakeRegistry(sampleDocument());
      const managed = new ManagedServers();
      const app: FastifyInstance = Fastify();
      await app.register(serversRoutes, { registry: markedRegistry(fake, managed), managed, remote: false, home });
      expect(existsSync(calls)).toBe(false);
      expect((await app.inject({ method: "GET", url: "/api/folders" })).statusCode).toBe(200);
      await expect.poll(() => (existsSync(calls) ? readFileSync(calls, "utf8") : ""), { timeout: 5_000 }).toBe("x\n");
      await app.inject({ method: "GET", url: "/api/folders" });
      // A second listing neither asks again nor waits for it (the answer is remembered per file).
      await new Promise((r) => setTimeout(r, 200));
      expect(readFileSync(calls, "utf8")).toBe("x\n");
      await app.close();
    } finally {
      process.env.PATH = path;
    }
  });
});

describe("servers routes (remote mode)", () => {
  it("refuses the folder browser and starting or stopping servers with 403", async () => {
    const { app, launched } = await build(true);
    expect((await app.inject({ url: "/api/folders?path=" })).statusCode).toBe(403);
    const start = await app.inject({ method: "POST", url: "/api/servers", payload: { directory: join(home, "proj") } });
    expect(start.statusCode).toBe(403);
    expect(start.json()).toMatchObject({ ok: false, reason: "remote" });
    expect((await app.inject({ method: "DELETE", url: "/api/servers/inst-4096" })).statusCode).toBe(403);
    expect((await app.inject({ method: "POST", url: "/api/servers/jobs", payload: { directory: join(home, "proj") } })).statusCode).toBe(403);
    expect((await app.inject({ url: "/api/servers/jobs/any" })).statusCode).toBe(403);
    expect((await app.inject({ method: "DELETE", url: "/api/servers/jobs/any" })).statusCode).toBe(403);
    expect(launched).toEqual([]);
    await app.close();
  });
});
