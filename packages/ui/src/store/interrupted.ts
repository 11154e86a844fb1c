/**
 * A reply cut off by its server's death (kill -9, crash): OpenCode stores a streaming text part as
 * "" until it ends, so after a restart the server's copy is empty while the page saw the text. The
 * page keeps what it saw and marks the part with this key in the part's `metadata` (a field the
 * server's next copy replaces, so the mark goes as soon as the server's own copy says more).
 */
import type { Part } from "./types";

const MARK = "switchboardInterrupted";

/** Marks a part as cut off by its server stopping (in place). */
export function markInterrupted(part: Part & { metadata?: Record<string, unknown> }): void {
  part.metadata = { ...part.metadata, [MARK]: true };
}

/** True when the page kept this part's text after its server stopped mid-reply. */
export function wasInterrupted(part: Part): boolean {
  const metadata = (part as { metadata?: Record<string, unknown> }).metadata;
  return metadata?.[MARK] === true;
}
