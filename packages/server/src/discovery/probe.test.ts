import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProber, type Prober } from "./probe.js";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const servers: Server[] = [];
const sockets = new Set<Socket>();

async function serve(handler: Handler, host = "127.0.0.1"): Promise<number> {
  const server = createServer(handler);
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as AddressInfo).port;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

/** A fake OpenCode: enough of /project, /path and /global/health, optional password. */
const fakeOpenCode =
  (opts: { password?: string; legacy?: boolean } = {}): Handler =>
  (req, res) => {
    if (opts.password !== undefined) {
      const expected = `Basic ${Buffer.from(`opencode:${opts.password}`).toString("base64")}`;
      if (req.headers.authorization !== expected) {
        res.writeHead(401, { "www-authenticate": 'Basic realm="Secure Area"' });
        res.end();
        return;
      }
    }
    if (req.url === "/project") return json(res, 200, [{ id: "global", worktree: "/" }]);
    if (req.url === "/path") return json(res, 200, { home: "/h", directory: "/work/app", worktree: "/" });
    if (req.url === "/global/health" && !opts.legacy) return json(res, 200, { healthy: true, version: "1.18.33" });
    return json(res, 500, { name: "UnknownError" });
  };

/** A fake OpenCode 2 as measured on 2.1.2: the web app's HTML on every non-/api path, /api/* behind Basic opencode:<pw>. */
const fakeOpenCode2 =
  (password: string): Handler =>
  (req, res) => {
    if (!req.url?.startsWith("/api/")) {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<!doctype html><title>OpenCode</title>");
      return;
    }
    const url = new URL(req.url, "http://x");
    const basic = `Basic ${Buffer.from(`opencode:${password}`).toString("base64")}`;
    if (req.headers.authorization !== basic && url.searchParams.get("auth_token") !== basic.slice(6)) {
      res.writeHead(401, { "content-type": "application/json", "www-authenticate": 'Basic realm="Secure Area"' });
      res.end(JSON.stringify({ _tag: "UnauthorizedError", message: "Authentication required" }));
      return;
    }
    if (url.pathname === "/api/info")
      return json(res, 200, { version: "2.1.2", pid: 42, urls: ["http://127.0.0.1:1"], paths: { tmp: "/tmp" }, capabilities: {} });
    if (url.pathname === "/api/location") return json(res, 200, { directory: "/work/v2app", project: { id: "p", directory: "/work/v2app" } });
    return json(res, 404, { _tag: "NotFound" });
  };

let prober: Prober;
beforeAll(() => {
  prober = createProber({ timeoutMs: 500 });
});
afterAll(async () => {
  await prober.close();
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

describe("probe against real HTTP servers", () => {
  it("verifies an OpenCode-like server with directory, version and protocol", async () => {
    const port = await serve(fakeOpenCode());
    expect(await prober.probe({ host: "127.0.0.1", port })).toEqual({
      kind: "opencode",
      directory: "/work/app",
      version: "1.18.33",
      protocol: "global",
    });
  });

  it("marks a server without /global/health as legacy", async () => {
    const port = await serve(fakeOpenCode({ legacy: true }));
    expect(await prober.probe({ host: "127.0.0.1", port })).toMatchObject({ kind: "opencode", protocol: "legacy", version: null });
  });

  it("does not call a server legacy (or directory-less) when /global/health or /path only failed to answer", async () => {
    // A busy 1.18 server: /project answers, the follow-up requests do not (in time).
    const slow =
      (hang: string): Handler =>
      (req, res) => {
        if (req.url === hang) return; // never answers
        fakeOpenCode()(req, res);
      };
    for (const hang of ["/global/health", "/path"]) {
      const port = await serve(slow(hang));
      expect(await prober.probe({ host: "127.0.0.1", port })).toMatchObject({ kind: "not-opencode", timedOut: true });
    }
  });

  it("lists an OpenCode whose API answers errors as error, with its own message and its version", async () => {
    // OpenCode 1.14.41 on a data folder that 1.18.33 migrated (measured): health fine, API 500.
    const drizzle = "DrizzleError: Failed to run the query 'CREATE TABLE `project` (`id` text PRIMARY KEY)'";
    const broken: Handler = (req, res) =>
      req.url === "/global/health"
        ? json(res, 200, { healthy: true, version: "1.14.41" })
        : json(res, 500, { name: "UnknownError", data: { message: drizzle } });
    const port = await serve(broken);
    expect(await prober.probe({ host: "127.0.0.1", port })).toEqual({ kind: "error", message: drizzle, version: "1.14.41" });
  });

  it("lists a healthy OpenCode whose /project fails without its error body as error too", async () => {
    const port = await serve((req, res) =>
      req.url === "/global/health" ? json(res, 200, { healthy: true, version: "1.18.33" }) : json(res, 503, { oops: 1 }),
    );
    expect(await prober.probe({ host: "127.0.0.1", port })).toEqual({
      kind: "error",
      message: 'GET /project answered 503: {"oops":1}',
      version: "1.18.33",
    });
  });

  it("never passes the password on in an error message", async () => {
    const port = await serve((req, res) =>
      json(res, 500, { name: "UnknownError", data: { message: `auth failed for ${req.headers.authorization ?? ""} pw=s3cret-pass` } }),
    );
    const result = await prober.probe({ host: "127.0.0.1", port }, { username: "opencode", password: "s3cret-pass" });
    expect(result).toMatchObject({ kind: "error" });
    expect(JSON.stringify(result)).not.toContain("s3cret-pass");
    expect(JSON.stringify(result)).not.toContain(Buffer.from("opencode:s3cret-pass").toString("base64"));
  });

  it("reaches a server listening only on ::1", async () => {
    const port = await serve(fakeOpenCode(), "::1");
    expect(await prober.probe({ host: "[::1]", port })).toMatchObject({ kind: "opencode" });
  });

  it("needs a password: auth-required, rejected with a wrong one, verified with the right one", async () => {
    const port = await serve(fakeOpenCode({ password: "s3cret" }));
    expect(await prober.probe({ host: "127.0.0.1", port })).toEqual({ kind: "auth-required", protocol: "global" });
    expect(await prober.probe({ host: "127.0.0.1", port }, { username: "opencode", password: "nope" })).toEqual({
      kind: "rejected",
      protocol: "global",
    });
    expect(await prober.probe({ host: "127.0.0.1", port }, { username: "opencode", password: "s3cret" })).toMatchObject({
      kind: "opencode",
      directory: "/work/app",
    });
  });

  it("verifies OpenCode 2: auth-required without a password, rejected with a wrong one, v2 with its version and location", async () => {
    const port = await serve(fakeOpenCode2("pw2"));
    expect(await prober.probe({ host: "127.0.0.1", port })).toEqual({ kind: "auth-required", protocol: "v2" });
    expect(await prober.probe({ host: "127.0.0.1", port }, { username: "opencode", password: "nope" })).toEqual({ kind: "rejected", protocol: "v2" });
    expect(await prober.probe({ host: "127.0.0.1", port }, { username: "opencode", password: "pw2" })).toEqual({
      kind: "opencode",
      protocol: "v2",
      version: "2.1.2",
      directory: "/work/v2app",
    });
  });

  it("probes a port known to be OpenCode 2 with /api/info and /api/location only, and falls back to the full probe when it is not", async () => {
    const paths: string[] = [];
    const port = await serve((req, res) => {
      paths.push(req.url ?? "");
      fakeOpenCode2("pw2")(req, res);
    });
    const creds = { username: "opencode", password: "pw2" };
    expect(await prober.probe({ host: "127.0.0.1", port }, creds, "v2")).toEqual({
      kind: "opencode",
      protocol: "v2",
      version: "2.1.2",
      directory: "/work/v2app",
    });
    expect(await prober.probe({ host: "127.0.0.1", port }, undefined, "v2")).toEqual({ kind: "auth-required", protocol: "v2" });
    expect(paths.sort()).toEqual(["/api/info", "/api/info", "/api/location", "/api/location"]);
    // A 1.x server on a port once seen as OpenCode 2 (a new process) is still verified.
    const v1 = await serve(fakeOpenCode());
    expect(await prober.probe({ host: "127.0.0.1", port: v1 }, undefined, "v2")).toMatchObject({ kind: "opencode", protocol: "global" });
  });

  it("verifies an OpenCode 2 whose /api/location did not answer, without a folder (the registry lists its cwd, the same folder)", async () => {
    const port = await serve((req, res) => (req.url === "/api/location" ? undefined : fakeOpenCode2("pw2")(req, res)));
    const creds = { username: "opencode", password: "pw2" };
    expect(await prober.probe({ host: "127.0.0.1", port }, creds)).toEqual({ kind: "opencode", protocol: "v2", version: "2.1.2", directory: null });
    expect(await prober.probe({ host: "127.0.0.1", port }, creds, "v2")).toEqual({
      kind: "opencode",
      protocol: "v2",
      version: "2.1.2",
      directory: null,
    });
  });

  it("is not fooled by a web app that answers HTML everywhere, or by another server's JSON 401 on /api/info", async () => {
    const spa = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<!doctype html>");
    });
    const verdict = await prober.probe({ host: "127.0.0.1", port: spa });
    expect(verdict.kind).toBe("not-opencode");
    // Not a slow OpenCode either: no immediate retry.
    expect(verdict.kind === "not-opencode" && verdict.timedOut === true).toBe(false);
    const other401 = await serve((req, res) => (req.url?.startsWith("/api/") ? json(res, 401, { error: "login first" }) : json(res, 404, {})));
    expect((await prober.probe({ host: "127.0.0.1", port: other401 })).kind).toBe("not-opencode");
  });

  it.each<[string, Handler]>([
    [
      "an HTML 200 page",
      (_req, res) => {
        res.writeHead(200, { "content-type": "text/html" });
        res.end("<!doctype html><title>app</title>");
      },
    ],
    ["JSON of the wrong shape", (_req, res) => json(res, 200, { projects: [] })],
    ["404", (_req, res) => json(res, 404, [])],
    ["500", (_req, res) => json(res, 500, [])],
    [
      "a 401 with another realm",
      (_req, res) => {
        res.writeHead(401, { "www-authenticate": 'Basic realm="Router"' });
        res.end();
      },
    ],
    ["a connection reset", (req) => req.socket.destroy()],
  ])("does not take %s for OpenCode", async (_name, handler) => {
    const port = await serve(handler);
    expect((await prober.probe({ host: "127.0.0.1", port })).kind).toBe("not-opencode");
  });

  // The per-test timeout is the assertion: a server that accepts and never answers must cost
  // one probe timeout (500 ms), not hang the scan.
  it("gives up on a server that accepts and never answers", { timeout: 1500 }, async () => {
    const port = await serve(() => {});
    const result = await prober.probe({ host: "127.0.0.1", port });
    expect(result).toMatchObject({ kind: "not-opencode" });
    expect(result).toMatchObject({ timedOut: true, reason: expect.stringMatching(/timed out|timeout/i) });
  });

  it("reports a closed port as not OpenCode", async () => {
    const port = await serve(() => {});
    const server = servers[servers.length - 1];
    await new Promise((r) => server?.close(r));
    expect((await prober.probe({ host: "127.0.0.1", port })).kind).toBe("not-opencode");
  });
});
