/**
 * Remote mode's door: every request needs the session cookie that the one-time sign-in link sets,
 * or it gets 401 — the page, static files, the API and the relay alike. Failed sign-ins (a wrong
 * token or a forged cookie) are counted per client address and refused with 429 over the limit.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { InstancesDocument } from "../discovery/types.js";
import type { RemoteAuth } from "./auth-state.js";
import { readCookie, sessionCookie, SESSION_COOKIE } from "./cookie.js";
import type { FailureLimiter } from "./failure-limiter.js";
import { relayDocument, relayInstance, requestOrigin } from "./relay-document.js";

/** Options of the remote gate. */
export interface RemoteGateOptions {
  auth: RemoteAuth;
  limiter: FailureLimiter;
  /** Served over HTTPS: the cookie gets Secure. */
  secure: boolean;
  /** Called with the new sign-in token after a rotation (the CLI prints the link). */
  onRotate(token: string): void;
}

/** Path of the one-time sign-in link: /auth/<token>. */
export const SIGN_IN_PREFIX = "/auth/";

const SIGN_IN_HELP =
  "Switchboard runs in remote mode: open the one-time sign-in link the hub printed in its terminal. " +
  "Each link works once; `kill -USR2 <hub pid>` in its terminal signs every device out and prints a new one.";

function refuse(request: FastifyRequest, reply: FastifyReply, status: 401 | 429, message: string, retryAfterMs = 0): FastifyReply {
  void reply.code(status).header("cache-control", "no-store");
  if (retryAfterMs > 0) void reply.header("retry-after", String(Math.ceil(retryAfterMs / 1000)));
  const path = request.url.split("?")[0] ?? "";
  if (path.startsWith("/api/") || path.startsWith("/relay/")) {
    return reply.send({ ok: false, reason: status === 401 ? "sign-in-required" : "too-many-attempts", message });
  }
  return reply.type("text/plain; charset=utf-8").send(`${message}\n`);
}

function isDocument(value: unknown): value is InstancesDocument {
  return typeof value === "object" && value !== null && Array.isArray((value as { instances?: unknown }).instances) && "scan" in value;
}

/**
 * The gate (an onRequest hook after the Host guard), the sign-in route, POST /api/remote/rotate,
 * and the rewrite that hands the page relay URLs instead of OpenCode's own.
 */
export const remoteGate = fp<RemoteGateOptions>(
  async (app, opts) => {
    app.addHook("onRequest", async (request, reply) => {
      if (request.url.startsWith(SIGN_IN_PREFIX)) return;
      const session = readCookie(request.headers.cookie);
      // A signed-in page keeps working even while its address is locked out for failed attempts.
      if (session !== null && opts.auth.verify(session)) return;
      const wait = opts.limiter.retryAfterMs(request.ip);
      if (wait > 0) return refuse(request, reply, 429, "Too many failed sign-in attempts from this address; try again later.", wait);
      // A cookie we never handed out is a guess: it counts like a wrong token.
      if (session !== null) opts.limiter.fail(request.ip);
      return refuse(request, reply, 401, SIGN_IN_HELP);
    });

    app.get<{ Params: { token: string } }>(`${SIGN_IN_PREFIX}:token`, async (request, reply) => {
      // Already signed in (the link reopened from history): go to the page, and leave the token
      // unspent, since it may be meant for another device.
      const current = readCookie(request.headers.cookie);
      if (current !== null && opts.auth.verify(current)) return reply.code(303).header("cache-control", "no-store").header("location", "/").send();
      const wait = opts.limiter.retryAfterMs(request.ip);
      if (wait > 0) return refuse(request, reply, 429, "Too many failed sign-in attempts from this address; try again later.", wait);
      const session = opts.auth.redeem(request.params.token);
      if (session === null) {
        opts.limiter.fail(request.ip);
        request.log.warn({ ip: request.ip }, "remote sign-in refused (unknown or used token)");
        return refuse(request, reply, 401, `That sign-in link is not valid or was used already. ${SIGN_IN_HELP}`);
      }
      request.log.info({ ip: request.ip, sessions: opts.auth.sessionCount() }, "remote sign-in");
      return reply.code(303).header("cache-control", "no-store").header("set-cookie", sessionCookie(session, { secure: opts.secure })).header("location", "/").send();
    });

    app.post("/api/remote/rotate", async (request, reply) => {
      opts.onRotate(opts.auth.rotate());
      request.log.warn("remote access rotated: every device signed out");
      void reply.header("set-cookie", `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
      return { ok: true, message: "Every device is signed out. The hub printed a new sign-in link in its terminal." };
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
