/**
 * Extra "machines" for tests: Linux network namespaces the test creates itself, each linked to
 * this one by a veth pair (10.200.N.1 here, 10.200.N.2 inside). Traffic goes only to loopback or
 * these namespaces. Removed in afterAll, and by an exit guard if the run dies first.
 */
import { execFileSync } from "node:child_process";

/** One test namespace. */
export interface TestNetns {
  /** Namespace name (`ip netns exec <name> …`). */
  name: string;
  /** The address inside the namespace. */
  address: string;
  /** This side's end of the link. */
  hostAddress: string;
  /** `ip netns exec <name>` as a command prefix. */
  exec: readonly [string, ...string[]];
  remove(): void;
}

/** True when this run may create namespaces (root, iproute2). */
export function netnsAvailable(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync("ip", ["netns", "list"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const created = new Set<TestNetns>();
let guarded = false;

const ip = (...args: string[]): void => {
  execFileSync("ip", args, { stdio: ["ignore", "ignore", "pipe"] });
};

/**
 * Creates namespace `<label>-<pid>` on subnet 10.200.<subnet>.0/24. `multicast`: a 224.0.0.0/4 route
 * on the link inside (the namespace has no default route), so DNS-SD there reaches this side.
 */
export function createNetns(label: string, subnet: number, opts: { multicast?: boolean } = {}): TestNetns {
  const name = `sb${label}-${process.pid}`;
  // Interface names are at most 15 characters.
  const hostIf = `vh${label}${process.pid}`.slice(0, 15);
  const peerIf = `vp${label}${process.pid}`.slice(0, 15);
  const address = `10.200.${subnet}.2`;
  const hostAddress = `10.200.${subnet}.1`;
  const ns: TestNetns = {
    name,
    address,
    hostAddress,
    exec: ["ip", "netns", "exec", name],
    remove() {
      created.delete(ns);
      for (const args of [
        ["link", "del", hostIf],
        ["netns", "del", name],
      ]) {
        try {
          ip(...args);
        } catch {
          // Already gone (the veth goes with the namespace).
        }
      }
    },
  };
  created.add(ns);
  if (!guarded) {
    guarded = true;
    process.once("exit", () => {
      for (const n of [...created]) n.remove();
    });
  }
  ip("netns", "add", name);
  ip("link", "add", hostIf, "type", "veth", "peer", "name", peerIf);
  ip("link", "set", peerIf, "netns", name);
  ip("addr", "add", `${hostAddress}/24`, "dev", hostIf);
  ip("link", "set", hostIf, "up");
  ip("netns", "exec", name, "ip", "addr", "add", `${address}/24`, "dev", peerIf);
  ip("netns", "exec", name, "ip", "link", "set", peerIf, "up");
  ip("netns", "exec", name, "ip", "link", "set", "lo", "up");
  if (opts.multicast) ip("netns", "exec", name, "ip", "route", "add", "224.0.0.0/4", "dev", peerIf);
  return ns;
}
