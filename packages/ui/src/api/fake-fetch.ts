/** A recording `fetch` for the REST clients' unit tests. */
import { vi } from "vitest";

/** One recorded request (JSON bodies parsed). */
export interface FetchCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that records every call and answers with `respond`. */
export function fakeFetch(respond: (call: FetchCall) => Response | Promise<Response>) {
  const calls: FetchCall[] = [];
  const fetchImpl = vi.fn(async (input: string, init?: RequestInit) => {
    const call: FetchCall = {
      url: input,
      method: init?.method ?? "GET",
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    return respond(call);
  });
  return { fetchImpl, calls };
}
