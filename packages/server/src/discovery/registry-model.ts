/** Pure pieces of the registry: ids, URLs, retry schedule, unreachable list, change detection. */
import { createHash } from "node:crypto";
import type { ScannedProcess } from "./host-scan.js";
import { basicToken, type ProbeResult } from "./probe.js";
import type { Credentials, InstanceProtocol, InstancesDocument, InstanceStatus, UnreachableProcess } from "./types.js";

/** Short id, stable while the process lives and never shared with a later process on the same port. */
export function instanceId(pid: number, startTime: string, port: number): string {
  return createHash("sha256").update(`${pid}:${startTime}:${port}`).digest("base64url").slice(0, 12);
}

/** Delays before re-probing a (pid, port) that did not answer like OpenCode: fast at first (slow starts), then rare. */
export const RETRY_SCHEDULE_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000] as const;

/** Delay before the next probe after `failures` consecutive failures (≥ 1). */
export function retryDelayMs(failures: number): number {
  const i = Math.min(Math.max(failures, 1), RETRY_SCHEDULE_MS.length) - 1;
  return RETRY_SCHEDULE_MS[i] ?? 30_000;
}

/** Longest wait between probes of a port known to be OpenCode (broken, or locked while its env password got no answer), so it turns ready soon after it can. */
export const MAX_RECHECK_MS = 5_000;

/**
 * What a probe result means for the listing: the status to list, and whether to probe again later
 * (a broken server, until it recovers); null: not listed on this probe's word (no answer, or not OpenCode).
 */
export function verdictOf(result: ProbeResult): { status: InstanceStatus; recheck: boolean } | null {
  switch (result.kind) {
    case "opencode":
      return { status: "ready", recheck: false };
    case "error":
      return { status: "error", recheck: true };
    case "auth-required":
    case "rejected":
      return { status: "auth-required", recheck: false };
    case "not-opencode":
      return null;
  }
}

/** The EventSource URL for an instance; null while it needs credentials the hub does not hold. */
export function eventsUrlOf(url: string, protocol: InstanceProtocol, credentials: Credentials | null, authRequired: boolean): string | null {
  if (authRequired) return null;
  const path = EVENTS_PATH[protocol];
  return credentials ? `${url}${path}?auth_token=${encodeURIComponent(basicToken(credentials))}` : `${url}${path}`;
}

/** Each protocol's event stream (2.x takes `?auth_token=` there too, which EventSource needs). */
const EVENTS_PATH: Record<InstanceProtocol, string> = { global: "/global/event", legacy: "/event", v2: "/api/event" };

/** How long a process that says it will listen may go without a port before we call it unreachable. */
export const NO_PORT_GRACE_MS = 5_000;

const TUI_HINT = "This OpenCode TUI listens on no port. Restart it with `opencode --port 0` (or --port N) so Switchboard can reach it.";
/** A 2.x TUI is a client of its background service: `--port` does not exist there, the service is what to check. */
const V2_TUI_HINT =
  "OpenCode 2 TUI: its background service is not running or not reachable. Check `opencode service status` (and `opencode service start`), or start the TUI with `--standalone`.";
const SERVER_HINT = "This OpenCode server has opened no TCP port. It may still be starting, or failed to bind; check its terminal output.";

/**
 * OpenCode processes the hub cannot reach: no listening socket at all (sockets known to be empty).
 * Launchers (`wrapsCandidate`), one-shot tools (`kind: other`) and clients of an OpenCode server on
 * this machine (a 2.x TUI connected to its service: listed in that instance's `attachedTuis`) are
 * never listed; a process that was told to listen gets a grace period to open its port.
 */
export function unreachableOf(processes: readonly ScannedProcess[], firstSeenMs: ReadonlyMap<string, number>, nowMs: number): UnreachableProcess[] {
  const out: UnreachableProcess[] = [];
  const serverPorts = new Set(processes.flatMap((p) => (p.sockets ?? []).map((s) => s.port)));
  for (const p of processes) {
    if (p.wrapsCandidate || p.kind === "other" || p.sockets === null || p.sockets.length > 0) continue;
    if (p.connectedPorts.some((port) => serverPorts.has(port))) continue;
    const willListen = p.kind !== "tui" || p.listens;
    const seen = firstSeenMs.get(processKey(p)) ?? nowMs;
    if (willListen && nowMs - seen < NO_PORT_GRACE_MS) continue;
    out.push({ pid: p.pid, command: p.command, directory: p.cwd, reason: "no-listening-port", hint: hintOf(p) });
  }
  return out.sort((a, b) => a.pid - b.pid);
}

function hintOf(p: ScannedProcess): string {
  if (p.kind !== "tui") return SERVER_HINT;
  return p.binaryMajor !== null && p.binaryMajor >= 2 ? V2_TUI_HINT : TUI_HINT;
}

/** Identity of a process across pid reuse. */
export function processKey(p: { pid: number; startTime: string }): string {
  return `${p.pid}:${p.startTime}`;
}

/** Serialisation of everything but the scan clock, to tell whether a document changed. */
export function documentFingerprint(doc: InstancesDocument): string {
  return JSON.stringify([doc.instances, doc.unreachable, doc.scan.method, doc.scan.error]);
}
