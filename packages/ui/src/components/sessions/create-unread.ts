import { createEffect } from "solid-js";
import { createStore } from "solid-js/store";
import type { State } from "../../store/types";

/** Which sessions changed since the user last looked at them. */
export interface UnreadTracker {
  isUnread(sessionId: string): boolean;
}

/** What "changed" means for a session: its update time or its newest message. */
function signature(state: State, sessionId: string): string {
  const info = state.sessions[sessionId]?.info;
  const messages = state.messages[sessionId];
  const last = messages && messages.length > 0 ? messages[messages.length - 1]?.id : "";
  return `${info?.time.updated ?? 0}|${last ?? ""}`;
}

/**
 * A session is unread when its `time.updated` or messages moved while it was not being viewed
 * (`isViewing`: its tab is active in a visible page). The first sighting counts as read, so a
 * page load does not mark the whole history unread.
 */
export function createUnreadTracker(options: { state: State; isViewing: (sessionId: string) => boolean }): UnreadTracker {
  const [seen, setSeen] = createStore<Record<string, string>>({});
  createEffect(() => {
    const updates: Record<string, string> = {};
    for (const id of Object.keys(options.state.sessions)) {
      const current = signature(options.state, id);
      const previous = seen[id];
      if (previous === undefined || (previous !== current && options.isViewing(id))) updates[id] = current;
    }
    if (Object.keys(updates).length > 0) setSeen(updates);
  });
  return {
    isUnread: (sessionId) => {
      const previous = seen[sessionId];
      return previous !== undefined && previous !== signature(options.state, sessionId);
    },
  };
}
