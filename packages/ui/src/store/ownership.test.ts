import { describe, expect, it } from "vitest";
import { ownerOf, whyNoOwner } from "./ownership";
import { instanceEntry, session } from "./test-fixtures";
import type { InstanceEntry, SessionEntry } from "./types";

const DIR = "/home/dev/src/alpha";

function entry(liveOwner: SessionEntry["liveOwner"] = null, directory = DIR): SessionEntry {
  return { info: session("ses_1", directory), seenBy: ["a"], liveOwner };
}

function offline(e: InstanceEntry): InstanceEntry {
  return { ...e, connection: { ...e.connection, state: "offline" } };
}

describe("ownerOf", () => {
  it("prefers the instance that last streamed the session, even in another directory", () => {
    const instances = { a: instanceEntry("a", DIR), b: instanceEntry("b", "/elsewhere") };
    expect(ownerOf(entry({ instanceId: "b", at: 5 }), instances)).toBe("b");
  });

  it("falls back to an instance of the session's directory when the live owner is gone or offline", () => {
    const instances = {
      a: instanceEntry("a", DIR),
      b: { ...instanceEntry("b", DIR), gone: true },
      c: offline(instanceEntry("c", DIR)),
    };
    expect(ownerOf(entry({ instanceId: "b", at: 5 }), instances)).toBe("a");
    expect(ownerOf(entry({ instanceId: "c", at: 5 }), instances)).toBe("a");
    expect(ownerOf(entry({ instanceId: "zzz", at: 5 }), instances)).toBe("a");
  });

  it("among directory matches prefers connected, then the most recently seen", () => {
    const older = instanceEntry("older", DIR);
    const newer = { ...instanceEntry("newer", DIR) };
    newer.info = { ...newer.info, firstSeenAt: "2026-11-21T06:00:00.000Z" };
    const reconnecting = instanceEntry("rec", DIR, {
      connection: { state: "reconnecting", attempt: 1, nextRetryAt: 1, error: null },
    });
    reconnecting.info = { ...reconnecting.info, firstSeenAt: "2026-11-21T07:00:00.000Z" };
    expect(ownerOf(entry(), { older, newer, rec: reconnecting })).toBe("newer");
    expect(ownerOf(entry(), { rec: reconnecting })).toBe("rec");
  });

  it("is null when nothing runs there", () => {
    expect(ownerOf(entry(), { a: instanceEntry("a", "/elsewhere"), b: offline(instanceEntry("b", DIR)) })).toBeNull();
    expect(ownerOf(entry(), {})).toBeNull();
  });
});

describe("whyNoOwner", () => {
  it("is null when there is an owner", () => {
    expect(whyNoOwner(entry(), { a: instanceEntry("a", DIR) })).toBeNull();
  });

  it("tells the user to start OpenCode in the directory", () => {
    expect(whyNoOwner(entry(), {})).toBe(
      "No running OpenCode serves /home/dev/src/alpha. Start `opencode serve` (or `opencode --port 0`) in that directory.",
    );
  });

  it("names the exited owner", () => {
    const gone = { ...instanceEntry("b", DIR), gone: true };
    expect(whyNoOwner(entry({ instanceId: "b", at: 1 }), { b: gone })).toMatch(/port 4096\) has exited/);
  });

  it("points at a port-less TUI running in the directory", () => {
    const tui = { pid: 77, command: "opencode", directory: DIR, reason: "no-listening-port" as const, hint: "" };
    expect(whyNoOwner(entry(), {}, [tui])).toMatch(/pid 77.*opencode --port 0/);
  });
});
