/**
 * The opening window: while a session opens, the virtualizer is given only the newest rows. virtua
 * lays a new list out from its top with a 40 px guess per row, so without this the first pass
 * rendered a screenful of the *oldest* loaded messages (~25 replies parsed, sanitized and laid out)
 * before the view jumped to the newest. A row-size hint did the same job but broke paging back to
 * the oldest message; this keeps virtua measuring every real row. Once the open has scrolled to the
 * end, the rest is put back with `shift` on, so virtua keeps the view anchored to the end while the
 * older rows go in above it.
 */
import { batch, createSignal, type Accessor } from "solid-js";
import { createNextFrame } from "../common/create-next-frame";

/** Newest rows given to the virtualizer while a session opens (more than a tall screen of short rows). */
export const OPEN_WINDOW_ROWS = 8;

/** `keys` with only its first key (the top marker) and its newest `rows` keys, or `keys` itself when that is all of them. */
export function windowKeys(keys: readonly string[], rows = OPEN_WINDOW_ROWS): readonly string[] {
  if (keys.length <= rows + 1) return keys;
  return [keys[0]!, ...keys.slice(keys.length - rows)];
}

/** Whether the list is windowed, and the calls that start and end the window. */
export interface OpenWindow {
  /** On from a session's open until it was shown at its end. */
  windowed: Accessor<boolean>;
  /** On for the frame in which the older rows are put back (virtua's `shift`). */
  widening: Accessor<boolean>;
  /** A new session opens: window its rows again. */
  narrow(): void;
  /** Puts every row back in the next frame (the scroll to the end has been laid out by then), then calls `after` a frame later. */
  widen(after?: () => void): void;
}

/** Creates the opening window (windowed at first: the first open starts with the component). */
export function createOpenWindow(): OpenWindow {
  const [windowed, setWindowed] = createSignal(true);
  const [widening, setWidening] = createSignal(false);
  const nextFrame = createNextFrame();
  return {
    windowed,
    widening,
    narrow: () => setWindowed(true),
    widen(after) {
      if (!windowed()) {
        after?.();
        return;
      }
      nextFrame(() => {
        batch(() => {
          setWidening(true);
          setWindowed(false);
        });
        nextFrame(() => {
          setWidening(false);
          after?.();
        });
      });
    },
  };
}
