import { describe, expect, it } from "vitest";
import { makeIdGenerator } from "./ids";
import { attentionItems, attentionTotal, descendantIds, needsYouCount, parentChain } from "./attention";
import { createInitialState, instanceEntry, permission, session } from "./test-fixtures";
import type { QuestionRequest, State } from "./types";

const T0 = 1_795_238_617_471;
const requestId = (ms: number, prefix: "msg" | "prt" = "msg") => makeIdGenerator(() => ms)(prefix).replace(/^msg_|^prt_/, "per_");

function question(id: string, sessionID: string): QuestionRequest {
  return { id, sessionID, questions: [{ question: "Which colour?", header: "Colour", options: [{ label: "Red", description: "" }] }] };
}

/** root → child → grandchild on instance "a" (directory /repo/alpha). */
function nested(): State {
  const state = createInitialState();
  state.instances.a = instanceEntry("a", "/repo/alpha");
  const add = (id: string, parentID?: string) => {
    state.sessions[id] = {
      info: session(id, "/repo/alpha", { title: `T ${id}`, ...(parentID ? { parentID } : {}) }),
      seenBy: ["a"],
      liveOwner: null,
    };
  };
  add("ses_root");
  add("ses_child", "ses_root");
  add("ses_grand", "ses_child");
  return state;
}

describe("attentionItems", () => {
  it("lists a grandchild's permission with its whole parent chain, owner and project", () => {
    const state = nested();
    const id = requestId(T0);
    state.permissions.ses_grand = [permission(id, "ses_grand")];
    const [item] = attentionItems(state, T0 + 5000);
    expect(item).toMatchObject({ kind: "permission", id, sessionId: "ses_grand", instanceId: "a", directory: "/repo/alpha", askedAt: T0 });
    expect(item?.chain.map((l) => l.title)).toEqual(["T ses_root", "T ses_child", "T ses_grand"]);
  });

  it("orders newest first across permissions and questions and sessions", () => {
    const state = nested();
    const older = requestId(T0);
    const newer = requestId(T0 + 1000);
    const q = requestId(T0 + 500).replace("per_", "que_");
    state.permissions.ses_root = [permission(older, "ses_root")];
    state.permissions.ses_child = [permission(newer, "ses_child")];
    state.questions.ses_grand = [question(q, "ses_grand")];
    expect(attentionItems(state, T0 + 2000).map((i) => i.id)).toEqual([newer, q, older]);
    expect(attentionTotal(state)).toBe(3);
  });

  it("keeps an item whose session (and parents) no instance listed, with unknown titles", () => {
    const state = createInitialState();
    state.permissions.ses_lost = [permission("per_x", "ses_lost")];
    const [item] = attentionItems(state, T0);
    expect(item).toMatchObject({ instanceId: null, directory: null, askedAt: null, chain: [{ id: "ses_lost", title: null }] });
  });
});

describe("parentChain / descendantIds", () => {
  it("stops at a cycle instead of looping", () => {
    const state = nested();
    const root = state.sessions.ses_root;
    if (root) root.info.parentID = "ses_grand";
    expect(parentChain(state, "ses_grand").map((l) => l.id)).toEqual(["ses_root", "ses_child", "ses_grand"]);
  });

  it("finds children and grandchildren, not the session itself or unrelated ones", () => {
    const state = nested();
    state.sessions.ses_other = { info: session("ses_other", "/repo/alpha"), seenBy: ["a"], liveOwner: null };
    expect(descendantIds(state, "ses_root")).toEqual(["ses_child", "ses_grand"]);
    expect(descendantIds(state, "ses_grand")).toEqual([]);
  });
});

describe("scale", () => {
  it("derives 50 pending requests across 10 servers with owners and chains", () => {
    const state = createInitialState();
    for (let s = 0; s < 10; s++) {
      const inst = `i${s}`;
      state.instances[inst] = instanceEntry(inst, `/repo/p${s}`);
      for (let r = 0; r < 5; r++) {
        const sid = `ses_${s}_${r}`;
        state.sessions[sid] = { info: session(sid, `/repo/p${s}`, r > 0 ? { parentID: `ses_${s}_0` } : {}), seenBy: [inst], liveOwner: null };
        state.permissions[sid] = [permission(requestId(T0 + s * 10 + r), sid)];
      }
    }
    const items = attentionItems(state, T0 + 60_000);
    expect(items).toHaveLength(50);
    expect(new Set(items.map((i) => i.instanceId)).size).toBe(10);
    expect(items[0]?.sessionId).toBe("ses_9_4");
    expect(items.find((i) => i.sessionId === "ses_3_2")?.chain.map((l) => l.id)).toEqual(["ses_3_0", "ses_3_2"]);
  });
});

describe("needsYouCount", () => {
  it("counts pending requests plus finished unread top-level sessions (not busy ones, not sub-agents)", () => {
    const state = nested();
    state.permissions.ses_grand = [permission("per_1", "ses_grand")];
    state.sessions.ses_done = { info: session("ses_done", "/repo/alpha"), seenBy: ["a"], liveOwner: null };
    state.sessions.ses_busy = { info: session("ses_busy", "/repo/alpha"), seenBy: ["a"], liveOwner: null };
    state.status.ses_busy = { type: "busy" };
    const unread = (id: string) => id !== "ses_root";
    expect(needsYouCount(state, unread)).toBe(2);
    expect(needsYouCount(state, () => false)).toBe(1);
  });
});
