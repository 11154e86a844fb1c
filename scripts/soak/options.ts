/** `npm run soak` flags, parsed without I/O so they are unit-tested. */

/** What one soak run does. */
export interface SoakOptions {
  /** How long faults and bursts go on. */
  minutes: number;
  /** The minute whose heap (after GC) the final heap is compared with. */
  baselineMinute: number;
  /** OpenCode 1.18.33 `serve` processes. */
  v1: number;
  /** OpenCode 2.1.2 `serve` processes (the HOME's background service comes on top). */
  v2: number;
  /** Seed of the fault and burst schedule, so a failing run can be replayed. */
  seed: number;
}

/** The run: 30 minutes, 5 × 1.x + 2 × 2.x serve + the 2.x service = 8 servers. */
export const DEFAULT_OPTIONS: SoakOptions = { minutes: 30, baselineMinute: 5, v1: 5, v2: 2, seed: 1 };

export const USAGE = `npm run soak -- [--minutes N] [--baseline-minute M] [--v1 N] [--v2 N] [--seed S]
  --minutes N          faults and prompt bursts for N minutes (default 30)
  --baseline-minute M  the page's heap at minute M is the baseline (default 5; 1 for runs under 10 minutes)
  --v1 N               OpenCode 1.18.33 serve processes (default 5)
  --v2 N               OpenCode 2.1.2 serve processes, besides the 2.x service (default 2)
  --seed S             schedule seed (default 1)`;

const NAMES: Record<string, keyof SoakOptions> = {
  "--minutes": "minutes",
  "--baseline-minute": "baselineMinute",
  "--v1": "v1",
  "--v2": "v2",
  "--seed": "seed",
};

/** Parses argv (after the script name); throws with the usage on anything unknown or out of range. */
export function parseSoakArgs(argv: readonly string[]): SoakOptions {
  const given: Partial<SoakOptions> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? "";
    const [name, inline] = flag.includes("=") ? (flag.split("=", 2) as [string, string]) : [flag, undefined];
    const key = NAMES[name];
    if (!key) throw new Error(`unknown flag ${flag}\n${USAGE}`);
    const raw = inline ?? argv[++i];
    const value = Number(raw);
    if (raw === undefined || !Number.isFinite(value) || value < 0) throw new Error(`${name} needs a number ≥ 0, got ${String(raw)}\n${USAGE}`);
    given[key] = value;
  }
  const minutes = given.minutes ?? DEFAULT_OPTIONS.minutes;
  if (minutes <= 0) throw new Error(`--minutes must be above 0\n${USAGE}`);
  const baselineMinute = given.baselineMinute ?? (minutes < 10 ? 1 : DEFAULT_OPTIONS.baselineMinute);
  if (baselineMinute >= minutes) throw new Error(`--baseline-minute (${baselineMinute}) must come before the end (--minutes ${minutes})\n${USAGE}`);
  const v1 = given.v1 ?? DEFAULT_OPTIONS.v1;
  const v2 = given.v2 ?? DEFAULT_OPTIONS.v2;
  if (v1 < 1) throw new Error(`--v1 must be at least 1 (the 1.x servers start first and own the data folder)\n${USAGE}`);
  return { minutes, baselineMinute, v1, v2, seed: given.seed ?? DEFAULT_OPTIONS.seed };
}
