/**
 * Stick-to-bottom: the timeline follows its end while content streams, until the user scrolls up;
 * scrolling back to the end (or Jump to latest) follows again.
 */
import { createSignal, type Accessor } from "solid-js";

const NEAR_BOTTOM_PX = 48;

/** The scroll sizes the virtualizer reports. */
export interface ScrollMetrics {
  scrollSize: number;
  viewportSize: number;
}

/** Whether the view follows the end, and the handlers that decide it. */
export interface StickToBottom {
  stick: Accessor<boolean>;
  /** Follows the end from now on (a session opens). */
  stickNow(): void;
  /**
   * Scrolls the DOM element straight to its end. Not virtua's scrollToIndex: that one keeps
   * re-applying itself while item sizes change (all the time while a reply streams), which would
   * pull a user who scrolls up right back down.
   */
  scrollToEnd(smooth?: boolean): void;
  /** Wheel up (or a swipe down) is the user taking over, even before the offset has moved. */
  onWheel(event: WheelEvent): void;
  /** The virtualizer's scroll offset changed. */
  onScroll(offset: number, metrics: ScrollMetrics): void;
  /** Content grew: scroll to the end when following. */
  follow(): void;
  jumpToLatest(): void;
}

/** Creates the stick-to-bottom state over the scrolling element; `shifting` is on while older rows are prepended. */
export function createStickToBottom(opts: { scroller: () => HTMLElement | null; shifting: Accessor<boolean> }): StickToBottom {
  const [stick, setStick] = createSignal(true);
  let lastOffset = 0;
  const scrollToEnd = (smooth = false) => {
    const el = opts.scroller();
    if (!el) return;
    if (smooth && typeof el.scrollTo === "function") el.scrollTo({ top: el.scrollHeight, behavior: "smooth" });
    else el.scrollTop = el.scrollHeight;
  };
  return {
    stick,
    stickNow: () => setStick(true),
    scrollToEnd,
    onWheel(event) {
      const el = opts.scroller();
      if (event.deltaY < 0 && !opts.shifting() && el && el.scrollHeight > el.clientHeight) setStick(false);
    },
    onScroll(offset, metrics) {
      const fromBottom = metrics.scrollSize - metrics.viewportSize - offset;
      if (fromBottom <= NEAR_BOTTOM_PX) setStick(true);
      // Only a move up unsticks: content growing below leaves the offset where it was.
      else if (offset < lastOffset - 2 && !opts.shifting()) setStick(false);
      lastOffset = offset;
    },
    follow() {
      if (stick() && !opts.shifting()) scrollToEnd();
    },
    jumpToLatest() {
      setStick(true);
      scrollToEnd(true);
    },
  };
}
