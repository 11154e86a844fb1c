/** One JSON request against a server the browser talks to directly, with errors in words. */
import { ApiError, summarizeErrorBody } from "./api-error";
import { errorMessage } from "../store/error-message";

/** `fetch`, injectable for tests. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface RequestSpec {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Who we talk to, e.g. "OpenCode at :4096". */
  target: string;
  /** What failed, completing "<target> refused …": "the prompt", "to list sessions". */
  what: string;
  timeoutMs: number;
  /** Cancels the request (e.g. a search made stale by newer typing). */
  signal?: AbortSignal;
}

/** Sends the request; resolves with the Response when 2xx, else throws ApiError with words. */
export async function send(fetchImpl: FetchLike, spec: RequestSpec): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), spec.timeoutMs);
  const cancel = () => controller.abort(spec.signal?.reason);
  if (spec.signal?.aborted) cancel();
  else spec.signal?.addEventListener("abort", cancel, { once: true });
  const headers: Record<string, string> = { accept: "application/json", ...spec.headers };
  if (spec.body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetchImpl(spec.url, {
      method: spec.method,
      headers,
      body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
      signal: controller.signal,
    });
  } catch (err) {
    const detail = `${spec.method} ${redact(spec.url)}: ${errorMessage(err)}`;
    if (spec.signal?.aborted) throw err;
    if (controller.signal.aborted) {
      throw new ApiError(`${spec.target} did not answer within ${Math.round(spec.timeoutMs / 1000)} s — is it busy or stuck?`, null, detail);
    }
    throw new ApiError(`Could not reach ${spec.target} — is it still running?`, null, detail);
  } finally {
    clearTimeout(timer);
    spec.signal?.removeEventListener("abort", cancel);
  }
  if (res.ok) return res;
  const body = await res.text().catch(() => "");
  const summary = summarizeErrorBody(body);
  const detail = `${spec.method} ${redact(spec.url)} → ${res.status}: ${body.slice(0, 2000)}`;
  if (res.status === 401) {
    throw new ApiError(`${spec.target} asked for a password (401) — enter it on the instance's tab.`, 401, detail);
  }
  throw new ApiError(`${spec.target} refused ${spec.what} (${res.status})${summary ? `: ${summary}` : ""}`, res.status, detail);
}

/** Parses a JSON body, failing with words when the server answered something else (e.g. its HTML app). */
export async function readJson<T>(res: Response, spec: Pick<RequestSpec, "target" | "what" | "url">): Promise<T> {
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(
      `${spec.target} answered ${spec.what} with something that is not JSON — is that port really OpenCode?`,
      res.status,
      `${redact(spec.url)}: ${text.slice(0, 500)}`,
    );
  }
}

/** Hides credentials from URLs that reach logs. */
export function redact(url: string): string {
  return url.replace(/([?&]auth_token=)[^&]*/g, "$1…");
}
