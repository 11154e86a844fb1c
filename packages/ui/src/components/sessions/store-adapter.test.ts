import { describe, expect, it } from "vitest";
import { createInitialState, instanceEntry, permission, session } from "../../store/test-fixtures";
import { attentionCount } from "./store-adapter";

const ALPHA = "/home/dev/src/alpha";
const BETA = "/home/dev/src/beta";

describe("attentionCount (the tabs' badges)", () => {
  it("adds up every listed session's requests for the All tab, and ignores sessions nobody lists", () => {
    const state = createInitialState();
    state.instances.a = instanceEntry("a", ALPHA);
    state.instances.b = instanceEntry("b", BETA);
    state.sessions.ses_a1 = { info: session("ses_a1", ALPHA), seenBy: ["a"], liveOwner: null };
    state.sessions.ses_a2 = { info: session("ses_a2", ALPHA), seenBy: ["a"], liveOwner: null };
    state.sessions.ses_b1 = { info: session("ses_b1", BETA), seenBy: ["b"], liveOwner: null };
    state.permissions.ses_a1 = [permission("per_1", "ses_a1")];
    state.questions.ses_a1 = [{ id: "que_1", sessionID: "ses_a1", questions: [] }];
    state.questions.ses_b1 = [{ id: "que_2", sessionID: "ses_b1", questions: [] }];
    state.permissions.ses_gone = [permission("per_2", "ses_gone")];
    state.permissions.ses_a2 = [];
    expect(attentionCount(state, null)).toBe(3);
    expect(attentionCount(state, "a")).toBe(2);
    expect(attentionCount(state, "b")).toBe(1);
  });
});
