import { afterEach, describe, expect, it, vi } from "vitest";
import type { Part } from "../../store/types";
import { messageText } from "./message-actions";

afterEach(() => vi.restoreAllMocks());

describe("copy", () => {
  it("copies a message's visible text parts only", () => {
    const parts = [
      { type: "text", text: " hello " },
      { type: "text", text: "hidden", synthetic: true },
      { type: "tool", tool: "bash" },
      { type: "text", text: "world" },
    ] as unknown as Part[];
    expect(messageText(parts)).toBe("hello\n\nworld");
  });
});
