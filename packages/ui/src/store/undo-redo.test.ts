import { describe, expect, it } from "vitest";
import type { Message } from "./types";
import { lastModel } from "./last-model";
import { isReverted, redoStep, undoTarget } from "./undo-redo";

const user = (id: string, providerID = "p", modelID = "m") => ({ id, role: "user", model: { providerID, modelID } }) as Message;
const asst = (id: string) => ({ id, role: "assistant", providerID: "pa", modelID: "ma" }) as Message;
const msgs = [user("m1"), asst("m2"), user("m3"), asst("m4"), user("m5"), asst("m6")];

describe("undo / redo targets (as OpenCode's TUI)", () => {
  it("undo reverts the last user message, then the one before the revert point", () => {
    expect(undoTarget({}, msgs)).toBe("m5");
    expect(undoTarget({ revert: { messageID: "m5" } }, msgs)).toBe("m3");
    expect(undoTarget({ revert: { messageID: "m1" } }, msgs)).toBeNull();
    expect(undoTarget({}, [])).toBeNull();
  });

  it("redo moves the point to the next user message, or unreverts after the last", () => {
    expect(redoStep({}, msgs)).toBeNull();
    expect(redoStep({ revert: { messageID: "m3" } }, msgs)).toEqual({ kind: "revert", messageID: "m5" });
    expect(redoStep({ revert: { messageID: "m5" } }, msgs)).toEqual({ kind: "unrevert" });
  });

  it("marks the reverted turn and what followed", () => {
    const s = { revert: { messageID: "m3" } };
    expect(["m1", "m2", "m3", "m4"].map((id) => isReverted(s, id))).toEqual([false, false, true, true]);
    expect(isReverted(undefined, "m1")).toBe(false);
  });

  it("compacts with the model last used, else the session's", () => {
    expect(lastModel({}, msgs)).toEqual({ providerID: "pa", modelID: "ma" });
    expect(lastModel({}, [user("m1", "p1", "x")])).toEqual({ providerID: "p1", modelID: "x" });
    expect(lastModel({ model: { id: "s", providerID: "sp" } }, [])).toEqual({ providerID: "sp", modelID: "s" });
    expect(lastModel({}, [])).toBeNull();
  });
});
