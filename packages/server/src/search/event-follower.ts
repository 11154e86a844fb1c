/**
 * Follows one OpenCode server's event stream for the index: connects (the eventsUrl carries the
 * credentials), parses SSE with eventsource-parser, hands each `data:` frame over as JSON, and
 * reconnects with backoff. Neither generation can resume a stream, so every (re)connect is
 * reported (`onOpen`): the caller re-lists what it may have missed.
 */
import { createParser } from "eventsource-parser";
import { fetch } from "undici";

/** Waits before reconnecting, by consecutive failures. */
const BACKOFF_MS = [250, 1_000, 2_000, 5_000] as const;
/** Both generations send a heartbeat at least every 15 s: a silent stream is a dead one. */
const SILENCE_MS = 45_000;

/** What the follower reports. */
export interface FollowerEvents {
  onOpen(): void;
  onFrame(frame: unknown): void;
  /** A failed connect or a cut stream, in words (the URL's credentials are never in it). */
  onError(message: string): void;
}

/** Starts following; returns its stop function. */
export function followEvents(eventsUrl: string, events: FollowerEvents): () => void {
  const controller = new AbortController();
  let failures = 0;

  async function connectOnce(): Promise<void> {
    const attempt = new AbortController();
    const onStop = () => attempt.abort();
    controller.signal.addEventListener("abort", onStop);
    let silence: NodeJS.Timeout | null = null;
    const armSilence = () => {
      if (silence) clearTimeout(silence);
      silence = setTimeout(() => attempt.abort(), SILENCE_MS);
      silence.unref?.();
    };
    try {
      armSilence();
      const res = await fetch(eventsUrl, { headers: { accept: "text/event-stream" }, signal: attempt.signal });
      if (!res.ok || !res.body) throw new Error(`the event stream answered ${res.status}`);
      failures = 0;
      events.onOpen();
      const parser = createParser({
        onEvent(event) {
          let frame: unknown;
          try {
            frame = JSON.parse(event.data);
          } catch {
            return; // not JSON: nothing the index can use
          }
          events.onFrame(frame);
        },
        onComment: armSilence,
      });
      const decoder = new TextDecoder();
      for await (const chunk of res.body) {
        armSilence();
        parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
      }
      throw new Error("the event stream ended");
    } finally {
      if (silence) clearTimeout(silence);
      controller.signal.removeEventListener("abort", onStop);
    }
  }

  void (async () => {
    while (!controller.signal.aborted) {
      try {
        await connectOnce();
      } catch (err) {
        if (controller.signal.aborted) return;
        events.onError(err instanceof Error && err.name !== "AbortError" ? err.message : "the event stream went silent");
      }
      const wait = BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)] ?? 5_000;
      failures++;
      await new Promise((resolve) => setTimeout(resolve, wait).unref?.());
    }
  })();

  return () => controller.abort();
}
