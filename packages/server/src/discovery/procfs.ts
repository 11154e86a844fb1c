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

/** What the lister reads (injectable so the caching is tested without /proc). */
export interface ProcSource {
  pids(): number[];
  stat(pid: number): string | null;
  cmdline(pid: number): string | null;
}

const realProc: ProcSource = {
  pids: () =>
    readdirSync("/proc")
      .map(Number)
      .filter((pid) => Number.isInteger(pid)),
  stat: (pid) => readOrNull(`/proc/${pid}/stat`),
  cmdline: (pid) => readOrNull(`/proc/${pid}/cmdline`),
};

/**
 * A process is looked at again this often even when nothing says it changed: it may have exec'd
 * into OpenCode (`ip netns exec … opencode serve` keeps its pid), or its pid been reused.
 */
export const PROC_REFRESH_MS = 10_000;

/** What the lister remembers of one pid. */
interface ProcEntry {
  row: ProcRow | null;
  firstSeenMs: number;
  readMs: number;
}

/**
 * Whether to read a pid's stat (and cmdline) again on this scan. Reading every process's stat
 * each second was most of the hub's idle CPU (~7 ms per scan for 190 processes, measured): only
 * new and young processes (exec happens right after fork), processes whose command line names
 * OpenCode (so an exit or a zombie shows at once) and each process once per PROC_REFRESH_MS are read.
 */
export function shouldReadProc(entry: ProcEntry | undefined, nowMs: number): boolean {
  if (!entry) return true;
  if (nowMs - entry.firstSeenMs < PROC_REFRESH_MS || nowMs - entry.readMs >= PROC_REFRESH_MS) return true;
  return entry.row !== null && /opencode/i.test(entry.row.cmd);
}

/** Reads one process's row; null for zombies, exiting processes and unreadable entries. */
function readRow(source: ProcSource, pid: number): ProcRow | null {
  const stat = source.stat(pid);
  const parsed = stat === null ? null : parseProcStat(stat);
  // Zombies and exiting processes have an empty cmdline and no sockets: they are not servers.
  if (parsed === null || parsed.state === "Z" || parsed.state === "X") return null;
  let argv: string[] | undefined;
  if (INTERESTING.test(parsed.comm)) {
    const raw = source.cmdline(pid);
    if (raw === null || raw.length === 0) return null;
    argv = splitProcCmdline(raw);
  }
  const row: ProcRow = { pid, ppid: parsed.ppid, name: parsed.comm, cmd: argv?.join(" ") ?? parsed.comm, startTicks: parsed.startTicks };
  if (argv) row.argv = argv;
  return row;
}

/**
 * Creates a /proc lister that remembers what it read (see shouldReadProc); cmdline is read only for
 * names that could be OpenCode or its launcher. Each call lists the processes alive now.
 */
export function createProcLister(source: ProcSource = realProc, now: () => number = Date.now): () => ProcRow[] {
  const known = new Map<number, ProcEntry>();
  let first = true;
  return () => {
    const nowMs = now();
    // Processes already running at the first scan are not young: nothing new about them to catch.
    const bornMs = first ? -Infinity : nowMs;
    first = false;
    const rows: ProcRow[] = [];
    const alive = new Set<number>();
    for (const pid of source.pids()) {
      alive.add(pid);
      let entry = known.get(pid);
      if (shouldReadProc(entry, nowMs)) {
        entry = { row: readRow(source, pid), firstSeenMs: entry?.firstSeenMs ?? bornMs, readMs: nowMs };
        known.set(pid, entry);
      }
      if (entry?.row) rows.push(entry.row);
    }
    for (const pid of known.keys()) if (!alive.has(pid)) known.delete(pid);
    return rows;
  };
}

/** A process's socket inodes as read at `readMs`, with the fd list they came from. */
export interface FdSnapshot {
  names: string;
  inodes: Set<number>;
  readMs: number;
}

/**
 * Socket inodes held by a process, or an error code (EACCES: another user's process). Listing
 * /proc/PID/fd is cheap; resolving every fd (readlink) is not (~0.25 ms per OpenCode process,
 * measured), so `previous` is reused while the fd list is the same and younger than PROC_REFRESH_MS.
 * Pass `previous` only for a process that already listens: an fd closed and reopened as a socket
 * under the same number (common while a process starts) shows only on the next refresh.
 */
export function procSocketInodes(pid: number, previous?: FdSnapshot, nowMs = Date.now()): FdSnapshot | { error: string } {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch (err) {
    return { error: errorCode(err) };
  }
  const names = fds.join(",");
  if (previous && previous.names === names && nowMs - previous.readMs < PROC_REFRESH_MS) return previous;
  const inodes = new Set<number>();
  for (const fd of fds) {
    try {
      const inode = socketInodeOf(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (inode !== null) inodes.add(inode);
    } catch {
      // The fd closed between readdir and readlink: nothing to map.
    }
  }
  return { names, inodes, readMs: nowMs };
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
