import { describe, expect, it } from "vitest";
import { formatLogChunk, formatLogRecord, localClock, parseLogMode, prettyDestination } from "./log-format.js";
import { createLogger } from "./logger.js";

const clock = (): string => "07:01:12";
const found = {
  level: 30,
  time: 1,
  component: "discovery",
  id: "wvu_KKIWO50k",
  url: "http://127.0.0.1:42789",
  port: 42789,
  pid: 3797,
  kind: "serve",
  version: "1.18.33",
  protocol: "global",
  directory: "/home/me/src/api",
  status: "ready",
  msg: "OpenCode server found",
};

describe("parseLogMode", () => {
  it("defaults to readable lines at info without request logs", () => {
    expect(parseLogMode(undefined)).toEqual({ format: "pretty", level: "info", requestLogs: false, unknown: [] });
    expect(parseLogMode("")).toEqual({ format: "pretty", level: "info", requestLogs: false, unknown: [] });
  });
  it("json keeps pino's JSON; debug adds debug level and request logs; both combine", () => {
    expect(parseLogMode("json")).toMatchObject({ format: "json", level: "info", requestLogs: false });
    expect(parseLogMode("debug")).toMatchObject({ format: "pretty", level: "debug", requestLogs: true });
    expect(parseLogMode("JSON, debug")).toMatchObject({ format: "json", level: "debug", requestLogs: true, unknown: [] });
  });
  it("reports tokens it does not know", () => {
    expect(parseLogMode("json,verbose").unknown).toEqual(["verbose"]);
  });
});

describe("formatLogRecord", () => {
  it("lays out a found server: version, kind, url, directory, pid", () => {
    expect(formatLogRecord(found, clock)).toBe("07:01:12  found   OpenCode 1.18.33 serve  http://127.0.0.1:42789  /home/me/src/api  (pid 3797)");
  });
  it("lays out a gone server the same way", () => {
    expect(formatLogRecord({ ...found, msg: "OpenCode server gone" }, clock)).toBe(
      "07:01:12  gone    OpenCode 1.18.33 serve  http://127.0.0.1:42789  /home/me/src/api  (pid 3797)",
    );
  });
  it("names legacy servers (no version) and locked password servers", () => {
    expect(formatLogRecord({ ...found, version: null, protocol: "legacy" }, clock)).toContain("found   OpenCode (legacy 1.0.x) serve  http://");
    const locked = formatLogRecord({ ...found, version: null, directory: null, status: "auth-required", kind: "tui" }, clock);
    expect(locked).toBe("07:01:12  found   OpenCode (password) tui  http://127.0.0.1:42789  (pid 3797)  locked: unlock it in the page");
  });
  it("shows a broken server with its message", () => {
    const v2 = { ...found, version: "2.1.2", protocol: "v2", kind: "service", directory: "/home/me" };
    expect(formatLogRecord(v2, clock)).toBe("07:01:12  found   OpenCode 2.1.2 service  http://127.0.0.1:42789  /home/me  (pid 3797)");
    expect(formatLogRecord({ ...v2, version: null, status: "auth-required" }, clock)).toContain("found   OpenCode 2 (password) service  http://");
    const broken = formatLogRecord(
      {
        ...found,
        level: 40,
        msg: "OpenCode server answers errors",
        version: "1.14.41",
        status: "error",
        error: "DrizzleError: Failed to run the query",
      },
      clock,
    );
    expect(broken).toBe(
      "07:01:12  broken  OpenCode 1.14.41 serve  http://127.0.0.1:42789  /home/me/src/api  (pid 3797)  broken: DrizzleError: Failed to run the query",
    );
  });
  it("shows scan errors and their recovery in words", () => {
    expect(formatLogRecord({ level: 40, time: 1, event: "scan-error", method: "none", msg: "Cannot read /proc." }, clock)).toBe(
      "07:01:12  scan error: Cannot read /proc.",
    );
    expect(formatLogRecord({ level: 30, time: 1, event: "scan-recovered", method: "procfs", msg: "scan works again" }, clock)).toBe(
      "07:01:12  scan ok again (procfs)",
    );
  });
  it("falls back to msg key=value with a level word for warnings and errors", () => {
    expect(
      formatLogRecord(
        { level: 40, time: 1, command: "xdg-open", err: { type: "Error", message: "spawn ENOENT" }, msg: "could not open a browser" },
        clock,
      ),
    ).toBe('07:01:12  warning: could not open a browser command=xdg-open err="spawn ENOENT"');
    expect(formatLogRecord({ level: 30, time: 1, reason: "CI is set", msg: "not opening a browser" }, clock)).toBe(
      '07:01:12  not opening a browser reason="CI is set"',
    );
    expect(formatLogRecord({ level: 30, time: 1, reqId: "req-1", req: { method: "GET", url: "/api/health" }, msg: "incoming request" }, clock)).toBe(
      "07:01:12  incoming request reqId=req-1 GET /api/health",
    );
    expect(
      formatLogRecord(
        { level: 30, time: 1, reqId: "req-1", res: { statusCode: 200 }, responseTime: 3.7351300000000265, msg: "request completed" },
        clock,
      ),
    ).toBe("07:01:12  request completed reqId=req-1 status=200 responseTime=3.7");
  });
});

describe("formatLogChunk / prettyDestination", () => {
  it("formats every JSON line and passes other text through", () => {
    const chunk = `${JSON.stringify(found)}\nnot json\n`;
    expect(formatLogChunk(chunk, clock)).toBe(
      "07:01:12  found   OpenCode 1.18.33 serve  http://127.0.0.1:42789  /home/me/src/api  (pid 3797)\nnot json\n",
    );
  });
  it("behind the real logger: readable lines, no hub pid/hostname, credentials still redacted", () => {
    let out = "";
    const logger = createLogger({ level: "trace", bare: true, stream: prettyDestination({ write: (t: string) => (out += t) }, clock) });
    logger.child({ component: "discovery" }).info({ ...found, component: undefined }, "OpenCode server found");
    logger.info({ credentials: { username: "opencode", password: "hunter2-secret" }, password: "hunter2-secret" }, "credentials received");
    const lines = out.trimEnd().split("\n");
    expect(lines[0]).toBe("07:01:12  found   OpenCode 1.18.33 serve  http://127.0.0.1:42789  /home/me/src/api  (pid 3797)");
    expect(lines[1]).toBe("07:01:12  credentials received credentials=[redacted] password=[redacted]");
    expect(out).not.toContain("hunter2-secret");
    expect(out).not.toContain("hostname");
  });
  it("uses local wall-clock time", () => {
    const t = new Date(2024, 0, 2, 7, 1, 12).getTime();
    expect(localClock(t)).toBe("07:01:12");
  });
});
