/**
 * Requests to one OpenCode 2 server: `/api/*` routes, Basic auth from the hub's events URL, the
 * folder a location-scoped route is about in `x-opencode-directory` (one 2.x server serves every
 * folder), and answers unwrapped from their `{data}` envelope. 204 answers resolve undefined.
 */
import { ApiError } from "../../api/api-error";
import { send, type RequestSpec } from "../../api/http";
import { makeRequester, type OpenCodeTarget, type Query, type RequesterOptions } from "../../api/opencode-request";

/** The header 2.x reads the location of a location-scoped route from (measured; `?directory=` is ignored there). */
export const DIRECTORY_HEADER = "x-opencode-directory";

/** One request's options. */
export interface V2Call {
  query?: Query;
  /** The folder a location-scoped route is about; omitted = the server's own (its cwd). */
  directory?: string | null;
  body?: unknown;
  /** Extra request headers (e.g. the PTY ticket route's `x-opencode-ticket`). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Bound helpers for one 2.x server. */
export interface V2Requester {
  who: string;
  /** Sends and returns the answer's `data` (the whole answer when it has none; undefined for 204). */
  call<T>(method: RequestSpec["method"], path: string, what: string, opts?: V2Call): Promise<T>;
  /** Like `call`, but returns the whole parsed answer (for `cursor` beside `data`). */
  raw<T>(method: RequestSpec["method"], path: string, what: string, opts?: V2Call): Promise<T>;
}

/** Encodes an id for a path segment. */
export const seg = (id: string): string => encodeURIComponent(id);

/** Builds the helpers for `target`. */
export function makeV2Requester(target: OpenCodeTarget, options: RequesterOptions = {}): V2Requester {
  const base = makeRequester(target, options);
  const raw = async <T>(method: RequestSpec["method"], path: string, what: string, opts: V2Call = {}): Promise<T> => {
    const spec = base.spec(method, base.url(`api/${path}`, opts.query), what, opts.body);
    const headers = { ...spec.headers, ...opts.headers, ...(opts.directory ? { [DIRECTORY_HEADER]: opts.directory } : {}) };
    const res = await send(base.fetchImpl, {
      ...spec,
      headers,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    });
    const text = await res.text();
    if (text === "") return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(
        `${base.who} answered ${what} with something that is not JSON — is that port really OpenCode 2?`,
        res.status,
        text.slice(0, 300),
      );
    }
  };
  return {
    who: base.who,
    raw,
    async call<T>(method: RequestSpec["method"], path: string, what: string, opts?: V2Call): Promise<T> {
      const answer = await raw<unknown>(method, path, what, opts);
      return (answer !== null && typeof answer === "object" && "data" in answer ? (answer as { data: unknown }).data : answer) as T;
    },
  };
}

/** The answer as an array, or an error in words (a list answered in another shape is not an empty list). */
export function asList(value: unknown, who: string, what: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw new ApiError(`${who} answered ${what} in an unexpected shape`, null, JSON.stringify(value ?? null).slice(0, 300));
}
