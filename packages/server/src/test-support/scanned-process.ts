import type { ScannedProcess } from "../discovery/host-scan.js";

/** A scanned port-less TUI (`opencode` in /w/<pid>) with every field set; override what a test cares about. */
export function scannedTui(pid: number, over: Partial<ScannedProcess> = {}): ScannedProcess {
  return {
    pid,
    ppid: 1,
    command: "opencode",
    kind: "tui",
    subcommand: null,
    port: null,
    listens: false,
    stdio: false,
    wrapsCandidate: false,
    startTime: `s${pid}`,
    cwd: `/w/${pid}`,
    sockets: [],
    knownCredentials: [],
    binaryMajor: null,
    connectedPorts: [],
    ...over,
  };
}
