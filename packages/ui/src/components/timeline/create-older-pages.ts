/**
 * Older pages of a session's history: loaded near the top (or on request), with the viewport kept
 * in place while they are prepended. Its frames end with its owner.
 */
import { createSignal, onCleanup, type Accessor } from "solid-js";
import { errorMessage } from "../../store/error-message";
import { createNextFrame } from "../common/create-next-frame";

/** The loading state of older pages, and the ways to load one. */
export interface OlderPages {
  loading: Accessor<boolean>;
  error: Accessor<string | null>;
  /** On while rows are prepended (virtua keeps the viewport anchored to the end meanwhile). */
  shifting: Accessor<boolean>;
  /** Loads the next older page (the Retry and "Load older messages" buttons). */
  load(): Promise<void>;
  /** Loads one when the view is near the top, nothing blocks it and older messages exist. */
  loadIfNear(): void;
}

/** Creates the older-pages loader of the session `sessionId()`. */
export function createOlderPages(opts: {
  sessionId: () => string;
  /** The history cursor: a string while older messages exist. */
  cursor: () => string | null | undefined;
  loadOlder: (sessionId: string) => Promise<unknown>;
  /** Whether the view is near its top (false while it has no layout yet). */
  nearTop: () => boolean;
  /** True while something else must come first (the session is still opening). */
  blocked: () => boolean;
}): OlderPages {
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [shifting, setShifting] = createSignal(false);
  const nextFrame = createNextFrame();
  let disposed = false;
  onCleanup(() => (disposed = true));

  function loadIfNear(): void {
    if (opts.blocked() || loading() || error() || typeof opts.cursor() !== "string") return;
    if (opts.nearTop()) void load();
  }

  async function load(): Promise<void> {
    const id = opts.sessionId();
    setLoading(true);
    setError(null);
    // Prepending: virtua keeps the viewport anchored to the end while `shift` is on.
    setShifting(true);
    try {
      await opts.loadOlder(id);
    } catch (err) {
      console.error("loadOlder failed", id, err);
      if (!disposed) setError(errorMessage(err));
    } finally {
      if (!disposed) {
        setLoading(false);
        nextFrame(() => {
          setShifting(false);
          loadIfNear();
        });
      }
    }
  }

  return { loading, error, shifting, load, loadIfNear };
}
