import { describe, expect, it } from "vitest";
import { activityOf, activityRows, currentStep, isErrored, sortActivity } from "./activity";
import { assistantMessage, createInitialState, instanceEntry, permission, session, textPart, userMessage } from "./test-fixtures";
import type { Part, State } from "./types";

const none = () => false;

function withTurn(): State {
  const state = createInitialState();
  state.instances.a = instanceEntry("a", "/repo/alpha");
  state.sessions.s1 = { info: session("s1", "/repo/alpha", { title: "Build it" }), seenBy: ["a"], liveOwner: null };
  state.messages.s1 = [userMessage("msg_1", "s1"), assistantMessage("msg_2", "s1", "msg_1")];
  return state;
}

function tool(status: "running" | "completed", command: string): Part {
  const input = { command };
  return {
    id: "prt_t",
    messageID: "msg_2",
    sessionID: "s1",
    type: "tool",
    callID: "c1",
    tool: "bash",
    state:
      status === "running"
        ? { status, input, time: { start: 1 } }
        : { status, input, output: "", title: command, metadata: {}, time: { start: 1, end: 2 } },
  };
}

describe("currentStep", () => {
  it("names the running tool with its command, else what the model is doing", () => {
    const state = withTurn();
    state.parts.msg_2 = [tool("running", "npm   test")];
    expect(currentStep(state, "s1")).toBe("bash: npm test");
    state.parts.msg_2 = [tool("completed", "npm test"), textPart("prt_u", "msg_2", "s1", "Done")];
    expect(currentStep(state, "s1")).toBe("writing");
    const done = state.messages.s1?.[1];
    if (done?.role === "assistant") done.time.completed = 5;
    expect(currentStep(state, "s1")).toBeNull();
  });
});

describe("activityOf", () => {
  it("waiting beats busy; busy since the turn's user message, with the step", () => {
    const state = withTurn();
    state.status.s1 = { type: "busy" };
    state.parts.msg_2 = [tool("running", "ls")];
    expect(activityOf(state, "s1", none, 0)).toMatchObject({ kind: "busy", since: 1_795_238_617_587, step: "bash: ls", instanceId: "a" });
    state.permissions.s1 = [permission("per_1", "s1")];
    expect(activityOf(state, "s1", none, 0)).toMatchObject({ kind: "waiting", step: "bash: echo hi" });
  });

  it("errored when the last turn failed (not on abort), unread when only changed, else nothing", () => {
    const state = withTurn();
    expect(activityOf(state, "s1", none, 0)).toBeNull();
    expect(activityOf(state, "s1", () => true, 0)).toMatchObject({ kind: "unread" });
    state.sessionErrors.s1 = [{ afterMessageId: "msg_2", name: "APIError", message: "boom", at: 7 }];
    expect(isErrored(state, "s1")).toBe(true);
    expect(activityOf(state, "s1", () => true, 0)).toMatchObject({ kind: "errored", since: 7 });
    state.sessionErrors.s1 = [{ afterMessageId: "msg_2", name: "MessageAbortedError", message: "", at: 7 }];
    expect(isErrored(state, "s1")).toBe(false);
  });

  it("lists only sessions with something to show", () => {
    const state = withTurn();
    state.sessions.s2 = { info: session("s2", "/repo/alpha"), seenBy: ["a"], liveOwner: null };
    state.status.s2 = { type: "busy" };
    expect(activityRows(state, none, 0).map((r) => r.sessionId)).toEqual(["s2"]);
  });
});

describe("sortActivity", () => {
  const row = (sessionId: string, kind: "waiting" | "busy" | "unread", since: number | null, title = sessionId) => ({
    sessionId,
    kind,
    title,
    directory: "/d",
    instanceId: null,
    since,
    step: null,
    retry: false,
    child: false,
  });
  const rows = [row("a", "unread", 30, "Zeta"), row("b", "waiting", 20, "Alpha"), row("c", "busy", null, "Mid"), row("d", "busy", 10, "Beta")];
  it("sorts by state (urgent first), by title, by elapsed, and reverses", () => {
    const label = () => "x";
    expect(sortActivity(rows, "state", "asc", label).map((r) => r.sessionId)).toEqual(["b", "d", "c", "a"]);
    expect(sortActivity(rows, "session", "asc", label).map((r) => r.sessionId)).toEqual(["b", "d", "c", "a"]);
    expect(sortActivity(rows, "session", "desc", label).map((r) => r.sessionId)).toEqual(["a", "c", "d", "b"]);
    expect(sortActivity(rows, "elapsed", "asc", label).map((r) => r.sessionId)).toEqual(["d", "b", "a", "c"]);
  });
});

describe("activity of folders no server runs in", () => {
  it("lists no unread history of a folder without a running server", () => {
    const state = withTurn();
    state.sessions.old = { info: session("old", "/repo/gone", { title: "Long ago" }), seenBy: ["a"], liveOwner: null };
    const unread = (id: string) => id === "old" || id === "s1";
    expect(activityOf(state, "old", unread, 0)).toBeNull();
    expect(activityOf(state, "s1", unread, 0)?.kind).toBe("unread");
  });
});
