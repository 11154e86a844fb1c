/**
 * Brings a requested message into a timeline: pages older history until the message is loaded,
 * then scrolls to it. A newer request (another hit, the next find match) replaces an older one.
 */
import { createEffect, on, onCleanup, type Accessor } from "solid-js";
import type { RevealRequest } from "./search-host";

/** What the timeline lends the reveal. */
export interface RevealTimeline {
  request: Accessor<RevealRequest | undefined>;
  /** The first page is in (the timeline is done opening). */
  ready: Accessor<boolean>;
  has(messageId: string): boolean;
  /** The history cursor: a string while older pages exist, null at the start, undefined before the first page. */
  cursor(): string | null | undefined;
  /** Loads one older page (the timeline's own loader, which keeps the scroll position and shows errors). */
  loadOlder(): Promise<void>;
  /** A reveal began: the timeline stops following the bottom. */
  onStart(): void;
  scrollTo(messageId: string): void;
  /** The message is not in this session's history (or older pages cannot be loaded). */
  onMissing(messageId: string, why: string): void;
  /** The request was carried out (or given up): a remounted timeline must not repeat it. */
  onDone(seq: number): void;
}

/** Runs {@link RevealTimeline} requests as they come. */
export function createReveal(timeline: RevealTimeline): void {
  let done = 0;
  let disposed = false;
  onCleanup(() => (disposed = true));
  const current = (seq: number) => !disposed && timeline.request()?.seq === seq;

  const giveUp = (request: RevealRequest, why: string) => {
    timeline.onMissing(request.messageId, why);
    timeline.onDone(request.seq);
  };
  const run = async (request: RevealRequest) => {
    timeline.onStart();
    while (!timeline.has(request.messageId)) {
      const before = timeline.cursor();
      if (typeof before !== "string") return giveUp(request, "That message is no longer in this session.");
      await timeline.loadOlder();
      if (!current(request.seq)) return;
      if (timeline.cursor() === before) return giveUp(request, "Older messages could not be loaded.");
    }
    // After the rows have rendered (the virtualizer measures them on the next frame).
    requestAnimationFrame(() => {
      if (!current(request.seq)) return;
      timeline.scrollTo(request.messageId);
      timeline.onDone(request.seq);
    });
  };

  // Keyed on seq: a store may update the request object in place.
  createEffect(
    on([() => timeline.request()?.seq, timeline.ready] as const, ([seq, ready]) => {
      const request = timeline.request();
      if (!request || seq === undefined || !ready || seq === done) return;
      done = seq;
      void run({ ...request });
    }),
  );
}
