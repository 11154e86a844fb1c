/**
 * Opening a session's timeline: its newest page is asked for once the session is known (before
 * that no instance can be asked), and a failed open retries by itself once an owner is connected
 * again (a restarted server comes back under a new instance id), so the words "Could not load"
 * never outlive the cause. Its frames end with its owner.
 */
import { createEffect, createMemo, createSignal, on, onCleanup, type Accessor } from "solid-js";
import { errorMessage } from "../../store/error-message";
import { createNextFrame } from "../common/create-next-frame";

/** Whether the session is opening, why it failed, and a manual retry. */
export interface SessionOpening {
  opening: Accessor<boolean>;
  error: Accessor<string | null>;
  /** Opens the current session again (the Retry button). */
  retry(): void;
}

/** Creates the opening of the session `sessionId()`. */
export function createSessionOpening(opts: {
  sessionId: () => string;
  /** The session is listed by some instance (a restored tab or deep link can be ahead of the lists). */
  known: () => boolean;
  openSession: (sessionId: string) => Promise<void>;
  /** The connected instance that would answer for the session, or null. */
  ownerReady: () => string | null;
  /** Called as an open starts. */
  onStart?: () => void;
  /** Called in the frame after an open succeeded (rows may have streamed in meanwhile). */
  onOpened?: () => void;
}): SessionOpening {
  const [opening, setOpening] = createSignal(true);
  const [error, setError] = createSignal<string | null>(null);
  const nextFrame = createNextFrame();
  let disposed = false;
  onCleanup(() => (disposed = true));

  const open = (id: string) => {
    setOpening(true);
    setError(null);
    opts.onStart?.();
    opts
      .openSession(id)
      .then(() => {
        if (disposed || id !== opts.sessionId()) return;
        setOpening(false);
        nextFrame(() => opts.onOpened?.());
      })
      .catch((err: unknown) => {
        if (disposed || id !== opts.sessionId()) return;
        console.error("openSession failed", id, err);
        setOpening(false);
        setError(errorMessage(err));
      });
  };

  let openedFor: string | null = null;
  createEffect(
    on([opts.sessionId, opts.known] as const, ([id, isKnown]) => {
      if (isKnown && openedFor !== id) {
        openedFor = id;
        open(id);
      }
    }),
  );

  const ownerReady = createMemo(opts.ownerReady);
  createEffect(
    on(
      ownerReady,
      (ready, before) => {
        if (ready !== null && ready !== before && error() !== null && openedFor === opts.sessionId()) open(opts.sessionId());
      },
      { defer: true },
    ),
  );

  return { opening, error, retry: () => open(opts.sessionId()) };
}
