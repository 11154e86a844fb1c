/** The colour an instance tab shares with the session tabs it owns. */
import type { InstanceEntry } from "../../store/types";

/**
 * Hues far enough apart to tell at a glance, none of them red, orange or yellow: a healthy
 * server's badge must not read as an error or a warning.
 */
export const INSTANCE_HUES: readonly number[] = [215, 275, 165, 300, 135, 245, 190, 320];

/** What a user knows a server by: its folder, kind and port (its id changes when it restarts). */
function identity(entry: InstanceEntry): string {
  return `${entry.info.directory ?? ""}|${entry.info.kind}|${entry.info.port}`;
}

/** FNV-1a: a small, stable string hash. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Hue per instance id. Each server keeps the hue it was first given (`remembered`, by identity)
 * while it stays; a new one takes the hue its identity hashes to, or the next one no present
 * server uses. So colours never move when other servers come and go. Pure apart from updating
 * `remembered`.
 */
export function assignHues(ordered: readonly InstanceEntry[], remembered: Map<string, number>): Map<string, number> {
  const present = new Set(ordered.map(identity));
  for (const key of remembered.keys()) if (!present.has(key)) remembered.delete(key);
  const used = new Set(remembered.values());
  for (const entry of ordered) {
    const key = identity(entry);
    if (remembered.has(key)) continue;
    const start = hash(key) % INSTANCE_HUES.length;
    let slot = start;
    for (let step = 0; step < INSTANCE_HUES.length; step++) {
      const candidate = (start + step) % INSTANCE_HUES.length;
      if (!used.has(INSTANCE_HUES[candidate] ?? -1)) {
        slot = candidate;
        break;
      }
    }
    const hue = INSTANCE_HUES[slot] ?? INSTANCE_HUES[0] ?? 215;
    remembered.set(key, hue);
    used.add(hue);
  }
  return new Map(ordered.map((entry) => [entry.info.id, remembered.get(identity(entry)) ?? 215]));
}

// One page-wide memory, so the instance tabs, session tabs and overview agree and keep their hues.
const pageHues = new Map<string, number>();

/** Hue per instance id for the page (instance tabs, session tabs and overview share it). */
export function instanceHues(ordered: readonly InstanceEntry[]): Map<string, number> {
  return assignHues(ordered, pageHues);
}

/** Short visible kind: "TUI", "serve", "web" ("other" shows as "?"). */
export function kindLabel(kind: InstanceEntry["info"]["kind"]): string {
  return kind === "tui" ? "TUI" : kind === "other" ? "?" : kind;
}
