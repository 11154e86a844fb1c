/** The colour an instance tab shares with the session tabs it owns (pure). */
import type { InstanceEntry } from "../../store/types";

/** Golden-angle steps keep neighbours in the stable order far apart on the colour wheel. */
const STEP = 137.508;
const START = 215;

/** Hue (0–359) per instance id, from its position in the stable order (store/order.ts). */
export function instanceHues(ordered: readonly InstanceEntry[]): Map<string, number> {
  return new Map(ordered.map((entry, index) => [entry.info.id, Math.round((START + index * STEP) % 360)]));
}

/** Short visible kind: "TUI", "serve", "web" ("other" shows as "?"). */
export function kindLabel(kind: InstanceEntry["info"]["kind"]): string {
  return kind === "tui" ? "TUI" : kind === "other" ? "?" : kind;
}
