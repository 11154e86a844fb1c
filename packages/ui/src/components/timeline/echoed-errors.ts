/** Drops session errors that only repeat the error already shown on the assistant message before them. */
import type { TimelineItem } from "../../store/selectors";

/** Name and text of an assistant message's error, or null. */
function messageError(item: TimelineItem): { name: string; message: string } | null {
  if (item.kind !== "message" || item.message.role !== "assistant" || !item.message.error) return null;
  const data = item.message.error.data as { message?: unknown } | undefined;
  return { name: item.message.error.name, message: typeof data?.message === "string" ? data.message : "" };
}

/**
 * OpenCode reports a failed model call twice: on the assistant message (`info.error`) and as a
 * `session.error` event. The message already shows it in place, so the echo is left out; errors
 * that say something else (or follow no failed message) stay.
 */
export function withoutEchoedErrors(items: readonly TimelineItem[]): TimelineItem[] {
  let lastMessageError: { name: string; message: string } | null = null;
  const kept: TimelineItem[] = [];
  for (const item of items) {
    if (item.kind === "message") {
      lastMessageError = messageError(item);
      kept.push(item);
      continue;
    }
    const echo = lastMessageError !== null && lastMessageError.name === item.error.name && lastMessageError.message === item.error.message;
    if (!echo) kept.push(item);
  }
  return kept;
}
