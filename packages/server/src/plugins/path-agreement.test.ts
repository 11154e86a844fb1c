// Property (issue 17, finding 2): for any request path — escapes, dot segments, slashes, unicode,
// malformed escapes — the gate and the router agree on whether it is /api, /relay, /auth or the
// page's files, or the path is refused (400) before either looks at it. Paths go over a raw socket
// exactly as generated.
import { connect } from "node:net";
import fc from "fast-check";
import type { FastifyRequest } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRemoteHub, type RemoteHub } from "../test-support/remote-hub.js";
import { canonicalTarget, requestClass, type PathClass } from "./request-path.js";
import { notFoundAnswer } from "./static-ui.js";

let hub: RemoteHub;
let cookie: string;
/** What each probe reached, by its x-probe header: the gate's class and the router's. */
const reached = new Map<string, { gate: PathClass; router: PathClass }>();

/**
 * The router's answer for a request: the route it matched, or — for no route, or the page's file
 * wildcard, which hands a missing file to the not-found handler — what that handler makes of it.
 */
function routerClass(request: FastifyRequest): PathClass {
  const route = request.routeOptions.url;
  if (route === undefined || route === "/*")
    return notFoundAnswer({ method: request.method, url: request.url, accept: undefined }, true) === "api-404" ? "api" : "static";
  if (route.startsWith("/api/") || route === "/api") return "api";
  if (route.startsWith("/relay/")) return "relay";
  if (route.startsWith("/auth/")) return "auth";
  return "static";
}

beforeAll(async () => {
  hub = await startRemoteHub({
    prepare: (app) =>
      // preParsing: after every onRequest hook (path guard, Host guard, gate), before the handler.
      app.addHook("preParsing", async (request) => {
        const probe = request.headers["x-probe"];
        if (typeof probe === "string") reached.set(probe, { gate: requestClass(request.method, request.url), router: routerClass(request) });
      }),
  });
  cookie = await hub.signIn();
});

afterAll(async () => {
  await hub?.close();
});

/** Sends one request line as raw bytes; resolves with the status once the head arrived. */
function send(method: string, target: string, probe: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(hub.base);
    const socket = connect(Number(port), "127.0.0.1");
    let head = "";
    socket.on("data", (d: Buffer) => {
      head += d.toString("latin1");
      const status = /^HTTP\/1\.1 (\d{3})/.exec(head);
      if (status && head.includes("\r\n\r\n")) {
        socket.destroy();
        resolve(Number(status[1]));
      }
    });
    socket.on("error", reject);
    socket.on("close", () => reject(new Error(`no answer to ${method} ${target}`)));
    socket.write(
      Buffer.from(
        `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.2\r\nCookie: ${cookie}\r\nX-Probe: ${probe}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
        "utf8",
      ),
    );
  });
}

const SEGMENTS = [
  "api",
  "relay",
  "auth",
  "%61pi",
  "%61",
  "a%70i",
  "API",
  "%72elay",
  "%61uth",
  "assets",
  "index.html",
  "sw.js",
  "inst-up",
  "inst-v2",
  "global",
  "event",
  "session",
  "health",
  "instances",
  "remote",
  "sessions",
  "rotate",
  "..",
  ".",
  "%2e",
  "%2E%2e",
  ".%2e",
  "%2f",
  "%2F",
  "%5c",
  "%5C",
  "é",
  "%C3%A9",
  "%c3%a9",
  "%C3",
  "%",
  "%zz",
  "%00",
  "%0a",
  "%7f",
  "",
  "~",
  "x;y",
  "%3B",
  "%3F",
  "%23",
  ":",
  "@",
  "%40",
  "a+b",
  "%20",
  "%25",
  "%252e",
  "ses_1",
];
const path = fc
  .tuple(fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 5 }), fc.constantFrom("", "?x=1", "?a=/../b", "?q=%2e%2e"))
  .map(([segments, query]) => `/${segments.join("/")}${query}`);

describe("gate and router agree on every path", () => {
  it("classifies each generated path the same on both sides, or refuses it with 400 before either", async () => {
    let n = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(path, fc.constantFrom("GET", "POST"), async (target, method) => {
        const probe = String(n++);
        const status = await send(method, target, probe);
        const canonical = canonicalTarget(target);
        const seen = reached.get(probe);
        if (!canonical.ok) {
          refused++;
          expect(status, target).toBe(400);
          expect(seen, target).toBeUndefined();
          return;
        }
        expect(seen, `${method} ${target} reached no route (status ${status})`).toBeDefined();
        expect(seen?.gate, `${method} ${target}`).toBe(seen?.router);
        expect(seen?.gate, `${method} ${target}`).toBe(requestClass(method, canonical.path));
      }),
      { numRuns: 400 },
    );
    // The generator reaches both kinds.
    expect(refused).toBeGreaterThan(20);
    expect(n - refused).toBeGreaterThan(20);
  }, 120_000);
});
