/**
 * Hub A's side of federation against real B hubs (remote mode, loopback): a machine paired again
 * (from a new address or not) stays one entry with the new address and credential, and B revokes
 * the old one; removing a machine revokes its credential on B, or says in words that B did not
 * answer; a machine that signs A out is shown with B's own words; a machine announced on the LAN at
 * a new address is followed there only when that hub proves it holds A's credential.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadPeerCredentials, type PeerCredentials } from "../remote/peer-credentials.js";
import { startRemoteHub, type RemoteHub } from "../test-support/remote-hub.js";
import { createPeers, PEERS_FILE, type Peers } from "./peers.js";

/** Warnings hub A logged (its words on what it refused). */
const warned: Array<Record<string, unknown>> = [];
const logger = { info() {}, warn: (obj: Record<string, unknown>) => void warned.push(obj), error() {}, debug() {} };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "sb-peers-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};
/** Machine B (one credential store; `startB` again is B at another address). */
async function machineB(): Promise<{ credentials: PeerCredentials; startB(): Promise<RemoteHub> }> {
  const credentials = await loadPeerCredentials(tempDir());
  return {
    credentials,
    async startB() {
      const hub = await startRemoteHub({ peers: { credentials, machine: { id: "machine-b-id", name: "machine-b" } } });
      cleanups.push(() => hub.close());
      return hub;
    },
  };
}
function hubA(): { peers: Peers; dir: string } {
  const dir = tempDir();
  const peers = createPeers({ dir, logger });
  cleanups.push(() => peers.stop());
  return { peers, dir };
}
const linkOf = (hub: RemoteHub): string => `${hub.base}/auth/${hub.auth.mintToken()}`;
const saved = (dir: string): Array<{ id: string; url: string; credential: string }> =>
  (JSON.parse(readFileSync(join(dir, PEERS_FILE), "utf8")) as { peers: Array<{ id: string; url: string; credential: string }> }).peers;

describe("peers (hub A)", () => {
  it("B paired again from a new address: one machine with the new address and credential; B revokes the old one", async () => {
    const b = await machineB();
    const first = await b.startB();
    const a = hubA();
    expect(await a.peers.add(linkOf(first))).toMatchObject({ ok: true, machine: { id: "machine-b-id", url: first.base } });
    await vi.waitFor(() => expect(a.peers.machines?.()[0]?.status).toBe("connected"));
    const old = saved(a.dir)[0]?.credential as string;
    await first.close();

    const moved = await b.startB(); // the same machine (same id, same credentials) at another port
    expect(moved.base).not.toBe(first.base);
    expect(await a.peers.add(linkOf(moved))).toMatchObject({ ok: true, machine: { id: "machine-b-id", url: moved.base } });
    expect(a.peers.machines?.()).toHaveLength(1);
    expect(saved(a.dir)).toEqual([expect.objectContaining({ id: "machine-b-id", url: moved.base })]);
    const now = saved(a.dir)[0]?.credential as string;
    expect(now).not.toBe(old);
    expect(b.credentials.check(old).status).toBe("unknown");
    expect(b.credentials.check(now).status).toBe("valid");
    await vi.waitFor(() => expect(a.peers.machines?.()[0]).toMatchObject({ status: "connected", url: moved.base }));
    expect(a.peers.instances().map((i) => i.id)).toContain("m-machine-b-id-inst-up");
  });

  it("removing B revokes A's credential on B; B down: A forgets it anyway and says B still holds it", async () => {
    const b = await machineB();
    const hub = await b.startB();
    const a = hubA();
    await a.peers.add(linkOf(hub));
    const credential = saved(a.dir)[0]?.credential as string;
    expect(await a.peers.remove("machine-b-id")).toMatchObject({ found: true, revoked: true, message: /machine-b is forgotten; it revoked/ });
    expect(b.credentials.check(credential).status).toBe("unknown");
    expect(saved(a.dir)).toEqual([]);
    expect(await a.peers.remove("machine-b-id")).toEqual({ found: false });

    await a.peers.add(linkOf(hub));
    const second = saved(a.dir)[0]?.credential as string;
    await hub.close();
    const removed = await a.peers.remove("machine-b-id");
    expect(removed).toMatchObject({ found: true, revoked: false });
    expect(removed.found && removed.message).toMatch(/forgotten here, but it did not answer .*kill -USR2/);
    expect(saved(a.dir)).toEqual([]);
    expect(b.credentials.check(second).status).toBe("valid");
  });

  it("B signs A out: the machine is signed out with B's words (pair again)", async () => {
    const b = await machineB();
    const hub = await b.startB();
    const a = hubA();
    await a.peers.add(linkOf(hub));
    await vi.waitFor(() => expect(a.peers.machines?.()[0]?.status).toBe("connected"));
    await b.credentials.revokeAll();
    await vi.waitFor(() => expect(a.peers.machines?.()[0]?.status).toBe("signed-out"), { timeout: 5_000 });
    expect(a.peers.machines?.()[0]?.error).toMatch(/^machine-b signed this hub out: .*kill -USR2.*pair again/);
  });
});

describe("an expired credential", () => {
  it("A restarted after B's lifetime unused: B refuses it as expired and A shows B signed out (pair again)", async () => {
    let t = Date.now();
    const ttlMs = 60_000;
    const credentials = await loadPeerCredentials(tempDir(), { ttlMs, now: () => t });
    const hub = await startRemoteHub({ peers: { credentials, machine: { id: "machine-b-id", name: "machine-b" } } });
    cleanups.push(() => hub.close());
    const dir = tempDir();
    const first = createPeers({ dir, logger });
    await first.add(linkOf(hub));
    await vi.waitFor(() => expect(first.machines?.()[0]?.status).toBe("connected"));
    const secret = saved(dir)[0]?.credential as string;
    await first.stop();
    // B renews a credential while its stream is open: jump past the lifetime until B sees it closed.
    await vi.waitFor(() => {
      t += 2 * ttlMs;
      expect(credentials.check(secret).status).toBe("expired");
    });
    const again = createPeers({ dir, logger });
    cleanups.push(() => again.stop());
    await again.start();
    await vi.waitFor(() => expect(again.machines?.()[0]?.status).toBe("signed-out"));
    expect(again.machines?.()[0]?.error).toMatch(/^machine-b signed this hub out: .*expired.*pair again/);
  });
});

describe("a machine that moved, announced on the LAN", () => {
  /** A's first pairing with B, then B stops: A has B offline at its old address. */
  async function lostB(): Promise<{ b: Awaited<ReturnType<typeof machineB>>; a: ReturnType<typeof hubA>; oldUrl: string; credential: string }> {
    const b = await machineB();
    const first = await b.startB();
    const a = hubA();
    await a.peers.add(linkOf(first));
    await vi.waitFor(() => expect(a.peers.machines?.()[0]?.status).toBe("connected"));
    await first.close();
    await vi.waitFor(() => expect(a.peers.machines?.()[0]?.status).toBe("offline"));
    return { b, a, oldUrl: first.base, credential: saved(a.dir)[0]?.credential as string };
  }
  /** A plain server that records what it is sent; `answer` decides the reply. */
  async function stranger(
    answer: (req: IncomingMessage, body: string, res: ServerResponse) => void,
  ): Promise<{ url: string; seen: IncomingHttpHeaders[] }> {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => {
        seen.push(req.headers);
        answer(req, body, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
  }

  it("follows B to its new address once B proves it holds A's credential (no new link, same credential)", async () => {
    const { b, a, oldUrl, credential } = await lostB();
    const moved = await b.startB();
    a.peers.relocate([{ id: "machine-b-id", url: moved.base }]);
    await vi.waitFor(() => expect(a.peers.machines?.()[0]).toMatchObject({ status: "connected", url: moved.base }), { timeout: 5_000 });
    expect(saved(a.dir)).toEqual([{ id: "machine-b-id", name: "machine-b", url: moved.base, credential }]);
    expect(moved.base).not.toBe(oldUrl);
  });

  it("an announcement of B's id by another host gets no credential: one that cannot prove it, or that relays the challenge to B", async () => {
    const { b, a, oldUrl, credential } = await lostB();
    const real = await b.startB();
    const impostor = await stranger((_req, _body, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true, machine: { id: "machine-b-id" }, proof: "0".repeat(64) }));
    });
    // Forwards the challenge to the real B (with B's own Host, which B's host guard requires) and its proof back.
    const relayed: number[] = [];
    const relay = await stranger((req, body, res) => {
      void fetch(`${real.base}${req.url}`, { method: req.method, headers: { "content-type": "application/json" }, body }).then(async (answer) => {
        relayed.push(answer.status);
        res.writeHead(answer.status, { "content-type": "application/json" });
        res.end(await answer.text());
      });
    });
    a.peers.relocate([
      { id: "machine-b-id", url: impostor.url },
      { id: "machine-b-id", url: relay.url },
    ]);
    // Both were asked (the proof request), B itself answered the relayed one, A refused both proofs.
    await vi.waitFor(() =>
      expect(
        warned
          .filter((w) => w.why === "its proof is wrong")
          .map((w) => w.url)
          .sort(),
      ).toEqual([impostor.url, relay.url].sort()),
    );
    expect(relayed).toEqual([200]);
    expect(impostor.seen).toHaveLength(1);
    expect(relay.seen).toHaveLength(1);
    for (const headers of [...impostor.seen, ...relay.seen]) expect(JSON.stringify(headers)).not.toContain(credential);
    expect(a.peers.machines?.()[0]).toMatchObject({ status: "offline", url: oldUrl });
    expect(saved(a.dir)[0]?.url).toBe(oldUrl);
  });
});
