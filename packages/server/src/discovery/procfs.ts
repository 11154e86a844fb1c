/** Linux /proc readers (thin I/O). Sync reads: each is one small pseudo-file, cheaper than a thread-pool hop. */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { splitProcCmdline } from "./argv.js";
import { knownCredentials, parseEnviron } from "./known-credentials.js";
import type { ProcessRow } from "./process-candidates.js";
import { socketInodeOf } from "./socket-table.js";
import type { Credentials } from "./types.js";

/** Process names worth reading the full cmdline of (everything else cannot be OpenCode). */
const INTERESTING = /^(\.?opencode(\.exe|2)?|node|nodejs|bun)$/;

/** Parses /proc/PID/stat: comm sits in parentheses and may contain spaces or ')'. */
export function parseProcStat(text: string): { comm: string; state: string; ppid: number; startTicks: string } | null {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open === -1 || close === -1) return null;
  const rest = text.slice(close + 2).split(" ");
  // rest[0] is field 3 (state); ppid is field 4, starttime field 22.
  const ppid = Number(rest[1]);
  const startTicks = rest[19];
  if (!Number.isFinite(ppid) || startTicks === undefined) return null;
  return { comm: text.slice(open + 1, close), state: rest[0] ?? "", ppid, startTicks };
}

/** One process of the /proc listing, with its start time (clock ticks since boot) for identity. */
export interface ProcRow extends ProcessRow {
  startTicks: string;
}

/** Lists processes from /proc; reads cmdline only for names that could be OpenCode or its launcher. */
export function listProcFs(): ProcRow[] {
  const rows: ProcRow[] = [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = readOrNull(`/proc/${pid}/stat`);
    const parsed = stat === null ? null : parseProcStat(stat);
    // Zombies and exiting processes have an empty cmdline and no sockets: they are not servers.
    if (parsed === null || parsed.state === "Z" || parsed.state === "X") continue;
    let argv: string[] | undefined;
    if (INTERESTING.test(parsed.comm)) {
      const raw = readOrNull(`/proc/${pid}/cmdline`);
      if (raw === null || raw.length === 0) continue;
      argv = splitProcCmdline(raw);
    }
    const row: ProcRow = { pid, ppid: parsed.ppid, name: parsed.comm, cmd: argv?.join(" ") ?? parsed.comm, startTicks: parsed.startTicks };
    if (argv) row.argv = argv;
    rows.push(row);
  }
  return rows;
}

/** Socket inodes held by a process, or an error code (EACCES: another user's process). */
export function procSocketInodes(pid: number): Set<number> | { error: string } {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch (err) {
    return { error: errorCode(err) };
  }
  const inodes = new Set<number>();
  for (const fd of fds) {
    try {
      const inode = socketInodeOf(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (inode !== null) inodes.add(inode);
    } catch {
      // The fd closed between readdir and readlink: nothing to map.
    }
  }
  return inodes;
}

/** The process's working directory, or null when unreadable. */
export function procCwd(pid: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/cwd`).replace(/ \(deleted\)$/, "");
  } catch {
    return null;
  }
}

/**
 * Credentials worth trying on an OpenCode process: its environment's passwords and, for the 2.x
 * service, its service.json files (located through its own environment). Same user only; never logged.
 */
export function procKnownCredentials(pid: number, isService: boolean): Credentials[] {
  const env = procEnviron(pid);
  return env === null ? [] : knownCredentials(env, isService, readOrNull);
}

/** A process's environment (fixed at exec, so read once per process); null when unreadable. Never logged. */
export function procEnviron(pid: number): ReadonlyMap<string, string> | null {
  const raw = readOrNull(`/proc/${pid}/environ`);
  return raw === null ? null : parseEnviron(raw);
}

/**
 * The major version of the OpenCode binary a process runs, from the npm package that holds it
 * (`<package>/bin/<binary>` → `<package>/package.json`); null when that cannot be read
 * (another user's process, a binary outside an npm package).
 */
export function procBinaryMajor(pid: number): number | null {
  let exe: string;
  try {
    exe = readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, "");
  } catch {
    return null;
  }
  return packageMajor(readOrNull(join(dirname(dirname(exe)), "package.json")));
}

/** The major version in a package.json text; null when it has none. */
export function packageMajor(text: string | null): number | null {
  if (text === null) return null;
  try {
    const version = (JSON.parse(text) as { version?: unknown }).version;
    const major = typeof version === "string" ? Number.parseInt(version, 10) : Number.NaN;
    return Number.isInteger(major) ? major : null;
  } catch {
    return null;
  }
}

/** Reads a /proc text file; null when missing or unreadable. */
export function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** The errno code of an fs error ("EACCES", "ENOENT", …). */
export function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : String(err);
}
