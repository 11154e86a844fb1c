// The relay carries exactly the PTY WebSockets, to verified instances, from the hub's own page,
// for signed-in devices only; signing the device out cuts the socket at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startRemoteHub, type RemoteHub } from "../test-support/remote-hub.js";

let hub: RemoteHub;
beforeAll(async () => {
  hub = await startRemoteHub({ authOptions: { ttlMs: 3_600_000 } });
});
afterAll(async () => {
  await hub?.close();
});

/** Opens a socket through the hub; resolves with it and its messages, or with the refusal's status. */
function connect(
  path: string,
  headers: Record<string, string>,
): Promise<{ ws: WebSocket; messages: string[]; closed: () => boolean } | { status: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${hub.base.replace("http", "ws")}${path}`, { headers });
    const messages: string[] = [];
    let closed = false;
    ws.on("message", (d) => messages.push(String(d)));
    ws.on("close", () => (closed = true));
    ws.on("open", () => resolve({ ws, messages, closed: () => closed }));
    ws.on("unexpected-response", (req, res) => {
      res.resume();
      req.destroy();
      resolve({ status: res.statusCode ?? 0 });
    });
    ws.on("error", reject);
  });
}

let lastCount = 0;
/** The hub's open connections (also kept in lastCount for `until`). */
function connections(): Promise<number> {
  return new Promise((resolve) => hub.app.server.getConnections((_e, n) => resolve((lastCount = n))));
}

async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while ((await connections(), !check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("relay WebSockets (PTY connect routes)", () => {
  it("carries 1.x and 2.x PTY sockets both ways, with the instance's credentials added and the query kept", async () => {
    const cookie = await hub.signIn();
    const origin = hub.base;
    for (const path of [
      "/relay/inst-up/pty/pty_abc/connect?directory=%2Fw%2Fp",
      "/relay/inst-v2/api/pty/pty_abc/connect?ticket=t-1&location%5Bdirectory%5D=%2Fw%2Fp",
    ]) {
      const c = await connect(path, { cookie, origin });
      if (!("ws" in c)) throw new Error(`${path} refused: ${c.status}`);
      c.ws.send("echo hi\r");
      await until("the echo", () => c.messages.includes("echo:echo hi\r"));
      expect(c.messages[0]).toBe("ready");
      const seen = hub.sockets.at(-1);
      expect(seen?.url).toBe(path.replace(/^\/relay\/inst-(up|v2)/, ""));
      expect(seen?.headers.cookie).toBeUndefined();
      expect(seen?.headers.origin).toBeUndefined();
      c.ws.close();
      await until("the upstream socket to close", () => hub.openUpstreamSockets() === 0);
    }
  });

  it("refuses other routes, unknown instances, other origins and signed-out devices before upgrading", async () => {
    const cookie = await hub.signIn();
    const origin = hub.base;
    const status = async (path: string, headers: Record<string, string>) => {
      const c = await connect(path, headers);
      if ("ws" in c) {
        c.ws.close();
        return 101;
      }
      return c.status;
    };
    expect(await status("/relay/inst-up/global/event", { cookie, origin })).toBe(405);
    expect(await status("/relay/inst-up/session", { cookie, origin })).toBe(405);
    expect(await status("/relay/inst-up/api/pty/pty_1/connect", { cookie, origin })).toBe(403);
    expect(await status("/relay/inst-v2/pty/pty_1/connect", { cookie, origin })).toBe(403);
    expect(await status("/relay/inst-nope/pty/pty_1/connect", { cookie, origin })).toBe(404);
    expect(await status("/relay/inst-up/pty/a%2Fb/connect", { cookie, origin })).toBe(400);
    expect(await status("/relay/inst-up/pty/pty_1/connect", { cookie, origin: "http://evil.example" })).toBe(403);
    expect(await status("/relay/inst-up/pty/pty_1/connect", { cookie })).toBe(403);
    expect(await status("/relay/inst-up/pty/pty_1/connect", { origin })).toBe(401);
    // A refused upgrade's socket is not Node's to close any more: the hub closes it when the client is done.
    const before = await connections();
    expect(await status("/api/instances", { origin })).toBe(401);
    expect(await status("/relay/inst-up/pty/a%2Fb/connect", { cookie, origin })).toBe(400);
    await until("the refused sockets to close", () => lastCount <= before);
  });

  it("signing the device out closes its terminal sockets at once, upstream too", async () => {
    const cookie = await hub.signIn();
    const c = await connect("/relay/inst-up/pty/pty_live/connect", { cookie, origin: hub.base });
    if (!("ws" in c)) throw new Error(`refused: ${c.status}`);
    await until("the upstream socket", () => hub.openUpstreamSockets() === 1);
    hub.auth.rotate();
    await until("the page's socket to close", c.closed);
    await until("the upstream socket to close", () => hub.openUpstreamSockets() === 0);
    const again = await connect("/relay/inst-up/pty/pty_live/connect", { cookie, origin: hub.base });
    expect("status" in again && again.status).toBe(401);
  });
});
