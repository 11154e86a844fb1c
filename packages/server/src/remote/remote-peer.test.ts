/**
 * Peer hubs at B's gate: a freshly signed-in hub trades its session for a peer credential
 * (POST /api/remote/peer); the bearer then opens the API and the relay like a device; rotation
 * revokes it and cuts its open streams; an unknown bearer is "signed out", never a device.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRemoteHub, type RemoteHub } from "../test-support/remote-hub.js";
import { loadPeerCredentials, peerCredentialId, peerProof, type PeerCredentials } from "./peer-credentials.js";

let hub: RemoteHub;
let credentials: PeerCredentials;
const dir = mkdtempSync(join(tmpdir(), "sb-remote-peer-"));

beforeAll(async () => {
  credentials = await loadPeerCredentials(dir);
  hub = await startRemoteHub({ peers: { credentials, machine: { id: "machine-b-id", name: "machine-b" } } });
});
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("peer credentials at the gate", () => {
  it("trades a fresh session for a credential and ends the session; the bearer works, a guess is signed out", async () => {
    const cookie = await hub.signIn("Switchboard peer");
    const res = await fetch(`${hub.base}/api/remote/peer`, { method: "POST", headers: { cookie } });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { credential: string; machine: { id: string; name: string } };
    expect(answer.machine).toEqual({ id: "machine-b-id", name: "machine-b" });
    expect(answer.credential).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The handshake session is over.
    expect((await fetch(`${hub.base}/api/instances`, { headers: { cookie } })).status).toBe(401);
    const bearer = { authorization: `Bearer ${answer.credential}` };
    expect((await fetch(`${hub.base}/api/instances`, { headers: bearer })).status).toBe(200);
    expect((await fetch(`${hub.base}/relay/inst-up/session`, { headers: bearer })).status).toBe(200);
    // The relay's allow-list holds for peers too.
    expect((await fetch(`${hub.base}/relay/inst-up/pty/shells`, { headers: bearer })).status).toBe(403);
    // A peer cannot mint more credentials with its own.
    expect((await fetch(`${hub.base}/api/remote/peer`, { method: "POST", headers: bearer })).status).toBe(403);
    const guess = await fetch(`${hub.base}/api/instances`, { headers: { authorization: "Bearer nope" } });
    expect(guess.status).toBe(401);
    expect(await guess.json()).toMatchObject({ reason: "signed-out" });
  });

  it("rotation revokes every peer credential and cuts a peer's open stream", async () => {
    const cookie = await hub.signIn();
    const { credential } = (await (await fetch(`${hub.base}/api/remote/peer`, { method: "POST", headers: { cookie } })).json()) as {
      credential: string;
    };
    const bearer = { authorization: `Bearer ${credential}` };
    const stream = await fetch(`${hub.base}/api/instances/stream`, { headers: bearer });
    expect(stream.status).toBe(200);
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const admin = await hub.signIn();
    expect((await fetch(`${hub.base}/api/remote/rotate`, { method: "POST", headers: { cookie: admin } })).status).toBe(200);
    // The stream is cut (its socket closes: the read ends or fails), and the credential is refused from now on.
    const ended = await (async () => {
      try {
        for (;;) if ((await reader.read()).done) return "done";
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(["done", "terminated"]).toContain(ended);
    expect((await fetch(`${hub.base}/api/instances`, { headers: bearer })).status).toBe(401);
  });
});

describe("a peer credential's lifetime and its own revocation", () => {
  let b: RemoteHub;
  let t = Date.now();
  const ttlMs = 60_000;
  const ownDir = mkdtempSync(join(tmpdir(), "sb-remote-peer-ttl-"));
  beforeAll(async () => {
    const store = await loadPeerCredentials(ownDir, { ttlMs, now: () => t });
    b = await startRemoteHub({ peers: { credentials: store, machine: { id: "machine-b-id", name: "machine-b" } } });
  });
  afterAll(async () => {
    await b.close();
    rmSync(ownDir, { recursive: true, force: true });
  });
  const pairB = async (): Promise<Record<string, string>> => {
    const cookie = await b.signIn("Switchboard peer");
    const { credential } = (await (await fetch(`${b.base}/api/remote/peer`, { method: "POST", headers: { cookie } })).json()) as {
      credential: string;
    };
    return { authorization: `Bearer ${credential}` };
  };

  it("a credential unused for the sign-in lifetime is refused as expired (pair again); a use renews it", async () => {
    const used = await pairB();
    const idle = await pairB();
    t += ttlMs - 1_000;
    expect((await fetch(`${b.base}/api/instances`, { headers: used })).status).toBe(200);
    t += 2_000;
    expect((await fetch(`${b.base}/api/instances`, { headers: used })).status).toBe(200);
    const refused = await fetch(`${b.base}/api/instances`, { headers: idle });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ reason: "signed-out", message: expect.stringMatching(/expired.*pair again/) });
  });

  it("a peer revokes its own credential (DELETE /api/remote/peer); a browser session cannot", async () => {
    const bearer = await pairB();
    const browser = await b.signIn();
    expect((await fetch(`${b.base}/api/remote/peer`, { method: "DELETE", headers: { cookie: browser } })).status).toBe(403);
    const res = await fetch(`${b.base}/api/remote/peer`, { method: "DELETE", headers: bearer });
    expect(res.status).toBe(200);
    const after = await fetch(`${b.base}/api/instances`, { headers: bearer });
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ message: expect.stringMatching(/pair again/) });
  });

  it("proves it holds a credential to anyone asking (bound to the Host asked), refuses unknown ids and counts them", async () => {
    const bearer = await pairB();
    const secret = (bearer.authorization as string).slice("Bearer ".length);
    const nonce = "n".repeat(43);
    const ask = (id: string) =>
      fetch(`${b.base}/api/remote/peer/proof`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ id, nonce }),
      });
    const res = await ask(peerCredentialId(secret));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, machine: { id: "machine-b-id" }, proof: peerProof({ secret }, nonce, new URL(b.base).host) });
    expect((await ask("peer-000000000000")).status).toBe(404);
    expect((await ask("not-an-id")).status).toBe(400);
    // Last in this file: it locks the address out. Ten unknown ids from one address (the hub's limit): then even a known one waits.
    for (let i = 0; i < 9; i++) await ask("peer-000000000000");
    const locked = await ask(peerCredentialId(secret));
    expect(locked.status).toBe(429);
  });
});
