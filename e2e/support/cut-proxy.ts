/**
 * A plain-HTTP forward proxy for one browser context that can cut that browser's connections to
 * one port: a real browser-side network cut while the server itself keeps running.
 *
 * Why not `context.setOffline(true)`: checked in Chromium (Playwright 1.65), it fires `offline`
 * and flips `navigator.onLine`, but an EventSource already open to 127.0.0.1 stays open and
 * `connected` (15 s observed), so it cannot stand for a lost connection.
 *
 * Use: `browser.newContext({ proxy: { server: proxy.url } })` (Playwright then also proxies loopback).
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Handle of a running cut proxy. */
export interface CutProxy {
  /** `http://127.0.0.1:PORT`, for Playwright's `proxy.server`. */
  url: string;
  /** Drop every open request to `port` now and refuse new ones until `restore(port)`. */
  cut(port: number): void;
  restore(port: number): void;
  /** Requests to `port` now in flight (an open EventSource counts until it ends). */
  openRequests(port: number): number;
  /** Requests to `port` refused while it was cut. */
  refused(port: number): number;
  close(): Promise<void>;
}

// Hop-by-hop headers a proxy must not forward.
const HOP = new Set(["proxy-connection", "proxy-authorization", "connection", "keep-alive", "te", "trailer", "upgrade", "transfer-encoding"]);

/** Starts the proxy on a free loopback port. */
export async function startCutProxy(): Promise<CutProxy> {
  const cutPorts = new Set<number>();
  const inFlight = new Map<number, Set<() => void>>();
  const refusedCount = new Map<number, number>();

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    let target: URL;
    try {
      target = new URL(req.url ?? "");
    } catch {
      res.writeHead(400, { "content-type": "text/plain" }).end("absolute URL expected (forward proxy)");
      return;
    }
    const port = Number(target.port || 80);
    if (cutPorts.has(port)) {
      refusedCount.set(port, (refusedCount.get(port) ?? 0) + 1);
      // What a dead route looks like to the browser: the connection just goes away.
      req.socket.destroy();
      return;
    }
    const headers: http.OutgoingHttpHeaders = {};
    for (const [key, value] of Object.entries(req.headers)) if (!HOP.has(key) && value !== undefined) headers[key] = value;
    const upstream = http.request(
      { host: target.hostname, port, method: req.method, path: `${target.pathname}${target.search}`, headers, agent: false },
      (answer) => {
        const out: http.OutgoingHttpHeaders = {};
        for (const [key, value] of Object.entries(answer.headers)) if (!HOP.has(key) && value !== undefined) out[key] = value;
        res.writeHead(answer.statusCode ?? 502, out);
        res.flushHeaders();
        answer.on("data", (chunk: Buffer) => res.write(chunk));
        answer.on("end", () => res.end());
        // The server died mid-answer: the browser must see its stream break, not end cleanly.
        answer.on("aborted", () => res.destroy());
        answer.on("error", () => res.destroy());
      },
    );
    const drop = () => {
      upstream.destroy();
      req.socket.destroy();
    };
    const set = inFlight.get(port) ?? new Set<() => void>();
    inFlight.set(port, set);
    set.add(drop);
    res.on("close", () => {
      set.delete(drop);
      upstream.destroy();
    });
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" }).end(`cut-proxy: ${target.host} did not answer`);
      else res.destroy();
    });
    req.pipe(upstream);
  };

  const server = http.createServer(handle);
  // Browsers keep proxy connections alive; close them with the server.
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    cut(target) {
      cutPorts.add(target);
      for (const drop of [...(inFlight.get(target) ?? [])]) drop();
    },
    restore(target) {
      cutPorts.delete(target);
    },
    openRequests: (target) => inFlight.get(target)?.size ?? 0,
    refused: (target) => refusedCount.get(target) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const set of inFlight.values()) for (const drop of [...set]) drop();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
