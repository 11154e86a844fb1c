import { describe, expect, it } from "vitest";
import { applyEvent } from "./reducer";
import {
  assistantMessage,
  createInitialState,
  event,
  instanceEntry,
  permission,
  session,
  stateWithSession,
  textPart,
  userMessage,
} from "./test-fixtures";
import type { Part, State } from "./types";

const S = "ses_e03709e80ffeBX3fzFVrmcpJBe";
const DIR = "/home/dev/src/gamma";
const U = "msg_1fc8f61f3001YqGZbBAvaLOfQ7";
const A = "msg_1fc8f6209001mLb8D3wJl6b98A";
const P = "prt_1fc8f65d6001FOO1q1kvgg8VhN";

function textOf(state: State, messageId: string, partId: string): unknown {
  const part = state.parts[messageId]?.find((p) => p.id === partId) as (Part & { text?: string }) | undefined;
  return part?.text;
}

function streaming(): State {
  const state = stateWithSession("i1", session(S, DIR));
  applyEvent(state, event("i1", "message.updated", { sessionID: S, info: userMessage(U, S) }));
  applyEvent(state, event("i1", "message.updated", { sessionID: S, info: assistantMessage(A, S, U) }));
  applyEvent(state, event("i1", "message.part.updated", { sessionID: S, part: textPart(P, A, S, "") }));
  return state;
}

describe("applyEvent: sessions", () => {
  it("upserts a session from session.created (1.0.x sends only {info}) and records the live owner", () => {
    const state = createInitialState();
    expect(applyEvent(state, event("i1", "session.created", { info: session(S, DIR) }, 42))).toBe("applied");
    expect(state.sessions[S]).toMatchObject({ seenBy: ["i1"], liveOwner: { instanceId: "i1", at: 42 } });
    applyEvent(state, event("i2", "session.updated", { sessionID: S, info: session(S, DIR, { title: "Renamed" }) }, 50));
    expect(state.sessions[S]?.info.title).toBe("Renamed");
    expect(state.sessions[S]?.seenBy).toEqual(["i1", "i2"]);
    expect(state.sessions[S]?.liveOwner).toEqual({ instanceId: "i2", at: 50 });
  });

  it("session.deleted removes the session and everything keyed by it", () => {
    const state = streaming();
    state.status[S] = { type: "busy" };
    state.permissions[S] = [permission("per_1", S)];
    state.todos[S] = [];
    state.sessionErrors[S] = [];
    expect(applyEvent(state, event("i1", "session.deleted", { sessionID: S, info: session(S, DIR) }))).toBe("applied");
    expect(state.sessions[S]).toBeUndefined();
    expect(state.messages[S]).toBeUndefined();
    expect(state.parts[A]).toBeUndefined();
    expect(state.parts[U]).toBeUndefined();
    expect(state.status[S]).toBeUndefined();
    expect(state.permissions[S]).toBeUndefined();
    expect(state.todos[S]).toBeUndefined();
    expect(state.sessionErrors[S]).toBeUndefined();
  });

  it("tracks status: busy/retry set, idle and session.idle delete", () => {
    const state = stateWithSession("i1", session(S, DIR));
    applyEvent(state, event("i1", "session.status", { sessionID: S, status: { type: "busy" } }));
    expect(state.status[S]).toEqual({ type: "busy" });
    applyEvent(state, event("i1", "session.status", { sessionID: S, status: { type: "idle" } }));
    expect(S in state.status).toBe(false);
    applyEvent(state, event("i1", "session.status", { sessionID: S, status: { type: "retry", attempt: 1, message: "rate", next: 5 } }));
    expect(state.status[S]?.type).toBe("retry");
    applyEvent(state, event("i1", "session.idle", { sessionID: S }));
    expect(S in state.status).toBe(false);
  });

  it("session.error records the error after the session's last message", () => {
    const state = streaming();
    const error = { name: "UnknownError", data: { message: "Error: [DecimalError] Invalid argument" } };
    expect(applyEvent(state, event("i1", "session.error", { sessionID: S, error }, 77))).toBe("applied");
    expect(state.sessionErrors[S]).toEqual([{ afterMessageId: A, name: "UnknownError", message: "Error: [DecimalError] Invalid argument", at: 77 }]);
    expect(applyEvent(state, event("i1", "session.error", { error }))).toBe("ignored");
  });

  it("compacted and server frames are known but ignored", () => {
    const state = createInitialState();
    for (const type of ["session.compacted", "server.connected", "server.heartbeat"]) {
      expect(applyEvent(state, event("i1", type, { sessionID: S, diff: [] }))).toBe("ignored");
    }
  });

  it("session.diff keeps the whole-session changed files (entries of unknown shape dropped)", () => {
    const state = createInitialState();
    const file = { file: "a.ts", patch: "@@", additions: 2, deletions: 1, status: "modified" };
    expect(applyEvent(state, event("i1", "session.diff", { sessionID: S, diff: [file, { nope: 1 }] }))).toBe("applied");
    expect(state.diffs?.[S]).toEqual([file]);
    expect(applyEvent(state, event("i1", "session.diff", { sessionID: S }))).toBe("unknown");
  });
});

describe("applyEvent: messages and parts", () => {
  it("keeps messages and parts sorted by id whatever the arrival order", () => {
    const state = stateWithSession("i1", session(S, DIR));
    applyEvent(state, event("i1", "message.updated", { info: assistantMessage(A, S, U) }));
    applyEvent(state, event("i1", "message.updated", { info: userMessage(U, S) }));
    expect(state.messages[S]?.map((m) => m.id)).toEqual([U, A]);
    applyEvent(state, event("i1", "message.part.updated", { part: textPart("prt_b", A, S, "b") }));
    applyEvent(state, event("i1", "message.part.updated", { part: textPart("prt_a", A, S, "a") }));
    applyEvent(state, event("i1", "message.part.updated", { part: textPart("prt_b", A, S, "b2") }));
    expect(state.parts[A]?.map((p) => p.id)).toEqual(["prt_a", "prt_b"]);
    expect(textOf(state, A, "prt_b")).toBe("b2");
  });

  it("appends deltas to the part's field", () => {
    const state = streaming();
    for (const delta of ["Hello ", "from ", "the "]) {
      expect(applyEvent(state, event("i1", "message.part.delta", { sessionID: S, messageID: A, partID: P, field: "text", delta }))).toBe("applied");
    }
    expect(textOf(state, A, P)).toBe("Hello from the ");
    // The final part.updated carries the whole text: replacing gives it exactly once.
    applyEvent(state, event("i1", "message.part.updated", { part: textPart(P, A, S, "Hello from the mock.") }));
    expect(textOf(state, A, P)).toBe("Hello from the mock.");
  });

  it("ignores a delta for a part it does not hold (resync brings the whole text)", () => {
    const state = streaming();
    const delta = { sessionID: S, messageID: A, partID: "prt_unknown", field: "text", delta: "x" };
    expect(applyEvent(state, event("i1", "message.part.delta", delta))).toBe("ignored");
    expect(state.parts[A]?.map((p) => p.id)).toEqual([P]);
    expect(applyEvent(state, event("i1", "message.part.delta", { ...delta, messageID: "msg_none" }))).toBe("ignored");
  });

  it("1.0.x: repeated part.updated with full text plus delta yields the text once", () => {
    const state = streaming();
    let text = "";
    for (const delta of ["Hello ", "from ", "the ", "mock."]) {
      text += delta;
      applyEvent(state, event("i1", "message.part.updated", { part: textPart(P, A, S, text), delta }));
    }
    expect(textOf(state, A, P)).toBe("Hello from the mock.");
  });

  it("does not mutate the event's part object when deltas arrive", () => {
    const state = stateWithSession("i1", session(S, DIR));
    const part = textPart(P, A, S, "");
    applyEvent(state, event("i1", "message.part.updated", { part }));
    applyEvent(state, event("i1", "message.part.delta", { messageID: A, partID: P, field: "text", delta: "x" }));
    expect(part).toMatchObject({ text: "" });
  });

  it("removes parts and messages (with their parts)", () => {
    const state = streaming();
    expect(applyEvent(state, event("i1", "message.part.removed", { sessionID: S, messageID: A, partID: P }))).toBe("applied");
    expect(state.parts[A]).toEqual([]);
    applyEvent(state, event("i1", "message.part.updated", { part: textPart(P, A, S, "x") }));
    expect(applyEvent(state, event("i1", "message.removed", { sessionID: S, messageID: A }))).toBe("applied");
    expect(state.messages[S]?.map((m) => m.id)).toEqual([U]);
    expect(state.parts[A]).toBeUndefined();
  });

  it("live message events move ownership to the streaming instance", () => {
    const state = stateWithSession("i1", session(S, DIR));
    applyEvent(state, event("i2", "message.updated", { sessionID: S, info: userMessage(U, S) }, 10));
    expect(state.sessions[S]?.liveOwner).toEqual({ instanceId: "i2", at: 10 });
    applyEvent(state, event("i2", "message.part.delta", { sessionID: S, messageID: A, partID: P, field: "text", delta: "x" }, 20));
    expect(state.sessions[S]?.liveOwner).toEqual({ instanceId: "i2", at: 20 });
    expect(state.sessions[S]?.seenBy).toEqual(["i1", "i2"]);
  });
});

describe("applyEvent: requests and todos", () => {
  it("permission.asked then permission.replied leaves nothing pending", () => {
    const state = stateWithSession("i1", session(S, DIR));
    applyEvent(state, event("i1", "permission.asked", permission("per_1", S) as unknown as Record<string, unknown>));
    applyEvent(state, event("i1", "permission.asked", permission("per_1", S) as unknown as Record<string, unknown>));
    expect(state.permissions[S]?.map((p) => p.id)).toEqual(["per_1"]);
    applyEvent(state, event("i1", "permission.replied", { sessionID: S, requestID: "per_1", reply: "once" }));
    expect(state.permissions[S]).toBeUndefined();
  });

  it("accepts the 1.0.x permission.updated / permission.replied shapes", () => {
    const state = stateWithSession("i1", session(S, DIR));
    const legacy = {
      id: "per_9",
      type: "bash",
      pattern: "echo hi",
      sessionID: S,
      messageID: A,
      callID: "call_1",
      title: "echo hi",
      metadata: {},
      time: { created: 1 },
    };
    expect(applyEvent(state, event("i1", "permission.updated", legacy))).toBe("applied");
    expect(state.permissions[S]?.[0]).toMatchObject({
      id: "per_9",
      permission: "bash",
      patterns: ["echo hi"],
      tool: { messageID: A, callID: "call_1" },
      metadata: { title: "echo hi" },
    });
    applyEvent(state, event("i1", "permission.replied", { sessionID: S, permissionID: "per_9", response: "once" }));
    expect(state.permissions[S]).toBeUndefined();
  });

  it("questions are added and removed on reply or reject", () => {
    const state = stateWithSession("i1", session(S, DIR));
    const q = (id: string) => ({ id, sessionID: S, questions: [{ question: "Which?", header: "Pick", options: [] }] });
    applyEvent(state, event("i1", "question.asked", q("que_1")));
    applyEvent(state, event("i1", "question.asked", q("que_2")));
    applyEvent(state, event("i1", "question.replied", { sessionID: S, requestID: "que_1", answers: [["a"]] }));
    expect(state.questions[S]?.map((x) => x.id)).toEqual(["que_2"]);
    applyEvent(state, event("i1", "question.rejected", { sessionID: S, requestID: "que_2" }));
    expect(state.questions[S]).toBeUndefined();
  });

  it("todo.updated replaces the list", () => {
    const state = stateWithSession("i1", session(S, DIR));
    const todos = [{ content: "write tests", status: "pending", priority: "high" }];
    applyEvent(state, event("i1", "todo.updated", { sessionID: S, todos }));
    expect(state.todos[S]).toEqual(todos);
  });
});

describe("applyEvent: robustness", () => {
  it("reports unknown types and malformed payloads without throwing", () => {
    const state = createInitialState();
    expect(applyEvent(state, event("i1", "lsp.updated", {}))).toBe("unknown");
    expect(applyEvent(state, event("i1", "session.created", { info: "nope" }))).toBe("unknown");
    expect(applyEvent(state, event("i1", "message.updated", { info: { id: 5 } }))).toBe("unknown");
    expect(applyEvent(state, event("i1", "message.part.updated", {}))).toBe("unknown");
    expect(applyEvent(state, event("i1", "message.part.delta", { messageID: A, partID: P, field: "text", delta: 3 }))).toBe("unknown");
    expect(applyEvent(state, event("i1", "session.status", { sessionID: S, status: { type: "sleeping" } }))).toBe("unknown");
    expect(applyEvent(state, event("i1", "permission.asked", { id: "per_1" }))).toBe("unknown");
    expect(applyEvent(state, { instanceId: "i1", directory: null, type: "todo.updated", properties: null as never, receivedAt: 0 })).toBe("unknown");
    expect(state.sessions).toEqual({});
  });
});

describe("applyEvent: legacy 1.0.x turns (no session.status events)", () => {
  function legacyState(protocol: "legacy" | "global"): State {
    const state = stateWithSession("i1", session(S, DIR));
    const entry = instanceEntry("i1", DIR);
    state.instances.i1 = { ...entry, info: { ...entry.info, protocol } };
    return state;
  }

  it("marks the session busy while a legacy assistant message is unfinished, until session.idle", () => {
    const state = legacyState("legacy");
    applyEvent(state, event("i1", "message.updated", { info: userMessage(U, S) }));
    expect(state.status[S]).toBeUndefined();
    applyEvent(state, event("i1", "message.updated", { info: assistantMessage(A, S, U) }));
    expect(state.status[S]).toEqual({ type: "busy" });
    const done = assistantMessage(A, S, U);
    done.time.completed = done.time.created + 10;
    applyEvent(state, event("i1", "message.updated", { info: done }));
    expect(state.status[S]).toEqual({ type: "busy" });
    applyEvent(state, event("i1", "session.idle", { sessionID: S }));
    expect(state.status[S]).toBeUndefined();
  });

  it("leaves status to session.status on current servers", () => {
    const state = legacyState("global");
    applyEvent(state, event("i1", "message.updated", { sessionID: S, info: assistantMessage(A, S, U) }));
    expect(state.status[S]).toBeUndefined();
  });
});
