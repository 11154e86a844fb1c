import { describe, expect, it, vi } from "vitest";
import type { SessionOps } from "../api/session-ops";
import { createInitialState } from "../store/initial-state";
import type { Instance, Message, Session, StoreMutations } from "../store/types";
import { makeSessionActions, type ResolvedOwner } from "./session-actions";

const session = { id: "s", title: "T", directory: "/p", time: { created: 0, updated: 0 } } as Session;

function setup(over: Partial<ResolvedOwner> = {}) {
  const state = createInitialState();
  state.messages.s = [
    { id: "m1", role: "user", model: { providerID: "p", modelID: "m" } },
    { id: "m2", role: "assistant", providerID: "p", modelID: "m" },
  ] as Message[];
  const ops = {
    revert: vi.fn(async () => ({ ...session, revert: { messageID: "m1" } })),
    unrevert: vi.fn(async () => session),
    fork: vi.fn(async () => ({ ...session, id: "fork" })),
    summarize: vi.fn(async () => {}),
  } as unknown as SessionOps;
  const upsertSession = vi.fn();
  const mutations = { upsertSession } as unknown as StoreMutations;
  const abort = vi.fn(async () => {});
  const owner: ResolvedOwner = { instance: { id: "i1" } as Instance, ops, directory: "/p", session, busy: false, abort, ...over };
  const actions = makeSessionActions("s", { resolve: () => owner, state, mutations });
  return { actions, ops, upsertSession, abort };
}

describe("makeSessionActions", () => {
  it("undo stops a running turn first and reverts the last user message (the store follows the server's events)", async () => {
    const { actions, ops, upsertSession, abort } = setup({ busy: true });
    expect(await actions.undo()).toBe(true);
    expect(abort).toHaveBeenCalled();
    expect(ops.revert).toHaveBeenCalledWith("s", "m1", "/p");
    expect(upsertSession).not.toHaveBeenCalled();
  });

  it("redo unreverts after the last turn; nothing reverted means nothing to redo", async () => {
    expect(await setup().actions.redo()).toBe(false);
    const { actions, ops } = setup({ session: { ...session, revert: { messageID: "m1" } } });
    expect(await actions.redo()).toBe(true);
    expect(ops.unrevert).toHaveBeenCalledWith("s", "/p");
  });

  it("fork returns the new session already stored; compact uses the model last used", async () => {
    const { actions, ops, upsertSession } = setup();
    expect((await actions.fork("m1")).id).toBe("fork");
    expect(upsertSession).toHaveBeenCalledWith("i1", expect.objectContaining({ id: "fork" }));
    await actions.compact();
    expect(ops.summarize).toHaveBeenCalledWith("s", { providerID: "p", modelID: "m" }, "/p");
  });

  it("rejects (never throws) when no owner can take the action", async () => {
    const state = createInitialState();
    const actions = makeSessionActions("s", {
      resolve: () => {
        throw new Error("No running OpenCode");
      },
      state,
      mutations: {} as StoreMutations,
    });
    await expect(actions.rename("x")).rejects.toThrow("No running OpenCode");
  });
});
