import { describe, expect, it } from "vitest";
import { scannedTui } from "../test-support/scanned-process.js";
import { documentFingerprint, eventsUrlOf, instanceId, NO_PORT_GRACE_MS, retryDelayMs, unreachableOf, verdictOf } from "./registry-model.js";
import type { InstancesDocument } from "./types.js";

describe("instanceId", () => {
  it("is stable for one process and differs for a later process on the same port", () => {
    expect(instanceId(10, "123", 4096)).toBe(instanceId(10, "123", 4096));
    expect(instanceId(10, "124", 4096)).not.toBe(instanceId(10, "123", 4096));
    expect(instanceId(10, "123", 4096)).toMatch(/^[\w-]{12}$/);
  });
});

describe("retryDelayMs", () => {
  it("retries fast at first, then settles at 30 s", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 15000, 30000, 30000, 30000]);
  });
});

describe("eventsUrlOf", () => {
  it("builds global, legacy and authenticated stream URLs", () => {
    expect(eventsUrlOf("http://127.0.0.1:1", "global", null, false)).toBe("http://127.0.0.1:1/global/event");
    expect(eventsUrlOf("http://127.0.0.1:1", "legacy", null, false)).toBe("http://127.0.0.1:1/event");
    expect(eventsUrlOf("http://127.0.0.1:1", "global", { username: "opencode", password: "p w" }, false)).toBe(
      `http://127.0.0.1:1/global/event?auth_token=${encodeURIComponent(Buffer.from("opencode:p w").toString("base64"))}`,
    );
    expect(eventsUrlOf("http://127.0.0.1:1", "global", null, true)).toBeNull();
  });
  it("streams OpenCode 2 from /api/event with auth_token = standard base64 of opencode:<pw>", () => {
    const token = Buffer.from("opencode:J5Qb+/w=").toString("base64");
    expect(eventsUrlOf("http://127.0.0.1:47612", "v2", { username: "opencode", password: "J5Qb+/w=" }, false)).toBe(
      `http://127.0.0.1:47612/api/event?auth_token=${encodeURIComponent(token)}`,
    );
    expect(eventsUrlOf("http://127.0.0.1:47612", "v2", null, true)).toBeNull();
  });
});

describe("documentFingerprint", () => {
  it("ignores the scan clock but not the scan error", () => {
    const doc: InstancesDocument = { instances: [], unreachable: [], scan: { at: "a", durationMs: 1, method: "procfs", error: null } };
    expect(documentFingerprint({ ...doc, scan: { ...doc.scan, at: "b", durationMs: 9 } })).toBe(documentFingerprint(doc));
    expect(documentFingerprint({ ...doc, scan: { ...doc.scan, error: "x" } })).not.toBe(documentFingerprint(doc));
  });
});

describe("verdictOf", () => {
  it("lists working, locked and broken servers; only broken ones are probed again", () => {
    expect(verdictOf({ kind: "opencode", directory: "/a", version: "1.18.33", protocol: "global" })).toEqual({ status: "ready", recheck: false });
    expect(verdictOf({ kind: "auth-required", protocol: "global" })).toEqual({ status: "auth-required", recheck: false });
    expect(verdictOf({ kind: "rejected", protocol: "global" })).toEqual({ status: "auth-required", recheck: false });
    expect(verdictOf({ kind: "error", message: "DrizzleError", version: "1.14.41" })).toEqual({ status: "error", recheck: true });
    expect(verdictOf({ kind: "not-opencode", reason: "timed out", timedOut: true })).toBeNull();
  });
});

describe("unreachableOf", () => {
  const tui = scannedTui;
  const service = tui(50, {
    command: "opencode.exe serve --service",
    kind: "service",
    subcommand: "serve",
    sockets: [{ address: "127.0.0.1", port: 47612, inode: 1 }],
  });
  const long = new Map<string, number>();
  const now = NO_PORT_GRACE_MS * 10;

  it("never lists a TUI connected to an OpenCode server's port (a 2.x TUI and its service)", () => {
    const attached = tui(10, { binaryMajor: 2, connectedPorts: [47612] });
    expect(unreachableOf([service, attached], long, now)).toEqual([]);
  });

  it("tells a 2.x TUI without its service to check the service, not to restart with --port", () => {
    const [lost] = unreachableOf([tui(11, { binaryMajor: 2, connectedPorts: [3000] })], long, now);
    expect(lost?.hint).toMatch(/^OpenCode 2 TUI: its background service is not running or not reachable/);
    expect(lost?.hint).not.toContain("--port");
  });

  it("keeps the --port advice for a 1.x (or unknown) TUI, also when it talks to a non-OpenCode local port (its model)", () => {
    for (const binaryMajor of [1, null]) {
      const [old] = unreachableOf([tui(12, { binaryMajor, connectedPorts: [4010] })], long, now);
      expect(old?.hint).toContain("opencode --port 0");
    }
  });
});
