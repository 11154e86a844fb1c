import { describe, expect, it } from "vitest";
import { applyEvent } from "./reducer";
import { reconcileInstance, reconcileMessages } from "./reconcile";
import { assistantMessage, createInitialState, event, instanceEntry, permission, session, textPart, userMessage } from "./test-fixtures";
import type { InstanceSnapshot, MessagePage, Part, State } from "./types";

const DIR = "/home/dev/src/gamma";
const S = "ses_e03709e80ffeBX3fzFVrmcpJBe";
const U1 = "msg_1fc8f61f3001YqGZbBAvaLOfQ7";
const A1 = "msg_1fc8f6209001mLb8D3wJl6b98A";
const U2 = "msg_1fc9a8f5300147pfAakK5T1t5h";
const A2 = "msg_1fc9a9132001M5rXStqoVTGREr";
const P = "prt_1fc9a9150001MetjAl5G9LOF96";
const FULL = "Hello from the mock model. This reply streams word by word.";

function snapshot(extra: Partial<InstanceSnapshot> = {}): InstanceSnapshot {
  return { directory: DIR, sessions: [], status: {}, permissions: [], questions: [], ...extra };
}

function texts(state: State, messageId: string): string[] {
  return (state.parts[messageId] ?? []).map((p) => (p as Part & { text?: string }).text ?? `<${p.type}>`);
}

describe("reconcileInstance", () => {
  it("removes sessions only this instance knew, keeps those others still see", () => {
    const state = createInitialState();
    state.sessions.gone = { info: session("gone", DIR), seenBy: ["i1"], liveOwner: null };
    state.sessions.shared = { info: session("shared", DIR), seenBy: ["i1", "i2"], liveOwner: null };
    state.sessions.other = { info: session("other", "/elsewhere"), seenBy: ["i1"], liveOwner: null };
    state.messages.gone = [userMessage(U1, "gone")];
    reconcileInstance(state, "i1", snapshot({ sessions: [session("fresh", DIR)] }));
    expect(Object.keys(state.sessions).sort()).toEqual(["fresh", "other", "shared"]);
    expect(state.sessions.shared?.seenBy).toEqual(["i2"]);
    expect(state.sessions.fresh).toEqual({ info: session("fresh", DIR), seenBy: ["i1"], liveOwner: null });
    expect(state.messages.gone).toBeUndefined();
  });

  it("updates listed sessions in place", () => {
    const state = createInitialState();
    const info = session(S, DIR);
    state.sessions[S] = { info, seenBy: ["i2"], liveOwner: null };
    reconcileInstance(state, "i1", snapshot({ sessions: [session(S, DIR, { title: "New title" })] }));
    expect(state.sessions[S]?.info).toBe(info);
    expect(info.title).toBe("New title");
    expect(state.sessions[S]?.seenBy).toEqual(["i2", "i1"]);
  });

  it("clears statuses the instance no longer reports, so nothing stays stuck busy", () => {
    const state = createInitialState();
    state.instances.i1 = instanceEntry("i1", DIR);
    state.instances.i2 = instanceEntry("i2", DIR);
    state.sessions.a = { info: session("a", DIR), seenBy: ["i1"], liveOwner: { instanceId: "i1", at: 1 } };
    state.sessions.b = { info: session("b", DIR), seenBy: ["i1"], liveOwner: null };
    state.sessions.c = { info: session("c", DIR), seenBy: ["i1", "i2"], liveOwner: { instanceId: "i2", at: 1 } };
    state.status = { a: { type: "busy" }, b: { type: "busy" }, c: { type: "busy" } };
    reconcileInstance(
      state,
      "i1",
      snapshot({ sessions: [state.sessions.a.info, state.sessions.b.info, state.sessions.c.info], status: { b: { type: "busy" } } }),
    );
    // a: stopped while we were away; b: still running; c: runs in i2, which answers for it.
    expect(state.status).toEqual({ b: { type: "busy" }, c: { type: "busy" } });
  });

  it("replaces pending permissions and questions with the instance's lists", () => {
    const state = createInitialState();
    state.sessions[S] = { info: session(S, DIR), seenBy: ["i1"], liveOwner: null };
    state.permissions[S] = [permission("per_old", S)];
    state.questions[S] = [{ id: "que_old", sessionID: S, questions: [] }];
    reconcileInstance(state, "i1", snapshot({ sessions: [session(S, DIR)], permissions: [permission("per_new", S)] }));
    expect(state.permissions[S]?.map((p) => p.id)).toEqual(["per_new"]);
    expect(state.questions[S]).toBeUndefined();
  });
});

function page(messages: MessagePage["messages"], cursor: string | null = null): MessagePage {
  return { messages, cursor };
}

describe("reconcileMessages", () => {
  it("text streamed partially before a disconnect equals the server's text exactly after resync", () => {
    const state = createInitialState();
    state.sessions[S] = { info: session(S, DIR), seenBy: ["i1"], liveOwner: null };
    applyEvent(state, event("i1", "message.updated", { info: userMessage(U2, S) }));
    applyEvent(state, event("i1", "message.updated", { info: assistantMessage(A2, S, U2) }));
    applyEvent(state, event("i1", "message.part.updated", { part: textPart(P, A2, S, "") }));
    for (const delta of ["Hello ", "from ", "the "]) {
      applyEvent(state, event("i1", "message.part.delta", { messageID: A2, partID: P, field: "text", delta }));
    }
    expect(texts(state, A2)).toEqual(["Hello from the "]);
    // Disconnected; the reply finished meanwhile. The resync returns the whole text.
    reconcileMessages(
      state,
      "i1",
      S,
      page([
        { info: userMessage(U2, S), parts: [textPart("prt_1fc9a8f53002aZVn0pV04UaUpy", U2, S, "Say hello")] },
        { info: assistantMessage(A2, S, U2), parts: [textPart(P, A2, S, FULL)] },
      ]),
      "latest",
    );
    expect(texts(state, A2)).toEqual([FULL]);
    expect(texts(state, U2)).toEqual(["Say hello"]);
  });

  it("resync mid-stream, then the stream's later deltas continue the server's text without gaps or repeats", () => {
    const state = createInitialState();
    applyEvent(state, event("i1", "message.part.updated", { part: textPart(P, A2, S, "Hel") }));
    reconcileMessages(state, "i1", S, page([{ info: assistantMessage(A2, S, U2), parts: [textPart(P, A2, S, "Hello from ")] }]), "latest");
    applyEvent(state, event("i1", "message.part.delta", { messageID: A2, partID: P, field: "text", delta: "the mock" }));
    expect(texts(state, A2)).toEqual(["Hello from the mock"]);
  });

  it("latest keeps older messages, drops vanished ones in the window, keeps newer optimistic ones", () => {
    const state = createInitialState();
    state.messages[S] = [userMessage(U1, S), assistantMessage(A1, S, U1), userMessage(U2, S), assistantMessage("msg_1fc9b0", S, U2)];
    state.parts["msg_1fc9b0"] = [textPart("prt_x", "msg_1fc9b0", S, "gone")];
    const optimisticId = "msg_1fd00000000000000000000000";
    state.messages[S].push(userMessage(optimisticId, S));
    state.optimistic = { [optimisticId]: true };
    state.historyCursor[S] = "older-cursor";
    reconcileMessages(
      state,
      "i1",
      S,
      page(
        [
          { info: userMessage(U2, S), parts: [] },
          { info: assistantMessage(A2, S, U2), parts: [] },
        ],
        "c1",
      ),
      "latest",
    );
    expect(state.messages[S]?.map((m) => m.id)).toEqual([U1, A1, U2, A2, optimisticId]);
    expect(state.parts["msg_1fc9b0"]).toBeUndefined();
    // Older history was already loaded further back: its cursor stays.
    expect(state.historyCursor[S]).toBe("older-cursor");
  });

  it("latest on an empty store sets the cursor; older prepends and moves it", () => {
    const state = createInitialState();
    reconcileMessages(state, "i1", S, page([{ info: userMessage(U2, S), parts: [] }], "c1"), "latest");
    expect(state.historyCursor[S]).toBe("c1");
    reconcileMessages(
      state,
      "i1",
      S,
      page(
        [
          { info: userMessage(U1, S), parts: [] },
          { info: assistantMessage(A1, S, U1), parts: [] },
        ],
        null,
      ),
      "older",
    );
    expect(state.messages[S]?.map((m) => m.id)).toEqual([U1, A1, U2]);
    expect(state.historyCursor[S]).toBeNull();
  });

  it("the server's copy of an optimistic message replaces its optimistic parts", () => {
    const state = createInitialState();
    state.messages[S] = [userMessage(U2, S)];
    state.parts[U2] = [textPart("prt_client", U2, S, "Say hello")];
    state.optimistic = { [U2]: true, prt_client: true };
    reconcileMessages(state, "i1", S, page([{ info: userMessage(U2, S), parts: [textPart("prt_server", U2, S, "Say hello")] }]), "latest");
    expect(state.parts[U2]?.map((p) => p.id)).toEqual(["prt_server"]);
    expect(state.optimistic).toEqual({});
  });

  it("an empty latest page empties the session but keeps optimistic messages", () => {
    const state = createInitialState();
    state.messages[S] = [userMessage(U1, S), userMessage(U2, S)];
    state.optimistic = { [U2]: true };
    reconcileMessages(state, "i1", S, page([]), "latest");
    expect(state.messages[S]?.map((m) => m.id)).toEqual([U2]);
  });
});
