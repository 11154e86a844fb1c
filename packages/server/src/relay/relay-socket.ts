/**
 * The relay's WebSockets (remote mode): exactly the PTY connect routes of both generations
 * (relay-policy.ts, method "WS"), to verified instances only. The upgrade has passed the path
 * guard, the Host check and the remote gate (which tracks the socket, so signing the device out
 * cuts it at once); here the Origin must be the hub's own page, then the hub opens its own
 * WebSocket to the instance on loopback, with the instance's credentials, and pipes messages
 * both ways until either side closes, with flow control (socket-flow.ts): a flooding shell waits
 * for a slow page instead of filling the hub's memory.
 */
import { Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { FastifyReply, FastifyRequest } from "fastify";
import WebSocket, { type RawData } from "ws";
import type { InstanceRegistry } from "../discovery/types.js";

/** What the socket relay reads of the registry. */
type RelayRegistry = Pick<InstanceRegistry, "snapshot">;
import { crossSiteRefusal } from "../plugins/host-guard.js";
import { relayDecision, upstreamAuthorization, type RelayDecision } from "./relay-policy.js";
import { forward } from "./socket-flow.js";

/** Messages the page sends before OpenCode's side opens (keystrokes typed at once); more is refused. */
const MAX_EARLY_MESSAGES = 256;
/** Close codes: 1011 server error, 1008 policy, 1001 going away. */
const CLOSE_POLICY = 1008;
const CLOSE_UPSTREAM_FAILED = 1011;

/** The relay decision for an upgrade, with the cross-site rule applied (a WebSocket always sends its Origin). */
function decideUpgrade(request: FastifyRequest, registry: RelayRegistry): RelayDecision {
  const refusal = crossSiteRefusal({ method: "WS", url: request.url, headers: request.headers, protocol: request.protocol });
  if (refusal !== null || request.headers.origin === undefined) {
    return {
      ok: false,
      status: 403,
      reason: "cross-site",
      message: refusal ?? "Refused: a terminal connects only from the Switchboard page itself.",
    };
  }
  // Terminals of other machines' servers are refused there too ("terminal-not-relayed").
  return relayDecision("WS", request.url, registry.snapshot().instances);
}

/** preHandler of the relay's GET route for upgrades: answers a refused one in HTTP (403/404/405/400). */
export async function refuseUpgrade(request: FastifyRequest, reply: FastifyReply, registry: RelayRegistry): Promise<FastifyReply | undefined> {
  const decision = decideUpgrade(request, registry);
  if (decision.ok) return undefined;
  request.log.warn({ reason: decision.reason }, "relay refused a WebSocket");
  return reply.code(decision.status).send({ ok: false, reason: decision.reason, message: decision.message });
}

/** wsHandler: connects to the instance and pipes both ways. */
export function relaySocket(page: WebSocket, request: FastifyRequest, registry: RelayRegistry): void {
  const decision = decideUpgrade(request, registry);
  // Checked in the preHandler already; the registry may have changed in between.
  if (!decision.ok) return page.close(CLOSE_POLICY, decision.reason);
  const target = new URL(decision.upstream);
  target.protocol = target.protocol === "https:" ? "wss:" : "ws:";
  const authorization = upstreamAuthorization(decision.instance);
  const upstream = new WebSocket(target, { headers: authorization ? { authorization } : {}, handshakeTimeout: 15_000, perMessageDeflate: false });
  const early: Array<{ data: RawData; binary: boolean }> = [];

  page.on("message", (data, binary) => {
    if (upstream.readyState === WebSocket.OPEN) return forward(page, upstream, data, binary);
    if (early.length >= MAX_EARLY_MESSAGES) return page.close(CLOSE_POLICY, "too much input before the terminal connected");
    early.push({ data, binary });
  });
  upstream.on("open", () => {
    for (const m of early.splice(0)) upstream.send(m.data, { binary: m.binary });
  });
  upstream.on("message", (data, binary) => forward(upstream, page, data, binary));
  upstream.on("unexpected-response", (_req, res) => {
    request.log.warn({ port: decision.instance.port, status: res.statusCode }, "relay: OpenCode refused the terminal's WebSocket");
    res.resume();
    upstream.terminate();
    page.close(CLOSE_UPSTREAM_FAILED, `OpenCode answered ${res.statusCode ?? "?"}`);
  });
  upstream.on("error", (err) => {
    request.log.warn({ port: decision.instance.port, err: err.message }, "relay: the terminal's WebSocket to OpenCode failed");
    page.close(CLOSE_UPSTREAM_FAILED, "OpenCode did not answer the relay");
  });
  // Either side closing closes the other (a signed-out page's socket is destroyed by the gate, which lands here too).
  upstream.on("close", () => {
    if (page.readyState === WebSocket.OPEN || page.readyState === WebSocket.CONNECTING) page.close(1000);
  });
  page.on("close", () => {
    if (upstream.readyState === WebSocket.OPEN) upstream.close(1000);
    else upstream.terminate();
  });
}

/** How long a socket that asked for an upgrade may sit without being upgraded (a refused one the client keeps open). */
const UNUPGRADED_IDLE_MS = 15_000;

/**
 * Every socket that asks the hub for an upgrade ends with the hub: a refused upgrade is answered
 * in HTTP on a socket Node no longer manages (no keep-alive, no half-close handling, not closed by
 * `forceCloseConnections`), so without this a client could hold such sockets open for ever.
 * Returns the cleanup (run on close: it also cuts what is still open).
 */
export function guardUpgradeSockets(server: {
  on(event: "upgrade", listener: (req: unknown, socket: Duplex) => void): unknown;
  off(event: "upgrade", listener: (req: unknown, socket: Duplex) => void): unknown;
}): () => void {
  const open = new Set<Duplex>();
  const onUpgrade = (_req: unknown, socket: Duplex) => {
    open.add(socket);
    socket.once("close", () => open.delete(socket));
    // The client said it is done: finish our side too (ws does the same once upgraded).
    socket.once("end", () => socket.end());
    // ws clears the timeout when it takes the socket over (setTimeout(0)).
    if (socket instanceof Socket) socket.setTimeout(UNUPGRADED_IDLE_MS, () => socket.destroy());
  };
  server.on("upgrade", onUpgrade);
  return () => {
    server.off("upgrade", onUpgrade);
    for (const socket of open) socket.destroy();
    open.clear();
  };
}
