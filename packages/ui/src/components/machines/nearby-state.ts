/** Pure: what a Switchboard announced on the LAN is to this hub (by its machine id, at any address). */
import type { Machine, NearbySwitchboard } from "../../api/hub-types";

/** `new`: not added; `connected`: added and followed; `lost`: added, but not connected (pair again if signed out). */
export interface NearbyState {
  kind: "new" | "connected" | "lost";
  /** Words beside its address, or null. */
  words: string | null;
}

/** The state of `n` among the machines added already. */
export function nearbyState(n: NearbySwitchboard, machines: readonly Machine[]): NearbyState {
  const added = n.id === undefined ? undefined : machines.find((m) => m.id === n.id);
  if (!added) return { kind: "new", words: null };
  if (added.status === "connected") return { kind: "connected", words: added.url === n.url ? "added" : `added (followed at ${added.url})` };
  if (added.status === "signed-out") return { kind: "lost", words: "added, signed out: pair again" };
  // A move is followed by the hub once the machine there proves it holds this hub's credential.
  return { kind: "lost", words: added.url === n.url ? "added, not connected" : `added at ${added.url}, not connected` };
}
