/**
 * Stand-ins for the two instance sources besides discovery (servers added by URL, peer machines):
 * they list nothing and refuse every change; a test passes the calls it answers itself.
 */
import type { Peers } from "../machines/peers.js";
import type { UrlServers } from "../machines/url-servers.js";

/** A source that lists no instance and is never started for real. */
const EMPTY_SOURCE = {
  instances: () => [],
  subscribe: () => () => undefined,
  owns: () => false,
  start: async () => undefined,
  stop: () => undefined,
};

/** Servers by URL: none; `add` and `setCredentials` refuse, `remove` finds nothing, unless `over` says otherwise. */
export function stubUrlServers(over: Partial<UrlServers> = {}): UrlServers {
  return {
    ...EMPTY_SOURCE,
    add: async () => ({ ok: false, reason: "bad-url", message: "not in this test" }),
    remove: async () => false,
    setCredentials: async () => ({ ok: false, reason: "not-found", message: "not in this test" }),
    ...over,
  };
}

/** Peer machines: none; `add` is refused and `remove` finds nothing, unless `over` says otherwise. */
export function stubPeers(over: Partial<Peers> = {}): Peers {
  return {
    ...EMPTY_SOURCE,
    add: async () => ({ ok: false, reason: "refused", message: "not in this test" }),
    relocate: () => undefined,
    remove: async () => ({ found: false }),
    ...over,
  };
}
