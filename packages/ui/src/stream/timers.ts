/** Injectable timer hooks, so connection logic runs on fake clocks in tests. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The global timers, looked up at call time so vi.useFakeTimers() installed later still applies. */
export const defaultTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** The part of EventSource the connections use (the DOM class satisfies it; tests pass a fake). */
export interface EventSourceLike {
  onopen: ((this: never, ev: Event) => unknown) | null;
  onmessage: ((this: never, ev: MessageEvent) => unknown) | null;
  onerror: ((this: never, ev: Event) => unknown) | null;
  /** SSE comments (`: heartbeat`), which a browser EventSource never surfaces; only fetch-based readers call it. */
  oncomment?: ((comment: string) => unknown) | null;
  /** A line the SSE parser could not read (counted, not fatal); only fetch-based readers call it. */
  onmalformed?: ((reason: string) => unknown) | null;
  close(): void;
}

/** `new EventSource(url)`. */
export type EventSourceConstructor = new (url: string) => EventSourceLike;
