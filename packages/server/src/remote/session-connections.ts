/**
 * Every response still open in remote mode belongs to the session that opened it, so that signing
 * a session out (one device, rotation, expiry) ends its event streams and relayed requests at once
 * instead of when they next reconnect. The relay's terminal WebSockets are responses too here: their
 * upgrade is routed with a response bound to the socket, so destroying it cuts the socket.
 */
import type { ServerResponse } from "node:http";

/** Open responses by session id. */
export interface SessionConnections {
  /** Files `res` under `sessionId` until it closes. */
  track(sessionId: string, res: ServerResponse): void;
  /** Stops tracking `res` (a request that itself signs its session out must still answer). */
  untrack(res: ServerResponse): void;
  /** Ends every open response of these sessions; returns how many. */
  close(sessionIds: readonly string[]): number;
  /** Open responses of a session. */
  count(sessionId: string): number;
}

/** A SessionConnections. */
export function createSessionConnections(): SessionConnections {
  const bySession = new Map<string, Set<ServerResponse>>();
  const owner = new WeakMap<ServerResponse, string>();
  const untrack = (res: ServerResponse): void => {
    const id = owner.get(res);
    if (id === undefined) return;
    owner.delete(res);
    const set = bySession.get(id);
    set?.delete(res);
    if (set?.size === 0) bySession.delete(id);
  };
  return {
    track(sessionId, res) {
      if (res.writableEnded || res.destroyed) return;
      untrack(res);
      owner.set(res, sessionId);
      let set = bySession.get(sessionId);
      if (!set) bySession.set(sessionId, (set = new Set()));
      set.add(res);
      res.once("close", () => untrack(res));
    },
    untrack,
    close(sessionIds) {
      let closed = 0;
      for (const id of sessionIds) {
        for (const res of bySession.get(id) ?? []) {
          untrack(res);
          // Cut, not ended: writes after destroy() are dropped silently, while a write racing an
          // end() would throw from a heartbeat timer. The page's EventSource reconnects and meets 401;
          // the relay's upstream request is aborted by the close.
          res.destroy();
          closed++;
        }
      }
      return closed;
    },
    count: (sessionId) => bySession.get(sessionId)?.size ?? 0,
  };
}
