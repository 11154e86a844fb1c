/**
 * An EventSource made of `fetch` + eventsource-parser, for streams whose heartbeats are SSE
 * comments (OpenCode 2 sends `: heartbeat` every 15 s and nothing else while idle): a browser
 * EventSource never surfaces comments, so the silence watchdog could not tell an idle stream
 * from a dead one. Also sends the credentials as an `Authorization` header rather than in the URL.
 * Same shape as EventSource for instance-connection.ts; reconnecting is that file's job: any end
 * of the stream (network error, HTTP error, the server closing it) is one `onerror`.
 */
import { createParser } from "eventsource-parser";
import type { FetchLike } from "../api/http";
import { authTokenFrom } from "../api/opencode-request";
import type { EventSourceConstructor, EventSourceLike } from "./timers";

/** Splits `?auth_token=` off a stream URL into a Basic header (the server accepts both). */
export function streamRequest(url: string): { url: string; headers: Record<string, string> } {
  const token = authTokenFrom(url);
  const headers: Record<string, string> = { accept: "text/event-stream" };
  if (!token) return { url, headers };
  const u = new URL(url);
  u.searchParams.delete("auth_token");
  return { url: u.toString(), headers: { ...headers, authorization: `Basic ${token}` } };
}

/** Builds the class over `fetchImpl` (default: the global fetch, looked up per connection). */
export function makeFetchEventSource(fetchImpl?: FetchLike): EventSourceConstructor {
  return class FetchEventSource implements EventSourceLike {
    onopen: EventSourceLike["onopen"] = null;
    onmessage: EventSourceLike["onmessage"] = null;
    onerror: EventSourceLike["onerror"] = null;
    oncomment: EventSourceLike["oncomment"] = null;
    onmalformed: EventSourceLike["onmalformed"] = null;
    readonly #controller = new AbortController();
    #closed = false;

    constructor(url: string) {
      void this.#run(url);
    }

    close(): void {
      this.#closed = true;
      this.#controller.abort();
    }

    /** Calls a handler unless closed (handlers are typed `this: never` like the DOM's). */
    #emit<A>(handler: ((this: never, arg: A) => unknown) | null | undefined, arg: A): void {
      if (!this.#closed && handler) handler.call(undefined as never, arg);
    }

    #fail(why: string): void {
      if (this.#closed) return;
      console.warn(`event stream ended: ${why}`);
      this.#emit(this.onerror, new Event("error"));
    }

    async #run(url: string): Promise<void> {
      const req = streamRequest(url);
      const doFetch: FetchLike = fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
      let res: Response;
      try {
        res = await doFetch(req.url, { headers: req.headers, signal: this.#controller.signal, cache: "no-store" });
      } catch (err) {
        this.#fail(err instanceof Error ? err.message : String(err));
        return;
      }
      const type = res.headers.get("content-type") ?? "";
      if (!res.ok || !res.body || !type.includes("text/event-stream")) {
        void res.body?.cancel().catch(() => undefined);
        this.#fail(`HTTP ${res.status} ${type || "(no content type)"}`);
        return;
      }
      this.#emit(this.onopen, new Event("open"));
      const parser = createParser({
        onEvent: (message) => this.#emit(this.onmessage, { data: message.data } as MessageEvent),
        onComment: (comment) => this.#emit(this.oncomment, comment.trim()),
        onError: (error) => this.#emit(this.onmalformed, error.message),
      });
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.feed(value);
        }
        this.#fail("the server closed the stream");
      } catch (err) {
        this.#fail(err instanceof Error ? err.message : String(err));
      } finally {
        reader.releaseLock();
      }
    }
  };
}
