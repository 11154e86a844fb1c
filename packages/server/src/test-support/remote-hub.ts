/**
 * A hub in remote mode over a fake registry whose ready instances point at a stand-in OpenCode (a
 * plain HTTP server that records every request, streams SSE on the event routes and echoes
 * everything else), listening on loopback. For the remote tests; raw requests send a path exactly
 * as written (fetch would resolve "%2e%2e" and "..").
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { WebSocketServer, type WebSocket } from "ws";
import { createRemoteAuth, type RemoteAuth, type RemoteAuthOptions } from "../remote/auth-state.js";
import { createFailureLimiter, type FailureLimiterOptions } from "../remote/failure-limiter.js";
import type { RemoteGateOptions } from "../remote/remote-gate.js";
import { createFakeRegistry, sampleDocument, sampleInstance } from "./fake-registry.js";
import { buildTestApp, makeUiDir } from "./test-app.js";

/** One request the stand-in OpenCode received. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A running remote hub and its stand-in upstream. */
export interface RemoteHub {
  app: FastifyInstance;
  base: string;
  auth: RemoteAuth;
  seen: SeenRequest[];
  /** Tokens printed by rotations. */
  rotated: string[];
  /** Upstream event streams still open. */
  openUpstreamStreams(): number;
  /** WebSocket upgrades the stand-in accepted (it echoes each text message as "echo:<text>"). */
  sockets: SeenRequest[];
  /** Upstream WebSockets still open. */
  openUpstreamSockets(): number;
  /** Signs in with a fresh link; the Cookie header value. */
  signIn(userAgent?: string): Promise<string>;
  /** A request with the path sent exactly as written. */
  raw(method: string, path: string, headers?: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>;
  close(): Promise<void>;
}

const EVENT_PATHS = new Set(["/global/event", "/api/event"]);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => resolve(body));
  });
}

/** Starts the stand-in and the hub (ids: inst-up = OpenCode 1.x "global", inst-v2 = OpenCode 2). */
export async function startRemoteHub(
  opts: {
    authOptions?: RemoteAuthOptions;
    limiter?: FailureLimiterOptions;
    logger?: FastifyBaseLogger;
    /** Runs before listen (e.g. to add an observing hook). */ prepare?: (app: FastifyInstance) => void;
    /** Peer hubs (machines). */ peers?: RemoteGateOptions["peers"];
    /** Replaces the stand-in's echo on each upstream WebSocket (e.g. a flooding shell). */ upstreamSocket?: (ws: WebSocket) => void;
  } = {},
): Promise<RemoteHub> {
  const seen: SeenRequest[] = [];
  let streams = 0;
  const upstream: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
    if (EVENT_PATHS.has((req.url ?? "").split("?")[0] ?? "")) {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write('data: {"type":"server.connected"}\n\n');
      streams++;
      req.socket.once("close", () => streams--);
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ method: req.method, path: req.url }));
  });
  const sockets: SeenRequest[] = [];
  const wss = new WebSocketServer({ server: upstream });
  wss.on("connection", (ws, req) => {
    sockets.push({ method: "WS", url: req.url ?? "", headers: req.headers, body: "" });
    if (opts.upstreamSocket) return opts.upstreamSocket(ws);
    ws.send("ready");
    ws.on("message", (data) => ws.send(`echo:${String(data)}`));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const port = (upstream.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const doc = sampleDocument();
  doc.instances[0] = sampleInstance({ id: "inst-up", url, port, eventsUrl: `${url}/global/event` });
  doc.instances.push(sampleInstance({ id: "inst-v2", url, port, protocol: "v2", eventsUrl: `${url}/api/event` }));
  const auth = createRemoteAuth(opts.authOptions);
  const rotated: string[] = [];
  const ui = makeUiDir();
  const { app } = await buildTestApp({
    uiDir: ui.dir,
    host: "127.0.0.2",
    registry: createFakeRegistry(doc),
    ...(opts.logger ? { logger: opts.logger } : {}),
    remote: {
      auth,
      limiter: createFailureLimiter({ max: 10, windowMs: 60_000, ...opts.limiter }),
      secure: false,
      onRotate: (t) => rotated.push(t),
      ...(opts.peers ? { peers: opts.peers } : {}),
    },
  });
  opts.prepare?.(app);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const raw: RemoteHub["raw"] = (method, path, headers = {}) =>
    new Promise((resolve, reject) => {
      const req = httpRequest(`${base}/`, { method, path, headers }, (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on("error", reject);
      req.end();
    });

  return {
    app,
    base,
    auth,
    seen,
    rotated,
    openUpstreamStreams: () => streams,
    sockets,
    openUpstreamSockets: () => [...wss.clients].filter((c) => c.readyState === c.OPEN).length,
    async signIn(userAgent) {
      const res = await fetch(`${base}/auth/${auth.mintToken()}`, { redirect: "manual", headers: userAgent ? { "user-agent": userAgent } : {} });
      if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
      return (res.headers.get("set-cookie") ?? "").split(";")[0] as string;
    },
    raw,
    async close() {
      await app.close();
      for (const c of wss.clients) c.terminate();
      wss.close();
      upstream.closeAllConnections();
      await new Promise((resolve) => upstream.close(resolve));
      ui.cleanup();
    },
  };
}
