/**
 * Finds the newest OpenCode on PATH: every executable named `opencode` in PATH's folders, asked
 * for `--version`, the highest one wins (ties: the earlier PATH entry).
 */
import { execFile } from "node:child_process";
import { access, constants, stat } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** An OpenCode binary and the version it reports. */
export interface FoundOpenCode {
  path: string;
  version: string;
}

/** Compares dotted versions numerically ("1.18.33" > "1.9.0"); non-numeric parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The newest `opencode` on `pathEnv`, or null when there is none that answers `--version`. */
export async function newestOpenCode(pathEnv = process.env.PATH ?? ""): Promise<FoundOpenCode | null> {
  const seen = new Set<string>();
  let best: FoundOpenCode | null = null;
  for (const dir of pathEnv.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, "opencode");
    if (seen.has(candidate)) continue;
    seen.add(candidate);
    try {
      await access(candidate, constants.X_OK);
      const version = await versionOf(candidate);
      if (!version) continue;
      if (!best || compareVersions(version, best.version) > 0) best = { path: candidate, version };
    } catch {
      // Not there, not executable, or not answering: not a candidate.
    }
  }
  return best;
}

/**
 * What each binary said to `--version`, by the file it resolves to (size and mtime): asking a
 * native OpenCode takes 1–2.5 s under load (measured by scripts/bench/start-bench.ts), which every
 * "New session in…" start paid. An upgrade replaces the file, so it is asked again.
 */
const versions = new Map<string, { key: string; version: string | null }>();

async function versionOf(candidate: string): Promise<string | null> {
  const info = await stat(candidate);
  const key = `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}`;
  const known = versions.get(candidate);
  if (known?.key === key) return known.version;
  const { stdout } = await run(candidate, ["--version"], { timeout: 10_000 });
  // 1.x prints "1.18.33", 2.x "opencode v2.1.2" (measured).
  const said = (stdout.trim().split(/\s+/).pop() ?? "").replace(/^v/, "");
  const version = /^\d/.test(said) ? said : null;
  versions.set(candidate, { key, version });
  return version;
}
