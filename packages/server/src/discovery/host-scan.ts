/** One look at the machine: OpenCode processes, their listening ports, cwd, known credentials and (TUIs) connections. */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import psList from "ps-list";
import { knownCredentials } from "./known-credentials.js";
import {
  createProcLister,
  errorCode,
  procBinaryMajor,
  procCwd,
  procEnviron,
  procKnownCredentials,
  procSocketInodes,
  readOrNull,
  type FdSnapshot,
} from "./procfs.js";
import { selectCandidates, type Candidate, type ProcessRow } from "./process-candidates.js";
import {
  isLoopback,
  parseLsofCwd,
  parseLsofListen,
  parseProcNetConnections,
  parseProcNetTcp,
  type ConnectedSocket,
  type ListeningSocket,
} from "./socket-table.js";
import type { Credentials } from "./types.js";

const execFileAsync = promisify(execFile);

/** An OpenCode process as one scan saw it. */
export interface ScannedProcess extends Candidate {
  /** Opaque process start time; with pid it identifies the process across pid reuse. */
  startTime: string;
  /** Working directory (launch directory of a TUI), null when unreadable. */
  cwd: string | null;
  /** Listening TCP sockets; null when they could not be read (see HostScan.error). */
  sockets: ListeningSocket[] | null;
  /** Credentials to try, in order (known-credentials.ts: environment, 2.x service.json), when readable and enabled. */
  knownCredentials: Credentials[];
  /** Major version of the binary's npm package (1, 2), null when unknown: tells a 2.x TUI's hint apart. */
  binaryMajor: number | null;
  /**
   * Loopback ports this process has ESTABLISHED connections to, for a TUI with no listening port
   * (a 2.x TUI is a client of its service); empty for everything else and where unknown (lsof).
   */
  connectedPorts: number[];
}

/** Result of one machine scan. */
export interface HostScan {
  processes: ScannedProcess[];
  method: "procfs" | "lsof" | "none";
  error: string | null;
}

/** Something that scans the machine (injectable so the registry can be tested without processes). */
export type HostScanner = () => Promise<HostScan>;

/** Options of the real scanner. */
export interface HostScannerOptions {
  selfPid: number;
  platform: NodeJS.Platform;
  /** Read /proc/PID/environ for OpenCode credentials (same user only). */
  readEnvironment: boolean;
}

/** Creates the OS scanner: procfs on Linux, ps-list + lsof elsewhere. */
export function createHostScanner(opts: HostScannerOptions): HostScanner {
  if (opts.platform === "linux" && readOrNull("/proc/net/tcp") !== null) return createProcFsScanner(opts);
  return createLsofScanner(opts);
}

interface PidCache {
  startTime: string;
  cwd: string | null;
  knownCredentials: Credentials[];
  /** A 2.x service's environment: its service.json is read again on every scan (the service writes it after it listens). */
  serviceEnv: ReadonlyMap<string, string> | null;
  binaryMajor: number | null;
}

/** Re-read the TCP tables at least this often even when no candidate's sockets changed (safety net). */
export const TABLE_REFRESH_MS = 10_000;

/**
 * When to read /proc/net/tcp{,6}: printing them walks the kernel's whole socket hash (measured
 * 10–30 ms here, by far the most expensive part of a scan), so read them only when the candidates
 * or their socket inodes changed, once more on the scan after a change (a socket may be created
 * a moment before it listens), and every TABLE_REFRESH_MS.
 */
export function shouldReadTables(
  state: { signature: string | null; followUp: boolean; lastReadMs: number },
  signature: string,
  nowMs: number,
): boolean {
  return state.signature !== signature || state.followUp || nowMs - state.lastReadMs >= TABLE_REFRESH_MS;
}

/**
 * Linux: /proc/PID/fd of each candidate gives its socket inodes; /proc/net/tcp{,6} tells which of
 * those listen and where. cwd and environment are read once per process; a 2.x service's
 * service.json files on every scan.
 */
function createProcFsScanner(opts: HostScannerOptions): HostScanner {
  const cache = new Map<string, PidCache>();
  const listProcesses = createProcLister();
  // Socket inodes of processes that were listening at the last scan. Only those are reused: a
  // starting process closes and opens fds all the time, so an unchanged fd list proves nothing there.
  const fdCache = new Map<string, FdSnapshot>();
  const listeningKeys = new Set<string>();
  const tables = {
    signature: null as string | null,
    followUp: false,
    lastReadMs: 0,
    listening: [] as ListeningSocket[],
    connected: [] as ConnectedSocket[],
  };

  return async () => {
    let rows;
    try {
      rows = listProcesses();
    } catch (err) {
      return {
        processes: [],
        method: "none",
        error: `Cannot list processes from /proc (${errorCode(err)}). Switchboard needs a readable /proc to find OpenCode.`,
      };
    }
    const candidates = selectCandidates(rows, opts.selfPid);
    const startOf = new Map(rows.map((r) => [r.pid, r.startTicks]));

    const denied: number[] = [];
    const seen = new Set<string>();
    const found: { c: (typeof candidates)[number]; key: string; entry: PidCache; inodes: Set<number> | null }[] = [];
    for (const c of candidates) {
      const startTime = startOf.get(c.pid) ?? "";
      const key = `${c.pid}:${startTime}`;
      const read = procSocketInodes(c.pid, listeningKeys.has(key) ? fdCache.get(key) : undefined);
      if ("error" in read && read.error === "ENOENT") continue; // exited during the scan
      if ("error" in read) denied.push(c.pid);
      else fdCache.set(key, read);
      const fds = "error" in read ? read : read.inodes;
      let entry = cache.get(key);
      if (!entry) {
        const isService = opts.readEnvironment && c.kind === "service";
        entry = {
          startTime,
          cwd: procCwd(c.pid),
          knownCredentials: opts.readEnvironment && !isService ? procKnownCredentials(c.pid, false) : [],
          serviceEnv: isService ? procEnviron(c.pid) : null,
          binaryMajor: procBinaryMajor(c.pid),
        };
        cache.set(key, entry);
      }
      seen.add(key);
      found.push({ c, key, entry, inodes: fds instanceof Set ? fds : null });
    }
    for (const key of cache.keys()) if (!seen.has(key)) cache.delete(key);
    for (const key of fdCache.keys()) if (!seen.has(key)) fdCache.delete(key);

    const signature = found.map((f) => `${f.key}=${f.inodes ? [...f.inodes].sort((a, b) => a - b).join(",") : "?"}`).join(";");
    const nowMs = Date.now();
    if (shouldReadTables(tables, signature, nowMs)) {
      try {
        // Async so the kernel's table walk runs on the thread pool, not the event loop.
        const [tcp, tcp6] = await Promise.all([readFile("/proc/net/tcp", "utf8"), readFile("/proc/net/tcp6", "utf8").catch(() => "")]);
        tables.listening = [...parseProcNetTcp(tcp), ...parseProcNetTcp(tcp6)];
        tables.connected = [...parseProcNetConnections(tcp), ...parseProcNetConnections(tcp6)];
      } catch (err) {
        tables.signature = null;
        return {
          processes: [],
          method: "none",
          error: `Cannot read the socket table /proc/net/tcp (${errorCode(err)}); no OpenCode port can be found.`,
        };
      }
      tables.followUp = tables.signature !== signature;
      tables.signature = signature;
      tables.lastReadMs = nowMs;
    }

    listeningKeys.clear();
    const processes = found.map(({ c, key, entry, inodes }): ScannedProcess => {
      const sockets = inodes === null ? null : tables.listening.filter((s) => inodes.has(s.inode));
      if (sockets && sockets.length > 0) listeningKeys.add(key);
      return {
        ...c,
        startTime: entry.startTime,
        cwd: entry.cwd,
        knownCredentials: entry.serviceEnv ? knownCredentials(entry.serviceEnv, true, readOrNull) : entry.knownCredentials,
        binaryMajor: entry.binaryMajor,
        sockets,
        connectedPorts: c.kind === "tui" && inodes !== null && sockets?.length === 0 ? loopbackPeers(tables.connected, inodes) : [],
      };
    });
    const error =
      denied.length === 0
        ? null
        : `Cannot see the ports of OpenCode process${denied.length > 1 ? "es" : ""} ${denied.join(", ")} (no permission to read /proc/PID/fd): they belong to another user. Run Switchboard as that user to reach them.`;
    return { processes, method: "procfs", error };
  };
}

/** macOS and other Unixes: ps-list for processes, lsof for LISTEN sockets and cwd. */
function createLsofScanner(opts: HostScannerOptions): HostScanner {
  const cwdCache = new Map<string, string | null>();
  return async () => {
    let rows: ProcessRow[];
    let startOf: Map<number, string>;
    try {
      const list = await psList();
      rows = list.map((p) => ({ pid: p.pid, ppid: p.ppid, name: p.name, cmd: p.cmd ?? p.name }));
      startOf = new Map(list.map((p) => [p.pid, p.startTime?.toISOString() ?? ""]));
    } catch (err) {
      return { processes: [], method: "none", error: `Cannot list processes (${describe(err)}). Switchboard needs \`ps\` to find OpenCode.` };
    }
    const candidates = selectCandidates(rows, opts.selfPid);
    if (candidates.length === 0) return { processes: [], method: "lsof", error: null };
    const pids = candidates.map((c) => c.pid).join(",");
    let listen: Map<number, ListeningSocket[]>;
    try {
      listen = parseLsofListen(await runLsof(["-nP", "-iTCP", "-sTCP:LISTEN", "-a", "-p", pids, "-F", "pn"]));
    } catch (err) {
      return {
        processes: [],
        method: "none",
        error: `Cannot read listening ports with lsof (${describe(err)}). Install lsof or run Switchboard as the user running OpenCode.`,
      };
    }
    const missing = candidates.filter((c) => !cwdCache.has(`${c.pid}:${startOf.get(c.pid) ?? ""}`));
    if (missing.length > 0) {
      const cwds = parseLsofCwd(await runLsof(["-a", "-p", missing.map((c) => c.pid).join(","), "-d", "cwd", "-F", "pn"]).catch(() => ""));
      for (const c of missing) cwdCache.set(`${c.pid}:${startOf.get(c.pid) ?? ""}`, cwds.get(c.pid) ?? null);
    }
    const processes = candidates.map((c): ScannedProcess => {
      const startTime = startOf.get(c.pid) ?? "";
      return {
        ...c,
        startTime,
        cwd: cwdCache.get(`${c.pid}:${startTime}`) ?? null,
        knownCredentials: [],
        binaryMajor: null,
        connectedPorts: [],
        sockets: listen.get(c.pid) ?? [],
      };
    });
    return { processes, method: "lsof", error: null };
  };
}

/** The distinct loopback ports a process's (inodes) established connections go to. */
export function loopbackPeers(connected: readonly ConnectedSocket[], inodes: ReadonlySet<number>): number[] {
  const ports = new Set<number>();
  for (const c of connected) if (inodes.has(c.inode) && isLoopback(c.remoteAddress)) ports.add(c.remotePort);
  return [...ports].sort((a, b) => a - b);
}

/** Runs lsof; its exit code 1 with empty stderr only means "nothing matched". */
async function runLsof(args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync("lsof", args, { encoding: "utf8", maxBuffer: 8 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { code?: unknown; stdout?: unknown; stderr?: unknown };
    if (e.code === 1 && typeof e.stdout === "string" && (typeof e.stderr !== "string" || e.stderr.trim() === "")) return e.stdout;
    throw err;
  }
}

function describe(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "ENOENT") return "command not found";
  return err instanceof Error ? (err.message.split("\n")[0] ?? err.message) : String(err);
}
