import { describe, expect, it } from "vitest";
import type { ChatRequest } from "./chat-types.js";
import { codeReplyText, defaultReplyText, longReplyText, MOCK_QUESTION, parseCues, planReply, reasoningText, stripCues, toolResultText, wordChunks } from "./script.js";

const TOOLS = [{ type: "function" as const, function: { name: "bash" } }];
const user = (text: string): ChatRequest => ({ messages: [{ role: "system", content: "You are opencode" }, { role: "user", content: text }], tools: TOOLS });

describe("parseCues", () => {
  it("reads every cue kind with its argument", () => {
    expect(parseCues("[[read:/tmp/a b.txt]] [[slow:50]] [[long:30]] [[html]] [[error:429]]")).toEqual({
      read: "/tmp/a b.txt",
      slowMs: 50,
      longWords: 30,
      html: true,
      reasoning: false,
      question: false,
      error: 429,
    });
    expect(parseCues("plain text")).toEqual({ html: false, reasoning: false, question: false });
    expect(parseCues("[[code:python]] [[reasoning]] [[question]]")).toEqual({ html: false, code: "python", reasoning: true, question: true });
    expect(parseCues("[[code]]").code).toBe("ts");
    expect(parseCues("[[error]]").error).toBe(400);
  });
});

describe("file edit cues", () => {
  it("turns [[write:PATH:CONTENT]] into OpenCode's write tool, \\n as newlines", () => {
    expect(planReply(user("make it [[write:src/notes.txt:one\\ntwo: 2\\nthree]]"), 0)).toMatchObject({
      kind: "tool",
      name: "write",
      args: { filePath: "src/notes.txt", content: "one\ntwo: 2\nthree" },
    });
  });

  it("turns [[edit:PATH:OLD=>NEW]] into OpenCode's edit tool; a cue without => or a path is ignored", () => {
    expect(planReply(user("[[edit:/r/a.ts:let x = 1=>let x = 2\\nlet y = 3]]"), 0)).toMatchObject({
      kind: "tool",
      name: "edit",
      args: { filePath: "/r/a.ts", oldString: "let x = 1", newString: "let x = 2\nlet y = 3" },
    });
    expect(parseCues("[[edit:/r/a.ts:no arrow]]").edit).toBeUndefined();
    expect(parseCues("[[write::x]]").write).toBeUndefined();
    expect(stripCues("a [[write:f:b]] c")).toBe("a c");
  });
});

describe("planReply", () => {
  it("streams the default reply with the configured delay", () => {
    expect(planReply(user("hello there"), 7)).toEqual({ kind: "text", reason: "reply", text: defaultReplyText("hello there"), wordDelayMs: 7 });
    expect(defaultReplyText("hello there")).toMatch(/^Mock reply to: hello there\. /);
  });

  it("turns tool cues into tool calls", () => {
    expect(planReply(user("please [[read:/etc/hostname]]"), 0)).toMatchObject({ kind: "tool", name: "read", args: { filePath: "/etc/hostname" } });
    expect(planReply(user("[[bash:echo hi]]"), 0)).toMatchObject({ kind: "tool", name: "bash", args: { command: "echo hi", description: expect.any(String) } });
    const task = planReply(user("[[task:count files]]"), 0);
    expect(task).toMatchObject({ kind: "tool", name: "task", args: { description: "count files", subagent_type: "general" } });
    if (task.kind !== "tool") throw new Error("expected a tool call");
    expect(task.args.prompt).not.toMatch(/\[\[|\]\]/);
  });

  it("nests a bash call in the task's child prompt: [[task-bash:CMD]]", () => {
    const nested = planReply(user("go [[task-bash:echo nested]]"), 0);
    expect(nested).toMatchObject({ kind: "tool", name: "task", args: { subagent_type: "general" } });
    if (nested.kind !== "tool") throw new Error("expected a tool call");
    // The child's own prompt asks for bash, and only bash: it cannot start another task.
    expect(planReply(user(String(nested.args.prompt)), 0)).toMatchObject({ kind: "tool", name: "bash", args: { command: "echo nested" } });
    expect(parseCues("[[task:x]]")).toEqual({ task: "x", html: false, reasoning: false, question: false });
  });

  it("applies slow and long, answers html and error", () => {
    expect(planReply(user("[[slow:80]] hi"), 5)).toMatchObject({ kind: "text", wordDelayMs: 80 });
    const long = planReply(user("[[long:40]]"), 0);
    expect(long.kind === "text" ? long.text.split(" ").length : 0).toBe(40);
    expect(planReply(user("[[html]]"), 0)).toMatchObject({ kind: "text", reason: "html", text: expect.stringContaining("<script>") });
    expect(planReply(user("[[error]] [[bash:ls]]"), 0)).toMatchObject({ kind: "error", status: 400 });
    expect(planReply(user("[[error:503]]"), 0)).toMatchObject({ kind: "error", status: 503 });
  });

  it("answers [[code:LANG]] with a fenced block in LANG, one line per source line", () => {
    const plan = planReply(user("show [[code:python]] me"), 2);
    expect(plan).toEqual({ kind: "text", reason: "code", text: codeReplyText("show me", "python"), wordDelayMs: 2 });
    const text = plan.kind === "text" ? plan.text : "";
    expect(text).toMatch(/^Mock code for: show me\.\n\n```python\ndef greet/);
    expect(text.split("\n").filter((l) => l === "```")).toHaveLength(1);
    expect(codeReplyText("x", "ts")).toContain("```ts\nexport function greet(name: string): string {");
    // Word chunks keep the newlines, so the streamed text is the same fenced block.
    expect(wordChunks(text).join("")).toBe(text);
  });

  it("adds reasoning to a text reply with [[reasoning]]", () => {
    expect(planReply(user("why [[reasoning]]"), 0)).toEqual({ kind: "text", reason: "reply", text: defaultReplyText("why"), wordDelayMs: 0, reasoning: reasoningText("why") });
    expect(planReply(user("[[reasoning]] [[code:ts]]"), 0)).toMatchObject({ reason: "code", reasoning: expect.stringMatching(/^Mock reasoning/) });
    expect(planReply(user("plain"), 0)).not.toHaveProperty("reasoning");
  });

  it("asks OpenCode's question tool with [[question]]", () => {
    expect(planReply(user("[[question]] pick"), 0)).toEqual({ kind: "tool", name: "question", args: { questions: [MOCK_QUESTION] }, wordDelayMs: 0 });
    expect(MOCK_QUESTION.options.map((o) => o.label)).toEqual(["Red", "Blue"]);
  });

  it("answers a tool result with text and never calls the tool again", () => {
    const request: ChatRequest = {
      tools: TOOLS,
      messages: [
        { role: "user", content: "[[bash:echo hi]]" },
        { role: "assistant", content: "", tool_calls: [{ id: "c1", type: "function", function: { name: "bash", arguments: "{}" } }] },
        { role: "tool", tool_call_id: "c1", content: "hi\n" },
      ],
    };
    expect(planReply(request, 3)).toEqual({ kind: "text", reason: "tool-result", text: "Tool finished: hi", wordDelayMs: 3 });
  });

  it("recognises OpenCode's title request and answers without delay", () => {
    const request: ChatRequest = {
      messages: [
        { role: "system", content: "You are a title generator. You output ONLY a thread title." },
        { role: "user", content: "Generate a title for this conversation:\n" },
        { role: "user", content: "fix the [[bash:rm -rf]] login bug please" },
      ],
    };
    expect(planReply(request, 50)).toEqual({ kind: "text", reason: "title", text: "Mock title fix the login bug", wordDelayMs: 0 });
  });

  it("reads array content parts", () => {
    const request: ChatRequest = { tools: TOOLS, messages: [{ role: "user", content: [{ type: "text", text: "[[bash:pwd]]" }] }] };
    expect(planReply(request, 0)).toMatchObject({ kind: "tool", name: "bash", args: { command: "pwd" } });
  });
});

describe("text helpers", () => {
  it("splits into word deltas that rebuild the exact text", () => {
    const text = defaultReplyText("a  b\nc");
    expect(wordChunks(text).join("")).toBe(text);
    expect(wordChunks("one two")).toEqual(["one ", "two"]);
  });

  it("strips cues and truncates tool results", () => {
    expect(stripCues("x [[bash:ls]] y [[oops")).toBe("x y oops");
    expect(toolResultText("a".repeat(100))).toBe(`Tool finished: ${"a".repeat(60)}`);
    expect(longReplyText("p", 3).split(" ")).toHaveLength(3);
  });
});
