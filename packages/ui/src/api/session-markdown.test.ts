import { describe, expect, it } from "vitest";
import type { Message, Part, Session } from "../store/types";
import { exportFilename, fence, messageMarkdown, sessionMarkdown } from "./session-markdown";

const base = { sessionID: "s", messageID: "a1" };
const assistant = {
  id: "a1",
  sessionID: "s",
  role: "assistant",
  time: { created: 2 },
  agent: "build",
  modelID: "mock-1",
  error: { name: "APIError", data: { message: "rate limited" } },
} as unknown as Message;

describe("session markdown", () => {
  it("renders text, reasoning, tools and errors of an assistant message, skipping synthetic text", () => {
    const parts = [
      { ...base, id: "p0", type: "text", text: "hidden", synthetic: true },
      { ...base, id: "p1", type: "reasoning", text: "thinking", time: { start: 0 } },
      { ...base, id: "p2", type: "text", text: "Answer" },
      {
        ...base,
        id: "p3",
        type: "tool",
        tool: "bash",
        callID: "c",
        state: { status: "completed", input: { command: "ls" }, output: "a\nb", title: "", metadata: {}, time: { start: 0, end: 1 } },
      },
      { ...base, id: "p4", type: "step-finish" },
    ] as unknown as Part[];
    const md = messageMarkdown(assistant, parts);
    expect(md.startsWith("## Assistant (build · mock-1)")).toBe(true);
    expect(md).not.toContain("hidden");
    expect(md).toContain("<details><summary>Reasoning</summary>\n\nthinking");
    expect(md).toContain('**Tool: bash**\n\n**Input:**\n```json\n{\n  "command": "ls"\n}\n```');
    expect(md).toContain("**Output:**\n```\na\nb\n```");
    expect(md).toContain("> **Error:** APIError: rate limited");
  });

  it("fences content longer than any backtick run inside it", () => {
    expect(fence("x ``` y")).toBe("````\nx ``` y\n````");
  });

  it("separates messages and names the file after the title", () => {
    const s = { id: "ses_9", title: "", directory: "/d", time: { created: 0, updated: 0 } } as Session;
    expect(exportFilename(s)).toBe("session-ses_9.md");
    expect(sessionMarkdown(s, [{ info: assistant, parts: [] }])).toContain("# Untitled session");
    expect(sessionMarkdown(s, [{ info: assistant, parts: [] }]).split("\n---\n")).toHaveLength(2);
  });
});
