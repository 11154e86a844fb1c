/** Listens to one OpenCode server's `/global/event` from Node, to prove which process ran what. */
import { createParser } from "eventsource-parser";
import type { RestTarget } from "./rest.js";

/** One event payload as OpenCode sends it inside the global envelope. */
export interface TappedEvent {
  type: string;
  properties: Record<string, unknown>;
}

/** A running tap; `events` grows as frames arrive. */
export interface EventTap {
  events: TappedEvent[];
  /** Events that name this session (`properties.sessionID`, or `info.sessionID` / `part.sessionID`). */
  forSession(sessionId: string): TappedEvent[];
  close(): void;
}

function sessionOf(e: TappedEvent): string | undefined {
  const p = e.properties;
  const nested = (key: string) => {
    const v = p[key];
    return typeof v === "object" && v !== null ? (v as Record<string, unknown>).sessionID : undefined;
  };
  const id = p.sessionID ?? nested("info") ?? nested("part");
  return typeof id === "string" ? id : undefined;
}

/** Opens the stream and resolves once the server's first frame (`server.connected`) arrived. */
export async function tapEvents(target: RestTarget): Promise<EventTap> {
  const controller = new AbortController();
  const events: TappedEvent[] = [];
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  const parser = createParser({
    onEvent(message) {
      try {
        const frame = JSON.parse(message.data) as { payload?: TappedEvent };
        const payload = frame.payload;
        if (!payload || payload.type === "sync") return;
        events.push(payload);
        if (payload.type === "server.connected") connected();
      } catch {
        // not JSON: nothing to record
      }
    },
  });
  const res = await fetch(`${target.url}/global/event`, { headers: target.headers, signal: controller.signal });
  if (!res.ok || !res.body) throw new Error(`event stream of ${target.url} answered ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        parser.feed(value);
      }
    } catch {
      // aborted by close(), or the server went away
    }
  })();
  await Promise.race([
    ready,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`no server.connected from ${target.url} within 10 s`)), 10_000)),
  ]);
  return {
    events,
    forSession: (sessionId) => events.filter((e) => sessionOf(e) === sessionId),
    close: () => controller.abort(),
  };
}
