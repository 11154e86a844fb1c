import { describe, expect, it } from "vitest";
import {
  isRunning,
  newSessionId,
  newSessionInstance,
  ownerOf,
  promptTarget,
  servesDirectory,
  sessionOwnerId,
  shownStatus,
  whyNoOwner,
} from "./ownership";
import { createInitialState, instanceEntry, session } from "./test-fixtures";
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

  it("OpenCode 2's service serves every folder, but an instance launched in the session's folder comes first", () => {
    const service = instanceEntry("svc", "/home/dev");
    service.info = { ...service.info, kind: "service", protocol: "v2", firstSeenAt: "2026-11-21T09:00:00.000Z" };
    const listedByService = (directory = DIR): SessionEntry => ({ ...entry(null, directory), seenBy: ["a", "svc"] });
    expect(ownerOf(listedByService(), { svc: service })).toBe("svc");
    expect(ownerOf(listedByService(), { svc: service, a: instanceEntry("a", DIR) })).toBe("a");
    expect(ownerOf(listedByService("/anywhere"), { svc: service, a: instanceEntry("a", DIR) })).toBe("svc");
    expect(servesDirectory(service.info, "/anywhere")).toBe(true);
    expect(servesDirectory(instanceEntry("a", DIR).info, "/anywhere")).toBe(false);
  });

  it("a service owns only sessions it has listed: another HOME's service (another data folder) never does", () => {
    const mine = instanceEntry("svc", "/home/dev");
    mine.info = { ...mine.info, kind: "service", protocol: "v2", firstSeenAt: "2026-11-21T08:00:00.000Z" };
    const theirs = instanceEntry("other", "/home/other");
    theirs.info = { ...theirs.info, kind: "service", protocol: "v2", firstSeenAt: "2026-11-21T09:00:00.000Z" };
    const s: SessionEntry = { info: session("ses_1", "/anywhere"), seenBy: ["svc"], liveOwner: null };
    expect(ownerOf(s, { svc: mine, other: theirs })).toBe("svc");
    expect(ownerOf({ ...s, seenBy: [] }, { svc: mine, other: theirs })).toBeNull();
  });

  it("never picks a broken server (hub status error) of the session's directory", () => {
    const broken = instanceEntry("broken", DIR, { connection: { state: "error", attempt: 0, nextRetryAt: null, error: "DrizzleError" } });
    expect(ownerOf(entry(), { broken })).toBeNull();
    expect(ownerOf(entry({ instanceId: "broken", at: 5 }), { broken, a: instanceEntry("a", DIR) })).toBe("a");
  });

  it("is null when nothing runs there", () => {
    expect(ownerOf(entry(), { a: instanceEntry("a", "/elsewhere"), b: offline(instanceEntry("b", DIR)) })).toBeNull();
    expect(ownerOf(entry(), {})).toBeNull();
  });
});

describe("sessionOwnerId", () => {
  it("while the last streamer is offline but not yet dropped, the instance serving the directory owns the session", () => {
    const state = createInitialState();
    state.sessions.ses_1 = entry({ instanceId: "a", at: 5 });
    state.instances = { a: offline(instanceEntry("a", DIR)), b: instanceEntry("b", DIR) };
    expect(sessionOwnerId(state, "ses_1")).toBe("b");
    state.instances.a = instanceEntry("a", DIR);
    expect(sessionOwnerId(state, "ses_1")).toBe("a");
    expect(sessionOwnerId(state, "ses_unknown")).toBeNull();
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

  it("names a broken server of the directory with its error", () => {
    const broken = instanceEntry("x", DIR, { connection: { state: "error", attempt: 0, nextRetryAt: null, error: "DrizzleError: no table" } });
    expect(whyNoOwner(entry(), { x: broken })).toBe(
      "The OpenCode in /home/dev/src/alpha (port 4096) runs but its API answers errors: DrizzleError: no table. Fix or restart it, or start another `opencode serve` there.",
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

describe("shownStatus (honest status)", () => {
  const busy = { type: "busy" as const };
  function stateWith(instances: Record<string, InstanceEntry>, liveOwner: SessionEntry["liveOwner"], status = busy) {
    const state = createInitialState();
    state.instances = instances;
    state.sessions.ses_1 = entry(liveOwner);
    state.status.ses_1 = status;
    return state;
  }

  it("is the server's word while the process that streamed it is connected", () => {
    const state = stateWith({ a: instanceEntry("a", DIR) }, { instanceId: "a", at: 1 });
    expect(shownStatus(state, "ses_1")).toBe("busy");
    expect(isRunning(state, "ses_1")).toBe(true);
    state.status.ses_1 = { type: "retry", attempt: 1, message: "x", next: 5 };
    expect(shownStatus(state, "ses_1")).toBe("retry");
  });

  it("is unknown at once when that process exits, is dropped, or its stream is down — even with a peer in the directory", () => {
    const peer = instanceEntry("b", DIR);
    const reconnecting = instanceEntry("a", DIR, { connection: { state: "reconnecting", attempt: 1, nextRetryAt: 2, error: null } });
    expect(shownStatus(stateWith({ a: reconnecting, b: peer }, { instanceId: "a", at: 1 }), "ses_1")).toBe("unknown");
    expect(shownStatus(stateWith({ a: { ...instanceEntry("a", DIR), gone: true }, b: peer }, { instanceId: "a", at: 1 }), "ses_1")).toBe("unknown");
    expect(shownStatus(stateWith({ b: peer }, { instanceId: "a", at: 1 }), "ses_1")).toBe("unknown");
    expect(isRunning(stateWith({ b: peer }, { instanceId: "a", at: 1 }), "ses_1")).toBe(false);
  });

  it("without a live streamer asks the directory's owner; no owner at all is unknown; idle stays idle", () => {
    expect(shownStatus(stateWith({ a: instanceEntry("a", DIR) }, null), "ses_1")).toBe("busy");
    expect(shownStatus(stateWith({ a: offline(instanceEntry("a", DIR)) }, null), "ses_1")).toBe("unknown");
    expect(shownStatus(stateWith({}, null), "ses_1")).toBe("unknown");
    expect(shownStatus(stateWith({}, null, { type: "idle" } as never), "ses_1")).toBe("idle");
    expect(shownStatus(createInitialState(), "nope")).toBe("idle");
  });
});

describe("promptTarget", () => {
  it("is the owner for a listed session and the bound instance for a new one (while usable)", () => {
    const state = createInitialState();
    state.instances = { a: instanceEntry("a", DIR), b: offline(instanceEntry("b", "/other")) };
    state.sessions.ses_1 = entry(null);
    expect(promptTarget(state, "ses_1")).toBe("a");
    expect(promptTarget(state, newSessionId("a"))).toBe("a");
    expect(newSessionInstance(newSessionId("a"))).toBe("a");
    expect(newSessionInstance("ses_1")).toBeNull();
    expect(promptTarget(state, newSessionId("b"))).toBeNull();
    expect(promptTarget(state, "unknown")).toBeNull();
  });
});
