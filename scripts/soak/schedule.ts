/**
 * The soak's random choices, pure and seeded: which fault hits which server for how long, and
 * what each burst of prompts sends. The runner (soak.ts) only applies what this decides.
 */
import { prng } from "../bench/search-corpus.js";

/** The same seeded generator as the bench corpus (Mulberry32). */
export { prng };

/** The four faults the issue names. */
export type FaultKind = "kill9" | "stop" | "restart" | "cut";

/** What the schedule knows about a server. */
export interface ServerSlot {
  name: string;
  /** `serve` can be killed and restarted on its port; the 2.x service only stopped or cut. */
  kind: string;
  /** A fault is still running on it (never two at once on one server). */
  faulted: boolean;
}

/** One fault: what, on whom, and how long the server stays hurt (0 for a plain restart). */
export interface Fault {
  kind: FaultKind;
  server: string;
  durationMs: number;
}

/** An integer in [min, max]. */
export function between(rand: () => number, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}

/** One of `items` (throws on an empty list: callers check first). */
export function pick<T>(rand: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

/** At most this many servers are hurt at once, so most of the fleet keeps streaming. */
export const MAX_CONCURRENT_FAULTS = 2;

/** The next fault, or null when none may start now (too many running, or no healthy server). */
export function nextFault(rand: () => number, servers: readonly ServerSlot[]): Fault | null {
  if (servers.filter((s) => s.faulted).length >= MAX_CONCURRENT_FAULTS) return null;
  const healthy = servers.filter((s) => !s.faulted);
  if (healthy.length === 0) return null;
  const server = pick(rand, healthy);
  const kinds: FaultKind[] = server.kind === "serve" ? ["kill9", "stop", "restart", "cut"] : ["stop", "cut"];
  const kind = pick(rand, kinds);
  const durationMs = kind === "restart" ? 0 : between(rand, 2_000, 12_000);
  return { kind, server: server.name, durationMs };
}

/** Wait before the next fault: one every ~15 s on average. */
export function faultGapMs(rand: () => number): number {
  return between(rand, 5_000, 25_000);
}

/** Wait before the next burst of prompts. */
export function burstGapMs(rand: () => number): number {
  return between(rand, 8_000, 20_000);
}

/** One prompt of a burst: to an existing session, or to a new one made on `server`. */
export interface PromptPlan {
  server: string;
  /** null: create a session first. */
  sessionId: string | null;
  text: string;
}

/** A session the soak made, and the server it lives on. */
export interface TrackedSession {
  id: string;
  server: string;
}

/**
 * Prompts for one burst: 2–5 of them to sessions on `reachable` servers, sometimes (`allowNew`) to a
 * new session.
 */
export function planBurst(
  rand: () => number,
  burst: number,
  sessions: readonly TrackedSession[],
  reachable: readonly string[],
  allowNew = true,
): PromptPlan[] {
  if (reachable.length === 0) return [];
  const mine = sessions.filter((s) => reachable.includes(s.server));
  const plans: PromptPlan[] = [];
  const count = between(rand, 2, 5);
  for (let i = 0; i < count; i++) {
    const roll = rand();
    if (mine.length === 0 && !allowNew) break;
    const fresh = mine.length === 0 || (allowNew && roll < 0.15);
    const target = fresh ? null : pick(rand, mine);
    plans.push({ server: target?.server ?? pick(rand, reachable), sessionId: target?.id ?? null, text: promptText(rand, burst, i) });
  }
  return plans;
}

/** Mock-model cues: a short quick reply, a slow one (a fault lands mid-stream), or a long one. */
export function promptText(rand: () => number, burst: number, index: number): string {
  const label = `soak burst ${burst} prompt ${index}`;
  const roll = rand();
  if (roll < 0.4) return label;
  if (roll < 0.8) return `${label} [[slow:${between(rand, 40, 150)}]]`;
  return `${label} [[long:${between(rand, 100, 400)}]] [[slow:15]]`;
}
