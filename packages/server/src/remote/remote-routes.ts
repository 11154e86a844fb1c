/**
 * The signed-in devices API (remote mode only, behind the gate and the cross-site guard):
 * GET /api/remote/sessions lists them, DELETE /api/remote/sessions/:id signs one out, and
 * POST /api/remote/rotate signs every device out and prints a new link, like `kill -USR2`. With
 * peers: POST /api/remote/peer trades a fresh session for a peer credential, DELETE revokes the
 * bearer's own.
 */
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyPluginAsync } from "fastify";
import type { FailureLimiter } from "./failure-limiter.js";
import type { RemoteAuth, RemoteSession } from "./auth-state.js";
import { CLEAR_SESSION_COOKIE } from "./cookie.js";
import type { PeerCredentials } from "./peer-credentials.js";
import type { SessionConnections } from "./session-connections.js";

/** One device as GET /api/remote/sessions lists it; `current` marks the device asking. */
export type DeviceView = RemoteSession & { current: boolean };

/** Options of the devices API. */
export interface RemoteRoutesOptions {
  auth: RemoteAuth;
  connections: SessionConnections;
  /** Counts proof requests naming no credential, like wrong sign-in links. */
  limiter: FailureLimiter;
  onRotate(token: string): void;
  peers?: { credentials: PeerCredentials; machine: { id: string; name: string } };
}

/** Where a peer asks this hub to prove it holds a credential (open: the gate lets it through). */
export const PEER_PROOF_PATH = "/api/remote/peer/proof";
const ProofBodySchema = Type.Object(
  { id: Type.String({ pattern: "^peer-[0-9a-f]{12}$" }), nonce: Type.String({ pattern: "^[A-Za-z0-9_-]{43}$" }) },
  { additionalProperties: false },
);

/** Registers the devices API. */
export const remoteRoutes: FastifyPluginAsync<RemoteRoutesOptions> = async (app, opts) => {
  app.get("/api/remote/sessions", async (request) => {
    const own = request.remoteSession?.id;
    const sessions: DeviceView[] = opts.auth.sessions().map((s) => ({ ...s, current: s.id === own }));
    return { ok: true, sessions };
  });

  app.delete<{ Params: { id: string } }>("/api/remote/sessions/:id", async (request, reply) => {
    const own = request.remoteSession?.id === request.params.id;
    // The request that signs its own device out must still be able to answer.
    if (own) opts.connections.untrack(reply.raw);
    if (!opts.auth.revoke(request.params.id)) {
      return reply.code(404).send({ ok: false, reason: "not-found", message: "No signed-in device has that id; it may be signed out already." });
    }
    request.log.warn({ own }, "remote device signed out from a page");
    if (own) void reply.header("set-cookie", CLEAR_SESSION_COOKIE);
    return { ok: true, message: own ? "This device is signed out." : "That device is signed out; its open pages stop at once." };
  });

  app.post("/api/remote/rotate", async (request, reply) => {
    opts.connections.untrack(reply.raw);
    await opts.peers?.credentials.revokeAll();
    opts.onRotate(opts.auth.rotate());
    request.log.warn("remote access rotated: every device signed out");
    void reply.header("set-cookie", CLEAR_SESSION_COOKIE);
    return { ok: true, message: "Every device is signed out. The hub printed a new sign-in link in its terminal." };
  });

  const peers = opts.peers;
  if (!peers) return;
  // A peer hub that just redeemed a sign-in link trades that browser-style session for a long-lived
  // credential (it survives this hub's restarts) and the session ends: it was only the handshake.
  app.post("/api/remote/peer", async (request, reply) => {
    const session = request.remoteSession;
    if (!session || session.id.startsWith("peer-")) {
      return reply.code(403).send({ ok: false, reason: "forbidden", message: "Only a freshly signed-in hub can ask for a peer credential." });
    }
    const credential = await peers.credentials.mint();
    opts.connections.untrack(reply.raw);
    opts.auth.revoke(session.id);
    request.log.info({ address: request.ip }, "a peer Switchboard was added");
    void reply.header("cache-control", "no-store").header("set-cookie", CLEAR_SESSION_COOKIE);
    return { ok: true, credential, machine: peers.machine };
  });

  // A peer that lost this machine (it moved: a new address in its DNS-SD announcement) asks, before
  // sending its credential anywhere, for a proof that this hub holds it (peerProof): keyed with the
  // digest only the holder keeps, bound to the Host it was reached by.
  app.post<{ Body: Static<typeof ProofBodySchema> }>(PEER_PROOF_PATH, { schema: { body: ProofBodySchema } }, async (request, reply) => {
    const wait = opts.limiter.retryAfterMs(request.ip);
    if (wait > 0) {
      return reply
        .code(429)
        .header("retry-after", String(Math.ceil(wait / 1000)))
        .send({ ok: false, reason: "too-many-attempts", message: "Too many unknown credentials from this address; try again later." });
    }
    const proof = peers.credentials.prove(request.body.id, request.body.nonce, request.headers.host ?? "");
    if (proof === null) {
      opts.limiter.fail(request.ip);
      return reply.code(404).send({ ok: false, reason: "not-found", message: "This hub holds no live credential with that id: pair again." });
    }
    return { ok: true, machine: { id: peers.machine.id }, proof };
  });

  // A peer hub that forgets this machine revokes its own credential, so no digest of it lingers here.
  app.delete("/api/remote/peer", async (request, reply) => {
    const session = request.remoteSession;
    if (!session?.id.startsWith("peer-")) {
      return reply.code(403).send({ ok: false, reason: "forbidden", message: "Only a peer hub can revoke its own credential." });
    }
    opts.connections.untrack(reply.raw);
    await peers.credentials.revoke(session.id);
    request.log.info({ address: request.ip }, "a peer Switchboard forgot this machine; its credential is revoked");
    return { ok: true };
  });
};
