/** Pure: another Switchboard's one-time sign-in link, checked; and how a peer's instance is listed here. */
import type { Instance, InstanceMachine } from "../contract/hub-api.js";

/** The peer hub's origin and the link itself. */
export function parsePeerLink(raw: string): { ok: true; origin: string; link: string } | { ok: false; message: string } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, message: "That is not a link: paste the whole sign-in link the other Switchboard printed (http://…/auth/…)." };
  }
  if (
    (url.protocol !== "http:" && url.protocol !== "https:") ||
    !/^\/auth\/[A-Za-z0-9_-]{16,128}$/.test(url.pathname) ||
    url.search ||
    url.hash ||
    url.username
  ) {
    return {
      ok: false,
      message: "That is not a Switchboard sign-in link: it looks like http://host:7420/auth/<token> (start the other Switchboard with --remote).",
    };
  }
  return { ok: true, origin: url.origin, link: `${url.origin}${url.pathname}` };
}

/** A peer's instance as this hub lists it: a prefixed id (unique across machines), its machine, origin "peer". */
export function peerInstance(instance: Instance, machine: InstanceMachine): Instance {
  return { ...instance, id: peerInstanceId(machine.id, instance.id), machine, origin: "peer", attachedTuis: instance.attachedTuis ?? [] };
}

/** `m-<machine id>-<its instance id>`: only id characters, so relay paths need no encoding. */
export function peerInstanceId(machineId: string, id: string): string {
  return `m-${machineId}-${id}`;
}

/** Instances of a peer document that belong to that machine (not ones it follows itself: no loops). */
export function ownInstances(instances: readonly Instance[]): Instance[] {
  return instances.filter((i) => (i.machine ?? null) === null && i.origin !== "peer");
}
