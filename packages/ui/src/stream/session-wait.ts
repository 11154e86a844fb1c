/**
 * Waiting for a session the store does not know yet (a deep link or restored tab asks before any
 * instance has listed its sessions). Each waiter re-checks its condition whenever the engine says
 * something it depends on changed (`notify`); nothing polls.
 */
import type { State } from "../store/types";
import type { Timers } from "./timers";

/** How long `openSession` waits for an unknown session to be listed before it gives up. */
export const SESSION_WAIT_MS = 15_000;

/** The waiter and the engine's "something changed" signal. */
export interface SessionWaiter {
  /**
   * Resolves once the store knows `sessionId`, or once every listed instance has answered (see
   * `settled`), or after {@link SESSION_WAIT_MS}, or at dispose.
   */
  sessionKnown(sessionId: string): Promise<void>;
  /** Re-checks every pending wait (call after events, resyncs, connection and hub changes). */
  notify(): void;
  /** Whether any wait is pending (lets the hot event path skip `notify`). */
  pending(): boolean;
}

/** Creates a waiter over the store; `settled` says whether every instance has answered its first resync. */
export function makeSessionWaiter(deps: { state: State; timers: Timers; settled: () => boolean; disposed: () => boolean }): SessionWaiter {
  const waiters = new Set<() => void>();
  return {
    pending: () => waiters.size > 0,
    notify() {
      for (const check of [...waiters]) check();
    },
    sessionKnown(sessionId) {
      const done = () => deps.disposed() || deps.state.sessions[sessionId] !== undefined || deps.settled();
      if (done()) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const finish = () => {
          waiters.delete(check);
          deps.timers.clearTimeout(timer);
          resolve();
        };
        const check = () => {
          if (done()) finish();
        };
        const timer = deps.timers.setTimeout(finish, SESSION_WAIT_MS);
        waiters.add(check);
      });
    },
  };
}
