import { describe, expect, it } from "vitest";
import { allAnswered, sessionLookup } from "./session-lookup";
import { createInitialState, instanceEntry, session } from "./test-fixtures";
import type { State } from "./types";

function hubWith(...entries: ReturnType<typeof instanceEntry>[]): State {
  const state = createInitialState();
  state.hub.state = "connected";
  for (const entry of entries) state.instances[entry.info.id] = entry;
  return state;
}

describe("sessionLookup", () => {
  it("is known once any instance lists the session", () => {
    const state = hubWith(instanceEntry("a", "/a"));
    state.sessions.ses_1 = { info: session("ses_1", "/a"), seenBy: ["a"], liveOwner: null };
    expect(sessionLookup(state, "ses_1")).toEqual({ kind: "known" });
  });

  it("keeps searching while the hub or an instance's first resync has not answered", () => {
    const noHub = createInitialState();
    expect(sessionLookup(noHub, "ses_x").kind).toBe("searching");
    expect(sessionLookup(hubWith(instanceEntry("a", "/a")), "ses_x").kind).toBe("searching");
    const connecting = instanceEntry("b", "/b", { connection: { state: "connecting", attempt: 0, nextRetryAt: null, error: null } });
    expect(sessionLookup(hubWith(instanceEntry("a", "/a", { listed: true }), connecting), "ses_x").kind).toBe("searching");
  });

  it("is missing once every running instance has listed its sessions, or the hub lists none", () => {
    const gone = instanceEntry("old", "/old", { gone: true, connection: { state: "offline", attempt: 0, nextRetryAt: null, error: null } });
    expect(sessionLookup(hubWith(instanceEntry("a", "/a", { listed: true }), gone), "ses_x")).toEqual({ kind: "missing", waitingFor: [] });
    expect(sessionLookup(hubWith(), "ses_x")).toEqual({ kind: "missing", waitingFor: [] });
  });

  it("names the running instances that could not be asked (locked, failing)", () => {
    const locked = instanceEntry("v", "/vault", { connection: { state: "auth-required", attempt: 0, nextRetryAt: null, error: null } });
    const lookup = sessionLookup(hubWith(instanceEntry("a", "/a", { listed: true }), locked), "ses_x");
    expect(lookup.kind).toBe("missing");
    expect(lookup.kind === "missing" && lookup.waitingFor.map((e) => e.info.id)).toEqual(["v"]);
  });
});

describe("allAnswered", () => {
  const failing = { state: "error" as const, attempt: 1, nextRetryAt: 5, error: "Connected, but could not load what this OpenCode shows: timeout" };

  it("waits for the hub and for each running instance's first listing", () => {
    expect(allAnswered(createInitialState())).toBe(false);
    expect(allAnswered(hubWith(instanceEntry("a", "/a")))).toBe(false);
    expect(allAnswered(hubWith(instanceEntry("a", "/a", { listed: true })))).toBe(true);
    expect(allAnswered(hubWith())).toBe(true);
  });

  it("counts an instance whose resync failed, or that cannot connect, as answered (it is not trying any more)", () => {
    expect(allAnswered(hubWith(instanceEntry("a", "/a", { connection: failing })))).toBe(true);
    const offline = { state: "offline" as const, attempt: 0, nextRetryAt: null, error: null };
    expect(allAnswered(hubWith(instanceEntry("a", "/a", { connection: offline }), instanceEntry("b", "/b", { listed: true })))).toBe(true);
  });
});
