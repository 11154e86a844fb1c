/**
 * A status line that says what just happened and clears itself (errors stay longer). Plain
 * `makeAnnouncer` returns its cleanup; `createAnnouncer` releases the timer with its owner.
 */
import { createSignal, onCleanup, type Accessor } from "solid-js";

/** What the status line shows; null when it is empty. */
export interface Announcement {
  text: string;
  error: boolean;
}

/** How long a message stays (ms). */
export const ANNOUNCE_MS = { ok: 4_000, error: 12_000 } as const;

/** The status line and the way to speak into it. */
export interface Announcer {
  status: Accessor<Announcement | null>;
  announce(text: string, error?: boolean): void;
}

/** Builds an announcer; the returned `dispose` cancels a pending clear. */
export function makeAnnouncer(): Announcer & { dispose(): void } {
  const [status, setStatus] = createSignal<Announcement | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const dispose = () => clearTimeout(timer);
  return {
    status,
    announce(text, error = false) {
      setStatus({ text, error });
      clearTimeout(timer);
      timer = setTimeout(() => setStatus(null), error ? ANNOUNCE_MS.error : ANNOUNCE_MS.ok);
    },
    dispose,
  };
}

/** An announcer whose timer ends with the reactive owner. */
export function createAnnouncer(): Announcer {
  const announcer = makeAnnouncer();
  onCleanup(announcer.dispose);
  return announcer;
}
