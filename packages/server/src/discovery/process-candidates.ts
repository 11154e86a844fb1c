import { parseOpenCodeArgs, splitCommandLine, type OpenCodeArgs } from "./argv.js";

/** One row of the process list (ps-list's shape, plus exact argv when /proc gave it). */
export interface ProcessRow {
  pid: number;
  ppid: number;
  /** Executable name (ps-list: basename of /proc/PID/exe on Linux). */
  name: string;
  /** Command line as one string (ps `args`). */
  cmd: string;
  /** Exact argv when known (Linux /proc/PID/cmdline); otherwise derived from `cmd`. */
  argv?: string[];
}

/** A process that runs OpenCode. */
export interface Candidate extends OpenCodeArgs {
  pid: number;
  ppid: number;
  /** Command line for display. */
  command: string;
  /**
   * True when a descendant is a candidate too: a launcher (npm shim, node wrapper) whose child
   * is the real server. It must never be reported as unreachable.
   */
  wrapsCandidate: boolean;
}

/** Executable names of the OpenCode binary (npm builds run `opencode.exe`; some releases `.opencode`; `@opencode/cli` also installs `opencode2`). */
const OPENCODE_NAMES = new Set(["opencode", ".opencode", "opencode.exe", "opencode2"]);
const NODE_NAMES = new Set(["node", "nodejs", "node.exe"]);
const BUN_NAMES = new Set(["bun", "bun.exe"]);
const SHELLS = new Set(["sh", "bash", "dash", "zsh"]);

/** Node flags that take a separate value, so the value is not mistaken for the script. */
const NODE_VALUE_FLAGS = new Set([
  "-r",
  "--require",
  "--import",
  "--loader",
  "--experimental-loader",
  "-C",
  "--conditions",
  "--inspect-port",
  "--title",
]);
/** Node flags meaning "no script file": the process runs inline code or a REPL. */
const NODE_INLINE_FLAGS = new Set(["-e", "--eval", "-p", "--print", "-i", "--interactive"]);
const BUN_VALUE_FLAGS = new Set(["--cwd", "-r", "--preload", "--env-file", "-c", "--config", "--conditions"]);

function basename(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return path.slice(i + 1);
}

/** Returns OpenCode's own arguments when this argv runs OpenCode, else null. */
export function openCodeArgsOf(name: string, argv: readonly string[]): string[] | null {
  const exe = basename(argv[0] ?? "");
  if (OPENCODE_NAMES.has(exe)) return argv.slice(1);
  // A launcher script (npm's `.bin/opencode` shim) runs as `sh SCRIPT ARGS`; Linux names it after the script.
  if (OPENCODE_NAMES.has(name)) return SHELLS.has(exe) ? argv.slice(2) : argv.slice(1);
  if (NODE_NAMES.has(name) || NODE_NAMES.has(exe)) return scriptArgs(argv, NODE_VALUE_FLAGS, NODE_INLINE_FLAGS, false);
  if (BUN_NAMES.has(name) || BUN_NAMES.has(exe)) return scriptArgs(argv, BUN_VALUE_FLAGS, new Set(["-e", "--eval", "-p", "--print"]), true);
  return null;
}

/** Finds the script a runtime runs and returns the arguments after it when the script is OpenCode. */
function scriptArgs(argv: readonly string[], valueFlags: Set<string>, inlineFlags: Set<string>, isBun: boolean): string[] | null {
  let cwd = "";
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg.startsWith("-")) {
      const eq = arg.indexOf("=");
      const flag = eq === -1 ? arg : arg.slice(0, eq);
      if (inlineFlags.has(flag)) return null;
      let value = eq === -1 ? undefined : arg.slice(eq + 1);
      if (eq === -1 && valueFlags.has(flag)) value = argv[++i];
      if (flag === "--cwd" && value !== undefined) cwd = value;
      continue;
    }
    // `bun run <script>`: skip the `run` verb.
    if (isBun && arg === "run" && i === firstPositionalIndex(argv, valueFlags)) continue;
    const script = cwd === "" ? arg : `${cwd}/${arg}`;
    return /opencode/i.test(script) ? argv.slice(i + 1) : null;
  }
  return null;
}

function firstPositionalIndex(argv: readonly string[], valueFlags: Set<string>): number {
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (!arg.startsWith("-")) return i;
    if (!arg.includes("=") && valueFlags.has(arg)) i++;
  }
  return -1;
}

/**
 * Picks the OpenCode processes out of a process list (pure). `selfPid` is the hub itself; it and
 * its ancestors (npm/node launchers, whose paths may well contain "opencode") are never candidates.
 */
export function selectCandidates(rows: readonly ProcessRow[], selfPid: number): Candidate[] {
  const found: Candidate[] = [];
  const self = selfAndAncestors(rows, selfPid);
  for (const row of rows) {
    if (self.has(row.pid)) continue;
    const argv = row.argv ?? splitCommandLine(row.cmd);
    const args = openCodeArgsOf(row.name, argv);
    if (args === null) continue;
    const command = row.argv ? row.argv.join(" ") : row.cmd;
    found.push({ pid: row.pid, ppid: row.ppid, command, wrapsCandidate: false, ...parseOpenCodeArgs(args) });
  }
  markWrappers(rows, found);
  markStandaloneServers(found);
  return found;
}

/**
 * `opencode --standalone` (2.x) runs its private server as a child `opencode.exe serve --stdio --port 0`:
 * that server is the TUI's, so it is listed as kind `tui` (the TUI itself is its launcher).
 */
function markStandaloneServers(candidates: Candidate[]): void {
  const byPid = new Map(candidates.map((c) => [c.pid, c]));
  for (const c of candidates) {
    if (c.stdio && byPid.get(c.ppid)?.kind === "tui") c.kind = "tui";
  }
}

function selfAndAncestors(rows: readonly ProcessRow[], selfPid: number): Set<number> {
  const parentOf = new Map(rows.map((r) => [r.pid, r.ppid]));
  const out = new Set<number>();
  for (let p = selfPid; p > 1 && !out.has(p); p = parentOf.get(p) ?? 0) out.add(p);
  return out;
}

/** Marks every candidate that has another candidate among its descendants. */
function markWrappers(rows: readonly ProcessRow[], candidates: Candidate[]): void {
  const parentOf = new Map(rows.map((r) => [r.pid, r.ppid]));
  const byPid = new Map(candidates.map((c) => [c.pid, c]));
  for (const c of candidates) {
    const seen = new Set<number>([c.pid]);
    let p = parentOf.get(c.pid) ?? c.ppid;
    while (p > 1 && !seen.has(p)) {
      seen.add(p);
      const ancestor = byPid.get(p);
      if (ancestor) ancestor.wrapsCandidate = true;
      p = parentOf.get(p) ?? 0;
    }
  }
}
