import { describe, expect, it } from "vitest";
import { attentionCount, filterText, sessionList, timeline, type SessionGroup } from "./selectors";
import { assistantMessage, createInitialState, instanceEntry, permission, session, textPart, userMessage } from "./test-fixtures";
import type { Session, State } from "./types";

const ALPHA = "/home/dev/src/alpha";
const BETA = "/home/dev/src/beta";

function add(state: State, info: Session, seenBy: string[]): void {
  state.sessions[info.id] = { info, seenBy, liveOwner: null };
}

function at(updated: number): Partial<Session> {
  return { time: { created: 1, updated } };
}

function shape(groups: SessionGroup[]): unknown {
  const rows = (list: SessionGroup["sessions"]): unknown => list.map((r) => (r.children.length ? { [r.id]: rows(r.children) } : r.id));
  return groups.map((g) => ({ [g.directory]: rows(g.sessions) }));
}

function fleet(): State {
  const state = createInitialState();
  state.instances.a = instanceEntry("a", ALPHA);
  state.instances.b = instanceEntry("b", BETA);
  add(state, session("ses_a1", ALPHA, at(10)), ["a", "b"]);
  add(state, session("ses_a2", ALPHA, { ...at(30), title: "Fix the parser" }), ["a", "b"]);
  add(state, session("ses_a2c", ALPHA, { ...at(31), parentID: "ses_a2", title: "sub task" }), ["a"]);
  add(state, session("ses_b1", BETA, at(20)), ["b"]);
  add(state, session("ses_old", ALPHA, { time: { created: 1, updated: 99, archived: 100 } }), ["a"]);
  return state;
}

describe("sessionList", () => {
  it("groups by directory, newest first, children nested, archived hidden", () => {
    expect(shape(sessionList(fleet(), { instanceId: "all", filter: "" }))).toEqual([
      { [ALPHA]: [{ ses_a2: ["ses_a2c"] }, "ses_a1"] },
      { [BETA]: ["ses_b1"] },
    ]);
  });

  it("an instance tab shows sessions it saw or of its directory", () => {
    const state = fleet();
    add(state, session("ses_a3", ALPHA, at(5)), []);
    expect(shape(sessionList(state, { instanceId: "b", filter: "" }))).toEqual([{ [ALPHA]: ["ses_a2", "ses_a1"] }, { [BETA]: ["ses_b1"] }]);
    expect(shape(sessionList(state, { instanceId: "a", filter: "" }))).toEqual([{ [ALPHA]: [{ ses_a2: ["ses_a2c"] }, "ses_a1", "ses_a3"] }]);
  });

  it("filters on what a row shows (title, folder under ~), never on ids or the home folder's letters", () => {
    const state = createInitialState();
    state.instances.a = instanceEntry("a", ALPHA);
    add(state, session("ses_x1", ALPHA, { title: "Fix the parser" }), ["a"]);
    add(state, session("ses_x2", BETA, { title: "Write docs" }), ["a"]);
    add(state, session("ses_x3", ALPHA, { title: "" }), ["a"]);
    const ids = (filter: string, home: string | null = "/home/dev") =>
      sessionList(state, { instanceId: "all", filter, home }).flatMap((g) => g.sessions.map((r) => r.id));
    // Every id holds "s" and "x1"-like bits; only what the rows show counts.
    expect(ids("ses_")).toEqual([]);
    expect(ids("x1")).toEqual([]);
    // "/home/dev" is shown as "~": its letters keep nothing; without a known home they would.
    expect(ids("dev")).toEqual([]);
    expect(ids("dev", null)).toHaveLength(3);
    expect(ids("parser")).toEqual(["ses_x1"]);
    expect(ids("beta")).toEqual(["ses_x2"]);
    expect(ids("~/src/alpha").sort()).toEqual(["ses_x1", "ses_x3"]);
    expect(ids("untitled")).toEqual(["ses_x3"]);
    expect(filterText(session("ses_y", "/home/dev/a", { title: "T" }), "/home/dev")).toBe("t\n~/a");
  });

  it("filters by title, keeping the parents of matching children", () => {
    expect(shape(sessionList(fleet(), { instanceId: "all", filter: "SUB task" }))).toEqual([{ [ALPHA]: [{ ses_a2: ["ses_a2c"] }] }]);
    expect(shape(sessionList(fleet(), { instanceId: "all", filter: "parser" }))).toEqual([{ [ALPHA]: [{ ses_a2: ["ses_a2c"] }] }]);
    expect(sessionList(fleet(), { instanceId: "all", filter: "nothing like this" })).toEqual([]);
  });

  it("rows carry status, attention and owner", () => {
    const state = fleet();
    state.status.ses_a1 = { type: "busy" };
    state.questions.ses_a1 = [{ id: "que_1", sessionID: "ses_a1", questions: [] }];
    state.permissions.ses_b1 = [permission("per_1", "ses_b1")];
    state.questions.ses_b1 = [{ id: "que_2", sessionID: "ses_b1", questions: [] }];
    const rows = sessionList(state, { instanceId: "all", filter: "" }).flatMap((g) => g.sessions);
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId.ses_a1).toMatchObject({ status: "busy", attention: "question", ownerId: "a" });
    expect(byId.ses_b1).toMatchObject({ status: "idle", attention: "permission", ownerId: "b" });
  });
});

describe("attentionCount", () => {
  it("counts pending requests of the sessions an instance owns", () => {
    const state = fleet();
    state.permissions.ses_a1 = [permission("per_1", "ses_a1"), permission("per_2", "ses_a1")];
    state.questions.ses_b1 = [{ id: "que_1", sessionID: "ses_b1", questions: [] }];
    state.sessions.ses_a2!.liveOwner = { instanceId: "b", at: 1 };
    state.permissions.ses_a2 = [permission("per_3", "ses_a2")];
    expect(attentionCount(state, "a")).toBe(2);
    expect(attentionCount(state, "b")).toBe(2);
  });
});

describe("timeline", () => {
  it("lists messages with parts and places errors after the message that was last", () => {
    const state = createInitialState();
    const S = "ses_1";
    state.messages[S] = [userMessage("msg_1", S), assistantMessage("msg_2", S, "msg_1"), userMessage("msg_3", S)];
    state.parts.msg_2 = [textPart("prt_1", "msg_2", S, "Hi")];
    state.sessionErrors[S] = [
      { afterMessageId: "msg_2", name: "UnknownError", message: "boom", at: 5 },
      { afterMessageId: null, name: "Error", message: "early", at: 1 },
      { afterMessageId: "msg_25_removed", name: "Error", message: "orphan", at: 6 },
      { afterMessageId: "msg_3", name: "Error", message: "last", at: 7 },
    ];
    const items = timeline(state, S);
    expect(items.map((i) => (i.kind === "message" ? i.id : i.error.message))).toEqual(["early", "msg_1", "msg_2", "boom", "orphan", "msg_3", "last"]);
    const second = items[2];
    expect(second?.kind === "message" && second.parts.map((p) => p.id)).toEqual(["prt_1"]);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
  });

  it("leaves out errors from before the loaded window while older history remains", () => {
    const state = createInitialState();
    const S = "ses_1";
    state.messages[S] = [userMessage("msg_3", S), userMessage("msg_5", S)];
    state.sessionErrors[S] = [
      { afterMessageId: null, name: "Error", message: "first", at: 1 },
      { afterMessageId: "msg_1", name: "Error", message: "older", at: 2 },
      { afterMessageId: "msg_4", name: "Error", message: "inside", at: 3 },
    ];
    const shown = () => timeline(state, S).map((i) => (i.kind === "message" ? i.id : i.error.message));
    state.historyCursor[S] = "cursor";
    expect(shown()).toEqual(["msg_3", "inside", "msg_5"]);
    state.historyCursor[S] = null;
    expect(shown()).toEqual(["first", "older", "msg_3", "inside", "msg_5"]);
    state.messages[S] = [];
    state.historyCursor[S] = "cursor";
    expect(shown()).toEqual(["first", "older", "inside"]);
  });

  it("is empty for an unknown session", () => {
    expect(timeline(createInitialState(), "nope")).toEqual([]);
  });
});
