/**
 * "The session the page opened has been shown": the moment work nobody sees at open may start (the
 * composer's lists, other servers' resyncs). Before it, such work waited only for an idle moment,
 * and the page is idle while it waits for the server's answers, so its requests raced the newest
 * page of messages to the same server. Page-wide: the first session shown ends the wait for every
 * later one too. One per workspace (workspace-services.tsx); index.tsx shares it with the engine.
 */

/** The page's "a session has been shown" moment. */
export interface SessionShown {
  /** The timeline calls this once its session's newest rows are laid out at the end (or the open failed). */
  mark(): void;
  /** Calls `run` once a session has been shown, at the latest after `timeoutMs` (a page that shows none); returns its cancel. */
  after(run: () => void, timeoutMs: number): () => void;
}

/** A fresh moment, not yet reached. */
export function createSessionShown(): SessionShown {
  let shown = false;
  const waiting = new Set<() => void>();
  return {
    mark() {
      if (shown) return;
      shown = true;
      const runs = [...waiting];
      waiting.clear();
      for (const run of runs) run();
    },
    after(run, timeoutMs) {
      if (shown) {
        run();
        return () => {};
      }
      let done = false;
      const once = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        waiting.delete(once);
        run();
      };
      const timer = setTimeout(once, timeoutMs);
      waiting.add(once);
      return () => {
        done = true;
        clearTimeout(timer);
        waiting.delete(once);
      };
    },
  };
}
