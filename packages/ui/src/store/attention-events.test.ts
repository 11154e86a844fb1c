import { describe, expect, it } from "vitest";
import { attentionEvents, attentionSnapshot } from "./attention-events";
import { assistantMessage, createInitialState, instanceEntry, permission, session, userMessage } from "./test-fixtures";
import type { State } from "./types";

function base(): State {
  const state = createInitialState();
  state.instances.a = instanceEntry("a", "/repo/alpha", { listed: true });
  state.sessions.root = { info: session("root", "/repo/alpha", { title: "Root" }), seenBy: ["a"], liveOwner: null };
  state.sessions.kid = { info: session("kid", "/repo/alpha", { title: "Kid", parentID: "root" }), seenBy: ["a"], liveOwner: null };
  return state;
}

const clone = (s: State): State => structuredClone(s);

describe("attentionEvents", () => {
  it("one event per new request, none when the same request is listed again (resync)", () => {
    const state = base();
    const before = attentionSnapshot(state);
    state.permissions.kid = [permission("per_1", "kid")];
    const asked = attentionSnapshot(state);
    const events = attentionEvents(before, asked, state);
    expect(events).toEqual([expect.objectContaining({ key: "per_1", kind: "permission", sessionId: "kid" })]);
    expect(events[0]?.body).toContain("Root › Kid");
    // A resync replaces the list with an equal one.
    const again = clone(state);
    expect(attentionEvents(asked, attentionSnapshot(again), again)).toEqual([]);
  });

  it("a request listed by an instance's first resync is backlog, not news", () => {
    const state = base();
    const entry = state.instances.a;
    if (entry) entry.listed = false;
    const before = attentionSnapshot(state);
    state.permissions.root = [permission("per_old", "root")];
    if (entry) entry.listed = true;
    expect(attentionEvents(before, attentionSnapshot(state), state)).toEqual([]);
  });

  it("a root session going busy → idle finishes once, keyed by its newest message; a child's finish is not news", () => {
    const state = base();
    state.messages.root = [userMessage("msg_1", "root")];
    state.status.root = { type: "busy" };
    state.status.kid = { type: "busy" };
    const busy = attentionSnapshot(state);
    state.messages.root.push(assistantMessage("msg_2", "root", "msg_1"));
    delete state.status.root;
    delete state.status.kid;
    const idle = attentionSnapshot(state);
    expect(attentionEvents(busy, idle, state)).toEqual([expect.objectContaining({ key: "finished:root:msg_2", kind: "finished" })]);
  });

  it("an error is told once, as the error (not also as a finish)", () => {
    const state = base();
    state.status.root = { type: "busy" };
    const busy = attentionSnapshot(state);
    delete state.status.root;
    state.sessionErrors.root = [{ afterMessageId: null, name: "APIError", message: "bad", at: 5 }];
    const failed = attentionSnapshot(state);
    const events = attentionEvents(busy, failed, state);
    expect(events.map((e) => e.kind)).toEqual(["errored"]);
    expect(attentionEvents(failed, attentionSnapshot(state), state)).toEqual([]);
  });

  it("an error that arrived a frame before the idle still counts as the turn's end (no extra finish)", () => {
    const state = base();
    state.messages.root = [userMessage("msg_1", "root"), assistantMessage("msg_2", "root", "msg_1")];
    state.status.root = { type: "busy" };
    const before = attentionSnapshot(state);
    state.sessionErrors.root = [{ afterMessageId: "msg_2", name: "APIError", message: "bad", at: 5 }];
    const errored = attentionSnapshot(state);
    expect(attentionEvents(before, errored, state).map((e) => e.kind)).toEqual(["errored"]);
    delete state.status.root;
    expect(attentionEvents(errored, attentionSnapshot(state), state)).toEqual([]);
  });
});
