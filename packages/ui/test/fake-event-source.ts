/** A hand-driven EventSource for tests: every instance is recorded, and tests fire open/message/error. */
import type { EventSourceLike } from "../src/stream/timers";

export class FakeEventSource implements EventSourceLike {
  static instances: FakeEventSource[] = [];
  static reset(): void {
    FakeEventSource.instances = [];
  }
  /** Sources not yet closed. */
  static open(): FakeEventSource[] {
    return FakeEventSource.instances.filter((s) => !s.closed);
  }
  /** The last source created for `url` (or any url containing it). */
  static latest(url?: string): FakeEventSource {
    const list = url ? FakeEventSource.instances.filter((s) => s.url.includes(url)) : FakeEventSource.instances;
    const s = list[list.length - 1];
    if (!s) throw new Error(`no EventSource${url ? ` for ${url}` : ""}`);
    return s;
  }

  onopen: ((this: never, ev: Event) => unknown) | null = null;
  onmessage: ((this: never, ev: MessageEvent) => unknown) | null = null;
  onerror: ((this: never, ev: Event) => unknown) | null = null;
  closed = false;

  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }

  close(): void {
    this.closed = true;
  }
  fireOpen(): void {
    (this.onopen as ((ev: Event) => unknown) | null)?.(new Event("open"));
  }
  fireMessage(data: string): void {
    (this.onmessage as ((ev: MessageEvent) => unknown) | null)?.(new MessageEvent("message", { data }));
  }
  /** A JSON frame. */
  send(value: unknown): void {
    this.fireMessage(JSON.stringify(value));
  }
  fireError(): void {
    (this.onerror as ((ev: Event) => unknown) | null)?.(new Event("error"));
  }
}
