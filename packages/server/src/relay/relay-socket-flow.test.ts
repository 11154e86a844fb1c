// A shell flooding output through the relay to a page that does not read: the hub pauses the
// upstream socket instead of buffering the flood (socket-flow.ts). The bound is asserted on the
// bytes the hub holds for the page; the hub's RSS is logged (measured, not asserted).
import type { Duplex } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startRemoteHub, type RemoteHub } from "../test-support/remote-hub.js";
import { HIGH_WATER } from "./socket-flow.js";

/** What the stand-in shell prints: well beyond the loopback kernel buffers between the sockets. */
const TOTAL = 64 << 20;
const CHUNK = 64 << 10;

let hub: RemoteHub;
let sent = 0;
/** The most the hub held unsent for its page sockets, sampled at every chunk the shell wrote. */
let peak = 0;
/** The hub's side of each page socket (ws writes frames straight to it: its unsent bytes are the socket's bufferedAmount). */
const pageSockets: Duplex[] = [];
const hubHolds = () => pageSockets.reduce((n, s) => n + s.writableLength, 0);

beforeAll(async () => {
  hub = await startRemoteHub({
    authOptions: { ttlMs: 3_600_000 },
    prepare: (app) => app.server.on("upgrade", (_req, socket: Duplex) => pageSockets.push(socket)),
    // The shell starts printing on the page's first keystroke; each chunk is written once the
    // previous one reached the kernel (as a well-behaved server does), so it stalls when the hub stops reading.
    upstreamSocket: (ws) =>
      ws.once("message", () => {
        const chunk = Buffer.alloc(CHUNK, "y");
        const next = (): void => {
          peak = Math.max(peak, hubHolds());
          if (sent >= TOTAL || ws.readyState !== WebSocket.OPEN) return;
          sent += CHUNK;
          ws.send(chunk, { binary: true }, next);
        };
        next();
      }),
  });
});
afterAll(async () => {
  await hub?.close();
});

/** Waits until `value()` stops changing for `quietMs` (or reaches `done`). */
async function settle(value: () => number, done: number, quietMs: number): Promise<number> {
  let last = -1;
  let since = Date.now();
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    const now = value();
    if (now >= done) return now;
    if (now !== last) [last, since] = [now, Date.now()];
    else if (Date.now() - since >= quietMs) return now;
  }
  throw new Error(`still moving after 60 s (${value()} of ${done})`);
}

describe("relay WebSocket flow control", () => {
  it("holds a bounded backlog for a page that does not read, then delivers every byte once it does", async () => {
    const cookie = await hub.signIn();
    const page = new WebSocket(`${hub.base.replace("http", "ws")}/relay/inst-up/pty/pty_flood/connect?directory=%2Fw`, {
      headers: { cookie, origin: hub.base },
    });
    let received = 0;
    page.on("message", (d: Buffer) => (received += d.length));
    await new Promise((resolve, reject) => page.once("open", resolve).once("error", reject));
    const rssBefore = process.memoryUsage().rss;
    // The page stops reading (a slow link), then asks for the flood.
    page.pause();
    page.send("yes\r");
    const stalledAt = await settle(() => sent, TOTAL, 500);
    peak = Math.max(peak, hubHolds());
    console.info(
      `flood: the shell got ${(stalledAt / 2 ** 20).toFixed(1)} MiB out before stalling; the hub held at most ` +
        `${(peak / 2 ** 20).toFixed(2)} MiB for the page; hub process RSS +${((process.memoryUsage().rss - rssBefore) / 2 ** 20).toFixed(1)} MiB`,
    );
    // HIGH_WATER, plus what was already read when it paused (one socket read of frames).
    expect(peak).toBeLessThanOrEqual(HIGH_WATER + (1 << 20));
    expect(peak).toBeGreaterThan(0);
    // Reading again drains the backlog and resumes the shell: nothing is lost.
    page.resume();
    await settle(() => received, TOTAL, 5_000);
    expect(received).toBe(TOTAL);
    expect(peak).toBeLessThanOrEqual(HIGH_WATER + (1 << 20));
    page.close();
  }, 120_000);
});
