/**
 * Remote mode's door: every request needs the session cookie that the one-time sign-in link sets,
 * or it gets 401 — the page, static files, the API and the relay alike; only the sign-in route
 * itself (/auth/<token>, one segment, decided on the canonical path) is open. Every response a
 * session opens is tracked, so signing it out closes its streams at once. Sign-in links that were
 * never handed out are counted per client address and refused with 429 over the limit; a cookie
 * never counts (a signed-out or forgotten one is just told to sign in again).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { InstancesDocument } from "../discovery/types.js";
import { pathClass, requestClass } from "../plugins/request-path.js";
import type { RemoteAuth, RemoteSession, SessionCheck } from "./auth-state.js";
import { CLEAR_SESSION_COOKIE, readCookies, sessionCookie } from "./cookie.js";
import { deviceLabel } from "./device-label.js";
import type { FailureLimiter } from "./failure-limiter.js";
import { relayDocument, relayInstance, requestOrigin } from "./relay-document.js";
import { PEER_PROOF_PATH, remoteRoutes } from "./remote-routes.js";
import type { PeerCredentials } from "./peer-credentials.js";
import { createSessionConnections } from "./session-connections.js";

/** Options of the remote gate. */
export interface RemoteGateOptions {
  auth: RemoteAuth;
  limiter: FailureLimiter;
  /** Served over HTTPS: the cookie gets Secure. */
  secure: boolean;
  /** Called with the new sign-in token after a rotation (the CLI prints the link). */
  onRotate(token: string): void;
  /** Peer Switchboards (hub federation): their long-lived credentials and this machine's identity. */
  peers?: { credentials: PeerCredentials; machine: { id: string; name: string } };
}

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in device making this request (remote mode), set by the gate. */
    remoteSession: RemoteSession | null;
  }
}

/** Path of the one-time sign-in link: /auth/<token>. */
export const SIGN_IN_PREFIX = "/auth/";

const SIGN_IN_HELP =
  "Switchboard runs in remote mode: open the one-time sign-in link the hub printed in its terminal. " +
  "Each link works once; `kill -USR2 <hub pid>` in its terminal signs every device out and prints a new one.";
const SIGNED_OUT =
  "This device was signed out (from a Switchboard page, by `kill -USR2` on the hub, or its sign-in expired). " +
  "Open a new one-time sign-in link from the hub's terminal.";
const EXPIRY_SWEEP_MS = 250;
const LOCKED_OUT = "Too many wrong sign-in links from this address; try again later.";
const PEER_SIGNED_OUT =
  "This machine's Switchboard signed every device out (kill -USR2 there), or forgot this hub: pair again with a new sign-in link.";
const PEER_EXPIRED =
  "This hub's credential here expired (unused for longer than the sign-in lifetime, --session-ttl): pair again with a new sign-in link.";

type Refusal = { status: 401 | 429; reason: "sign-in-required" | "signed-out" | "too-many-attempts"; message: string };

function refuse(request: FastifyRequest, reply: FastifyReply, refusal: Refusal, retryAfterMs = 0): FastifyReply {
  void reply.code(refusal.status).header("cache-control", "no-store");
  if (retryAfterMs > 0) void reply.header("retry-after", String(Math.ceil(retryAfterMs / 1000)));
  if (refusal.reason === "signed-out") void reply.header("set-cookie", CLEAR_SESSION_COOKIE);
  const kind = pathClass(request.url);
  if (kind === "api" || kind === "relay") return reply.send({ ok: false, reason: refusal.reason, message: refusal.message });
  return reply.type("text/plain; charset=utf-8").send(`${refusal.message}\n`);
}

/** The valid session among the cookies sent (a junk or stale one before it does not hide it), else what they were. */
function sessionOf(auth: RemoteAuth, request: FastifyRequest): SessionCheck {
  const checks = readCookies(request.headers.cookie).map((value) => auth.check(value));
  return checks.find((c) => c.status === "valid") ?? checks.find((c) => c.status === "revoked") ?? { status: "unknown" };
}

function isDocument(value: unknown): value is InstancesDocument {
  return typeof value === "object" && value !== null && Array.isArray((value as { instances?: unknown }).instances) && "scan" in value;
}

/**
 * The gate (an onRequest hook after the path and Host guards), the sign-in route, the signed-in
 * devices API (remote-routes.ts), and the rewrite that hands the page relay URLs instead of
 * OpenCode's own.
 */
export const remoteGate = fp<RemoteGateOptions>(
  async (app, opts) => {
    const connections = createSessionConnections();
    const unsubscribe = opts.auth.onRevoke((ids) => {
      const closed = connections.close(ids);
      app.log.info({ devices: ids.length, closed }, "remote sign-out: closed the signed-out devices' open streams");
    });
    // Sessions end at their lifetime even on a hub nobody talks to: their streams close within
    // this interval of it (well under the 1 s the design promises for every sign-out).
    // A peer's open instance stream is use of its credential, though it makes no new requests.
    const expiry = setInterval(() => {
      opts.auth.expire();
      opts.peers?.credentials.renew((id) => connections.count(id) > 0);
    }, EXPIRY_SWEEP_MS);
    expiry.unref();
    const unsubscribePeers = opts.peers?.credentials.onRevoke((ids) => connections.close(ids));
    app.addHook("onClose", async () => {
      clearInterval(expiry);
      unsubscribe();
      unsubscribePeers?.();
    });

    app.decorateRequest("remoteSession", null);
    app.addHook("onRequest", async (request, reply) => {
      if (requestClass(request.method, request.url) === "auth") return;
      // A peer checking that this is still the machine it paired with (it moved): the answer proves
      // it, so the question needs no credential (remote-routes.ts; counted like a wrong link).
      if (opts.peers && request.method === "POST" && request.url === PEER_PROOF_PATH) return;
      // A peer hub (server to server) presents its long-lived credential as a bearer token.
      const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? "")?.[1];
      if (bearer !== undefined && opts.peers) {
        const peer = opts.peers.credentials.check(bearer);
        if (peer.status !== "valid")
          return refuse(request, reply, { status: 401, reason: "signed-out", message: peer.status === "expired" ? PEER_EXPIRED : PEER_SIGNED_OUT });
        const at = Date.now();
        request.remoteSession = {
          id: peer.id,
          device: "Switchboard peer",
          address: request.ip,
          signedInAt: at,
          lastSeenAt: at,
          expiresAt: Number.MAX_SAFE_INTEGER,
        };
        connections.track(peer.id, reply.raw);
        return;
      }
      const check = sessionOf(opts.auth, request);
      if (check.status === "valid") {
        request.remoteSession = check.session;
        connections.track(check.session.id, reply.raw);
        return;
      }
      if (check.status === "revoked") return refuse(request, reply, { status: 401, reason: "signed-out", message: SIGNED_OUT });
      const wait = opts.limiter.retryAfterMs(request.ip);
      if (wait > 0) return refuse(request, reply, { status: 429, reason: "too-many-attempts", message: LOCKED_OUT }, wait);
      return refuse(request, reply, { status: 401, reason: "sign-in-required", message: SIGN_IN_HELP });
    });

    // HEAD is not exposed: only a real page load spends a link.
    app.get<{ Params: { token: string } }>(`${SIGN_IN_PREFIX}:token`, { exposeHeadRoute: false }, async (request, reply) => {
      // Already signed in (the link reopened from history): go to the page, and leave the token
      // unspent, since it may be meant for another device.
      if (sessionOf(opts.auth, request).status === "valid") return reply.code(303).header("cache-control", "no-store").header("location", "/").send();
      const token = request.params.token;
      const state = opts.auth.tokenState(token);
      const wait = opts.limiter.retryAfterMs(request.ip);
      if (wait > 0) {
        // Refused unread would leave a guessed link valid for later: a live link presented now is void.
        if (state === "live") {
          opts.auth.burn(token);
          request.log.warn(
            { ip: request.ip },
            "a valid sign-in link arrived while its address was locked out; it is void now (kill -USR2 prints a new one)",
          );
        }
        return refuse(
          request,
          reply,
          {
            status: 429,
            reason: "too-many-attempts",
            message: `${LOCKED_OUT} A link opened meanwhile is void: print a new one with \`kill -USR2 <hub pid>\`.`,
          },
          wait,
        );
      }
      if (state === "spent") {
        request.log.info({ ip: request.ip }, "remote sign-in refused (link already used or revoked)");
        return refuse(request, reply, {
          status: 401,
          reason: "sign-in-required",
          message: `That sign-in link was used already or revoked. ${SIGN_IN_HELP}`,
        });
      }
      const session = state === "live" ? opts.auth.redeem(token, { device: deviceLabel(request.headers["user-agent"]), address: request.ip }) : null;
      if (session === null) {
        // Only a link that never existed is a guess.
        opts.limiter.fail(request.ip);
        request.log.warn({ ip: request.ip }, "remote sign-in refused (unknown link)");
        return refuse(request, reply, { status: 401, reason: "sign-in-required", message: `That sign-in link is not valid. ${SIGN_IN_HELP}` });
      }
      request.log.info({ ip: request.ip, sessions: opts.auth.sessionCount() }, "remote sign-in");
      const cookie = sessionCookie(session, { secure: opts.secure, maxAgeSeconds: Math.floor(opts.auth.ttlMs / 1000) });
      return reply.code(303).header("cache-control", "no-store").header("set-cookie", cookie).header("location", "/").send();
    });

    await app.register(remoteRoutes, {
      auth: opts.auth,
      connections,
      limiter: opts.limiter,
      onRotate: opts.onRotate,
      ...(opts.peers ? { peers: opts.peers } : {}),
    });

    // The instances document and the credentials answer carry relay URLs, never OpenCode's own or its password.
    app.addHook("preSerialization", async (request, _reply, payload: unknown) => {
      const origin = requestOrigin(request);
      if (isDocument(payload)) return relayDocument(payload, origin);
      if (typeof payload === "object" && payload !== null && "instance" in payload && (payload as { ok?: unknown }).ok === true) {
        const answer = payload as { ok: true; instance: InstancesDocument["instances"][number] };
        return { ...answer, instance: relayInstance(answer.instance, origin) };
      }
      return payload;
    });
  },
  { name: "remote-gate", dependencies: ["host-guard"] },
);
