// Issue 17 finding 1: signing a device out (rotation, a page's "Sign out", expiry) closes the
// streams it has open at once, instead of letting them deliver events until they reconnect.
// Latencies are measured and printed; the only bound asserted is the 1 s deadline of waitFor.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRemoteHub, type RemoteHub } from "../test-support/remote-hub.js";

const DEADLINE_MS = 1_000;
const STREAMS = ["/relay/_events", "/relay/inst-up/global/event", "/relay/inst-v2/api/event", "/api/instances/stream"];
const measured: Array<{ what: string; ms: number }> = [];

let hub: RemoteHub;
/** The sessions' clock runs ahead of the real one by this much (the expiry test moves it). */
let skewMs = 0;

beforeAll(async () => {
  hub = await startRemoteHub({ authOptions: { ttlMs: 3_600_000, now: () => Date.now() + skewMs } });
});

afterAll(async () => {
  await hub?.close();
  // The numbers for the report (not asserted: timings are measured, never asserted).
  console.info(`stream close latency after sign-out (ms): ${measured.map((m) => `${m.what}=${m.ms.toFixed(1)}`).join(", ")}`);
});

/** An open stream: resolves once its first bytes arrived; `closedAt` is set when the hub ends it. */
function openStream(path: string, cookie: string): Promise<{ status: number; closedAt: () => number | null; destroy: () => void }> {
  return new Promise((resolve, reject) => {
    let closedAt: number | null = null;
    const req = httpRequest(`${hub.base}${path}`, { headers: { cookie, accept: "text/event-stream" } }, (res) => {
      res.once("data", () => resolve({ status: res.statusCode ?? 0, closedAt: () => closedAt, destroy: () => req.destroy() }));
      res.on("error", () => undefined);
      res.once("close", () => (closedAt = performance.now()));
    });
    req.on("error", () => (closedAt ??= performance.now()));
    req.on("error", reject);
    req.end();
  });
}

/** Waits (at most the deadline) for every stream to close; records the latency from `since`. */
async function closedWithinDeadline(what: string, streams: Array<{ closedAt: () => number | null }>, since: number): Promise<void> {
  const deadline = since + DEADLINE_MS;
  while (streams.some((s) => s.closedAt() === null)) {
    if (performance.now() > deadline) throw new Error(`${what}: a stream was still open ${DEADLINE_MS} ms after the sign-out`);
    await new Promise((r) => setTimeout(r, 5));
  }
  measured.push({ what, ms: Math.max(...streams.map((s) => s.closedAt() as number)) - since });
}

describe("signing out closes open streams", () => {
  it("rotation (kill -USR2) ends every device's streams, and they cannot come back", async () => {
    const cookie = await hub.signIn();
    const streams = await Promise.all(STREAMS.map((p) => openStream(p, cookie)));
    expect(streams.map((s) => s.status)).toEqual([200, 200, 200, 200]);
    expect(hub.openUpstreamStreams()).toBeGreaterThan(0);
    const since = performance.now();
    hub.auth.rotate();
    await closedWithinDeadline("rotation", streams, since);
    for (const path of STREAMS) {
      const again = await hub.raw("GET", path, { cookie });
      expect(again.status, path).toBe(401);
      expect(JSON.parse(again.body)).toMatchObject({ reason: "signed-out" });
    }
    // The relay's upstream streams went with them.
    await waitUntil(() => hub.openUpstreamStreams() === 0);
  });

  it("POST /api/remote/rotate from a page ends the other devices' streams and answers the page", async () => {
    const other = await hub.signIn();
    const page = await hub.signIn();
    const streams = await Promise.all([openStream("/relay/_events", other), openStream("/api/instances/stream", page)]);
    const since = performance.now();
    const res = await fetch(`${hub.base}/api/remote/rotate`, { method: "POST", headers: { cookie: page } });
    expect(res.status).toBe(200);
    await closedWithinDeadline("page rotate", streams, since);
  });

  it("signing one device out from another ends only that device's streams", async () => {
    const phone = await hub.signIn("Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36");
    const laptop = await hub.signIn("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
    const phoneStreams = await Promise.all([openStream("/relay/_events", phone), openStream("/relay/inst-up/global/event", phone)]);
    const laptopStream = await openStream("/api/instances/stream", laptop);
    const list = (await (await fetch(`${hub.base}/api/remote/sessions`, { headers: { cookie: laptop } })).json()) as {
      sessions: Array<{ id: string; device: string; current: boolean }>;
    };
    const phoneId = list.sessions.find((s) => s.device === "Chrome on Android")?.id as string;
    expect(list.sessions.find((s) => s.current)?.device).toBe("Firefox on Linux");
    const since = performance.now();
    const res = await fetch(`${hub.base}/api/remote/sessions/${phoneId}`, { method: "DELETE", headers: { cookie: laptop } });
    expect(res.status).toBe(200);
    await closedWithinDeadline("one device signed out", phoneStreams, since);
    expect(laptopStream.closedAt()).toBeNull();
    expect((await hub.raw("GET", "/api/health", { cookie: laptop })).status).toBe(200);
    laptopStream.destroy();
  });

  it("a session past its lifetime ends, streams included", async () => {
    const cookie = await hub.signIn();
    const streams = await Promise.all([openStream("/relay/_events", cookie), openStream("/api/instances/stream", cookie)]);
    const since = performance.now();
    skewMs += 3_600_000; // the hour-long lifetime passes
    await closedWithinDeadline("expiry", streams, since);
    expect((await hub.raw("GET", "/api/health", { cookie })).status).toBe(401);
  });
});

async function waitUntil(probe: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}
