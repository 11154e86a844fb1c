import type { DestinationStream } from "pino";

/** How the CLI logs, from `SWITCHBOARD_LOG` (comma-separated: `json`, `debug`). */
export interface LogMode {
  /** `pretty`: one readable line per record (default); `json`: pino's JSON lines. */
  format: "pretty" | "json";
  level: "info" | "debug";
  /** Fastify's per-request lines; only with `debug`, they would flood the terminal otherwise. */
  requestLogs: boolean;
  /** Tokens we did not understand (the CLI warns about them). */
  unknown: string[];
}

/** Parses `SWITCHBOARD_LOG` ("", "json", "debug", "json,debug"). */
export function parseLogMode(value: string | undefined): LogMode {
  const tokens = (value ?? "")
    .split(/[,\s]+/)
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  const debug = tokens.includes("debug");
  return {
    format: tokens.includes("json") ? "json" : "pretty",
    level: debug ? "debug" : "info",
    requestLogs: debug,
    unknown: tokens.filter((t) => t !== "json" && t !== "debug" && t !== "pretty" && t !== "info"),
  };
}

type LogRecord = Record<string, unknown>;

/** Fields that are pino's envelope or shown in the fixed part of a line. */
const ENVELOPE = new Set(["level", "time", "msg", "hostname", "component", "v"]);

const LEVEL_LABELS: Record<number, string> = { 10: "trace", 20: "debug", 40: "warning:", 50: "error:", 60: "fatal:" };

/** Local wall-clock time as HH:MM:SS. */
export function localClock(ms: number): string {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined);

/** "OpenCode 1.18.33 serve", "OpenCode (legacy) serve", "OpenCode (password) tui", "OpenCode 2 (password) service". */
function serverLabel(r: LogRecord): string {
  const locked = r.status === "auth-required" ? "(password)" : undefined;
  const unknown = r.protocol === "legacy" ? "(legacy 1.0.x)" : r.protocol === "v2" ? ["2", locked].filter(Boolean).join(" ") : locked;
  const version = str(r.version) ?? unknown;
  return ["OpenCode", version, str(r.kind)].filter(Boolean).join(" ");
}

function serverLine(verb: string, r: LogRecord): string {
  const pid = str(r.pid);
  const parts = [`${verb.padEnd(7)} ${serverLabel(r)}`, str(r.url), str(r.directory), pid ? `(pid ${pid})` : undefined];
  let line = parts.filter(Boolean).join("  ");
  if (r.status === "auth-required") line += "  locked: unlock it in the page";
  if (r.status === "error") line += `  broken: ${str(r.error) ?? "its API answers errors"}`;
  return line;
}

/** `key=value` for one field; nested objects (err, req, res) shown by their useful part. */
function fieldText(key: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "object") {
    const o = value as LogRecord;
    if (key === "err" || key === "error") return `${key}=${JSON.stringify(str(o.message) ?? str(o.type) ?? o)}`;
    if (key === "req") return `${str(o.method) ?? "?"} ${str(o.url) ?? "?"}`;
    if (key === "res") return str(o.statusCode) ? `status=${str(o.statusCode)}` : undefined;
    return `${key}=${JSON.stringify(value)}`;
  }
  // Fastify's responseTime and the like: 3.7351300000000265 → 3.7
  const text = typeof value === "number" && !Number.isInteger(value) ? String(Math.round(value * 10) / 10) : String(value);
  return `${key}=${/[\s"=]/.test(text) || text === "" ? JSON.stringify(text) : text}`;
}

/**
 * One readable line for a pino record (no trailing newline). Known discovery messages get a
 * fixed layout; anything else is `msg key=value …`. Input is already redacted by pino.
 */
export function formatLogRecord(r: LogRecord, clock: (ms: number) => string = localClock): string {
  const time = typeof r.time === "number" ? clock(r.time) : "--:--:--";
  const level = typeof r.level === "number" ? r.level : 30;
  const msg = typeof r.msg === "string" ? r.msg : "";
  let body: string;
  if (msg === "OpenCode server found") body = serverLine("found", r);
  else if (msg === "OpenCode server gone") body = serverLine("gone", r);
  else if (msg === "OpenCode server answers errors") body = serverLine("broken", r);
  else if (r.event === "scan-error") body = `scan error: ${msg}`;
  else if (r.event === "scan-recovered") body = `scan ok again (${str(r.method) ?? "?"})`;
  else {
    const label = LEVEL_LABELS[level];
    const fields = Object.entries(r)
      .filter(([k]) => !ENVELOPE.has(k) && k !== "event")
      .map(([k, v]) => fieldText(k, v))
      .filter((t): t is string => t !== undefined);
    body = [label, msg, ...fields].filter(Boolean).join(" ");
  }
  return `${time}  ${body}`;
}

/** Formats one chunk of pino output (one or more JSON lines); lines that are not JSON pass through. */
export function formatLogChunk(chunk: string, clock?: (ms: number) => string): string {
  let out = "";
  for (const line of chunk.split("\n")) {
    if (line.trim() === "") continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      out += `${line}\n`;
      continue;
    }
    out += record && typeof record === "object" ? `${formatLogRecord(record as LogRecord, clock)}\n` : `${line}\n`;
  }
  return out;
}

/** A pino destination that writes readable lines to `out` (default stdout). */
export function prettyDestination(out: { write(text: string): unknown } = process.stdout, clock?: (ms: number) => string): DestinationStream {
  return { write: (chunk: string) => void out.write(formatLogChunk(chunk, clock)) };
}
