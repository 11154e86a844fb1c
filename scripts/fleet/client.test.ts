import { describe, expect, it } from "vitest";
import { lastAssistantText, type MessageWithParts, type V2Message } from "./client.js";
import { v2Ended } from "./client-v2.js";

const v2 = (type: string, extra: Partial<V2Message> = {}): V2Message => ({ id: `msg_${type}`, type, time: { created: 1 }, ...extra });

describe("fleet client helpers on both generations", () => {
  it("read the last assistant text of a 2.x history (flat typed messages)", () => {
    const history = [
      v2("user", { text: "hi" }),
      v2("assistant", { content: [{ type: "tool", id: "c1", name: "shell", state: { status: "completed", input: {} } }] }),
      v2("assistant", { content: [{ type: "reasoning" }, { type: "text", text: "Tool " }, { type: "text", text: "finished" }] }),
      v2("idle", { outcome: "succeeded" }),
    ];
    expect(lastAssistantText(history)).toBe("Tool finished");
    expect(v2Ended(history)).toBe(true);
    expect(v2Ended(history.slice(0, 3))).toBe(false);
    expect(v2Ended([v2("assistant"), v2("idle"), v2("user")])).toBe(false);
  });

  it("read the last assistant text of a 1.x history (info + parts), and '' for none", () => {
    const history = [
      { info: { role: "user" }, parts: [{ type: "text", text: "q" }] },
      {
        info: { role: "assistant" },
        parts: [
          { type: "text", text: "a1" },
          { type: "text", text: "a2" },
        ],
      },
    ] as unknown as MessageWithParts[];
    expect(lastAssistantText(history)).toBe("a1a2");
    expect(lastAssistantText([])).toBe("");
  });
});
