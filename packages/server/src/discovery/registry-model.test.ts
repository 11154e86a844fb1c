import { describe, expect, it } from "vitest";
import { documentFingerprint, eventsUrlOf, instanceId, retryDelayMs, verdictOf } from "./registry-model.js";
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
    expect(verdictOf({ kind: "auth-required" })).toEqual({ status: "auth-required", recheck: false });
    expect(verdictOf({ kind: "rejected" })).toEqual({ status: "auth-required", recheck: false });
    expect(verdictOf({ kind: "error", message: "DrizzleError", version: "1.14.41" })).toEqual({ status: "error", recheck: true });
    expect(verdictOf({ kind: "not-opencode", reason: "timed out", timedOut: true })).toBeNull();
  });
});
