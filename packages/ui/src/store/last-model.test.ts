import { describe, expect, it } from "vitest";
import { lastAgent, lastModel } from "./last-model";
import type { Message } from "./types";

const user = (id: string, model = { providerID: "p", modelID: "m" }, agent = "build") => ({ id, role: "user", agent, model }) as Message;
const reply = (id: string) => ({ id, role: "assistant", providerID: "pa", modelID: "ma" }) as Message;

describe("lastModel", () => {
  it("what the user last chose: the newest prompt naming a model, skipping an optimistic one that names none", () => {
    const messages = [user("m1", { providerID: "p1", modelID: "x" }), reply("m2"), user("m3", { providerID: "", modelID: "" })];
    expect(lastModel(undefined, messages, "prompts")).toEqual({ providerID: "p1", modelID: "x" });
    expect(lastModel({ model: { id: "s", providerID: "sp" } }, [reply("m1")], "prompts")).toEqual({ providerID: "sp", modelID: "s" });
    expect(lastModel(undefined, [reply("m1")], "prompts")).toBeNull();
  });

  it("what last ran: a newer reply's model counts too", () => {
    expect(lastModel(undefined, [user("m1"), reply("m2")])).toEqual({ providerID: "pa", modelID: "ma" });
  });
});

describe("lastAgent", () => {
  it("is the newest prompt's agent", () => {
    expect(lastAgent([user("m1", undefined, "plan"), reply("m2")])).toBe("plan");
    expect(lastAgent([reply("m1")])).toBeUndefined();
  });
});
