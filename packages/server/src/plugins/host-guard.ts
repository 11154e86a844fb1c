import type { FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";

/** Options of the host guard. */
export interface HostGuardOptions {
  /** The configured --host; requests naming it in Host are accepted besides loopback names. */
  host: string;
}

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "::1"];
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Splits a Host header into a lowercase hostname (IPv6 without brackets); null when malformed. */
export function parseHostHeader(value: string | undefined): string | null {
  if (!value) return null;
  const host = value.trim().toLowerCase();
  const match = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9.-]+))(?::(\d{1,5}))?$/.exec(host);
  if (!match) return null;
  return match[1] ?? match[2] ?? null;
}

/** True when the Host header names loopback or the configured host (any port). */
export function isAllowedHost(hostHeader: string | undefined, configuredHost: string): boolean {
  const name = parseHostHeader(hostHeader);
  if (name === null) return false;
  const configured = configuredHost.toLowerCase().replace(/^\[|\]$/g, "");
  return LOOPBACK_NAMES.includes(name) || name === configured;
}

/**
 * Why a state-changing API request must be refused, or null when it may run. A page on another
 * origin (evil.com, or another localhost port) must not be able to POST credentials.
 */
export function crossSiteRefusal(request: {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** "https" when the hub serves TLS (--tls-cert); default "http". */
  protocol?: string;
}): string | null {
  // The relay (remote mode) changes things on OpenCode servers: same rule as the API.
  if (SAFE_METHODS.has(request.method) || !(request.url.startsWith("/api/") || request.url.startsWith("/relay/"))) return null;
  const site = request.headers["sec-fetch-site"];
  // same-site is refused too: another port on localhost is "same-site" but a different origin.
  if (site === "cross-site" || site === "same-site") {
    return `Refused: this request came from another site (sec-fetch-site: ${site}).`;
  }
  const origin = request.headers.origin;
  if (origin !== undefined) {
    const own = `${request.protocol ?? "http"}://${String(request.headers.host ?? "").toLowerCase()}`;
    if (String(origin).toLowerCase() !== own) {
      return `Refused: requests that change things must come from the Switchboard page itself (${own}), not from ${String(origin)}.`;
    }
  }
  return null;
}

/**
 * Refuses requests whose Host header is not the hub's own (403 `{ ok:false, reason:"foreign-host",
 * message }`, the hub's one error shape), which defeats DNS rebinding, and cross-origin
 * state-changing API requests (403 `{ ok:false, reason:"cross-site", message }`). Runs before every route, static files
 * and the SSE stream included.
 */
export const hostGuard = fp<HostGuardOptions>(
  async (app, opts) => {
    app.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
      if (!isAllowedHost(request.headers.host, opts.host)) {
        request.log.warn({ host: request.headers.host }, "refused request for a foreign Host header");
        return reply.code(403).send({
          ok: false,
          reason: "foreign-host",
          message:
            `Refused: Switchboard only answers requests addressed to localhost, 127.0.0.1, [::1] or ${opts.host}, ` +
            `not ${JSON.stringify(request.headers.host ?? "")}. This protects the OpenCode agents on this machine from other websites.`,
        });
      }
      const refusal = crossSiteRefusal(request);
      if (refusal !== null) {
        request.log.warn({ origin: request.headers.origin, site: request.headers["sec-fetch-site"] }, "refused cross-site request");
        // Only API writes get here: they answer the hub's one error shape.
        return reply.code(403).send({ ok: false, reason: "cross-site", message: refusal });
      }
    });
  },
  { name: "host-guard" },
);
