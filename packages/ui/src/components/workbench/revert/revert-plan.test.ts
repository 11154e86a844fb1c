import { describe, expect, it } from "vitest";
import type { Message, Part } from "../../../store/types";
import { filesOf, turnsFrom } from "./revert-plan";

const msg = (id: string, role: "user" | "assistant"): Message => ({ id, sessionID: "s", role, time: { created: 1 } }) as unknown as Message;
const text = (messageID: string, t: string, synthetic = false): Part =>
  ({ id: `p${messageID}`, messageID, sessionID: "s", type: "text", text: t, synthetic }) as unknown as Part;

describe("turnsFrom", () => {
  const messages = [msg("m1", "user"), msg("m2", "assistant"), msg("m3", "user"), msg("m4", "assistant"), msg("m5", "user")];
  const parts = { m1: [text("m1", "first")], m3: [text("m3", "second line one\nline two")], m5: [text("m5", "ctx", true)] };
  it("lists the user messages from the one chosen on", () => {
    expect(turnsFrom(messages, parts, "m3")).toEqual([
      { messageId: "m3", prompt: "second line one" },
      { messageId: "m5", prompt: "(no text)" },
    ]);
  });
  it("leaves out turns already reverted", () => {
    expect(turnsFrom(messages, parts, "m1", "m3").map((t) => t.messageId)).toEqual(["m1"]);
  });
});

describe("filesOf", () => {
  it("merges the turns' files once each", () => {
    const d = (file: string) => ({ file, additions: 1, deletions: 0 });
    expect(filesOf([[d("b.txt"), d("a.txt")], [d("b.txt")]])).toEqual(["a.txt", "b.txt"]);
  });
});
