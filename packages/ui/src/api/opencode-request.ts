/** Request helpers shared by every REST client of one OpenCode server: URLs, auth header, errors in words. */
import type { Instance } from "./hub-types";
import { readJson, send, type FetchLike, type RequestSpec } from "./http";

/** What a client needs to know about the instance. */
export type OpenCodeTarget = Pick<Instance, "url" | "port" | "protocol" | "eventsUrl">;

/** Query values; null/undefined/"" are left out (so an unknown directory is never sent). */
export type Query = Record<string, string | number | null | undefined>;

/** Options every OpenCode REST client takes. */
export interface RequesterOptions {
  fetchImpl?: FetchLike;
  timeoutMs?: number;
}

/** Bound helpers for one server. `what` completes "OpenCode at :P refused …". */
export interface Requester {
  /** "OpenCode at :4096". */
  who: string;
  legacy: boolean;
  fetchImpl: FetchLike;
  url(path: string, query?: Query): string;
  spec(method: RequestSpec["method"], url: string, what: string, body?: unknown): RequestSpec;
  getJson<T>(url: string, what: string): Promise<T>;
  /** POST with a JSON body (`{}` when none is given). */
  post(url: string, what: string, body?: unknown): Promise<Response>;
  /** Sends and parses a JSON answer. */
  sendJson<T>(method: RequestSpec["method"], url: string, what: string, body?: unknown): Promise<T>;
}

/** Reads the Basic credentials the hub put in the events URL (`?auth_token=base64(user:pass)`). */
export function authTokenFrom(eventsUrl: string | null): string | null {
  if (!eventsUrl) return null;
  try {
    return new URL(eventsUrl).searchParams.get("auth_token");
  } catch {
    return null;
  }
}

/** Builds the helpers. Password servers get `Authorization: Basic` (OpenCode's CORS preflight allows it). */
export function makeRequester(target: OpenCodeTarget, options: RequesterOptions = {}): Requester {
  const fetchImpl: FetchLike = options.fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 15_000;
  const who = `OpenCode at :${target.port}`;
  const token = authTokenFrom(target.eventsUrl);
  const headers: Record<string, string> = token ? { authorization: `Basic ${token}` } : {};

  const url = (path: string, query: Query = {}) => {
    const u = new URL(path, `${target.url}/`);
    for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== "") u.searchParams.set(k, String(v));
    return u.toString();
  };
  const spec = (method: RequestSpec["method"], u: string, what: string, body?: unknown): RequestSpec => ({
    method,
    url: u,
    what,
    body,
    headers,
    target: who,
    timeoutMs,
  });
  const sendJson = async <T>(method: RequestSpec["method"], u: string, what: string, body?: unknown): Promise<T> => {
    const s = spec(method, u, what, body);
    return readJson<T>(await send(fetchImpl, s), s);
  };
  return {
    who,
    legacy: target.protocol === "legacy",
    fetchImpl,
    url,
    spec,
    getJson: (u, what) => sendJson("GET", u, what),
    post: (u, what, body) => send(fetchImpl, spec("POST", u, what, body ?? {})),
    sendJson,
  };
}
