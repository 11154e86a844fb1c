import { describe, expect, it } from "vitest";
import type { ChatRequest } from "./chat-types.js";
import {
  codeReplyText,
  defaultReplyText,
  longReplyText,
  MOCK_QUESTION,
  parseCues,
  planReply,
  reasoningText,
  stripCues,
  toolResultText,
  wordChunks,
} from "./script.js";
import { toolGeneration } from "./tool-calls.js";

const tools = (...names: string[]): ChatRequest["tools"] => names.map((name) => ({ type: "function" as const, function: { name } }));
const TOOLS = tools("bash");
const user = (text: string): ChatRequest => ({
  messages: [
    { role: "system", content: "You are opencode" },
    { role: "user", content: text },
  ],
  tools: TOOLS,
});
/** The tools OpenCode 2.1.2 offers its build agent (measured), and those of its `general` sub-agent (no subagent/question). */
const V2_TOOLS = tools("edit", "glob", "grep", "question", "read", "shell", "skill", "subagent", "webfetch", "websearch", "write", "execute");
const V2_CHILD_TOOLS = tools("edit", "glob", "grep", "read", "shell", "skill", "webfetch", "websearch", "write", "execute");
const V1_TOOLS = tools("bash", "edit", "glob", "grep", "question", "read", "skill", "task", "todowrite", "webfetch", "write");
const userOn = (toolList: ChatRequest["tools"], text: string): ChatRequest => ({ ...user(text), tools: toolList });

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
    expect(planReply(user("[[bash:echo hi]]"), 0)).toMatchObject({
      kind: "tool",
      name: "bash",
      args: { command: "echo hi", description: expect.any(String) },
    });
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
    expect(planReply(user("why [[reasoning]]"), 0)).toEqual({
      kind: "text",
      reason: "reply",
      text: defaultReplyText("why"),
      wordDelayMs: 0,
      reasoning: reasoningText("why"),
    });
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

describe("one cue text drives both OpenCode generations", () => {
  it("tells the tool sets apart by the tool names offered", () => {
    expect(toolGeneration(userOn(V1_TOOLS, "x"))).toBe(1);
    expect(toolGeneration(userOn(V2_TOOLS, "x"))).toBe(2);
    expect(toolGeneration(userOn(V2_CHILD_TOOLS, "x"))).toBe(2);
    expect(toolGeneration(userOn(tools("subagent", "read"), "x"))).toBe(2);
    expect(toolGeneration(userOn(tools("shell", "bash"), "x"))).toBe(1);
    expect(toolGeneration(userOn(undefined, "x"))).toBe(1);
  });

  it.each([
    ["[[bash:echo hi]]", { name: "bash", args: { command: "echo hi", description: "Run echo hi" } }, { name: "shell", args: { command: "echo hi" } }],
    ["[[read:/r/README.md]]", { name: "read", args: { filePath: "/r/README.md" } }, { name: "read", args: { path: "/r/README.md" } }],
    [
      "[[write:notes.txt:a\\nb]]",
      { name: "write", args: { filePath: "notes.txt", content: "a\nb" } },
      { name: "write", args: { path: "notes.txt", content: "a\nb" } },
    ],
    [
      "[[edit:a.ts:x = 1=>x = 2]]",
      { name: "edit", args: { filePath: "a.ts", oldString: "x = 1", newString: "x = 2" } },
      { name: "edit", args: { path: "a.ts", oldString: "x = 1", newString: "x = 2" } },
    ],
    [
      "[[task:look around]]",
      { name: "task", args: { description: "look around", prompt: "Mock subtask: look around", subagent_type: "general" } },
      { name: "subagent", args: { agent: "general", description: "look around", prompt: "Mock subtask: look around" } },
    ],
    ["[[question]]", { name: "question", args: { questions: [MOCK_QUESTION] } }, { name: "question", args: { questions: [MOCK_QUESTION] } }],
  ])("%s calls 1.x's and 2.x's own tool", (cue, v1, v2) => {
    expect(planReply(userOn(V1_TOOLS, cue), 0)).toEqual({ kind: "tool", ...v1, wordDelayMs: 0 });
    expect(planReply(userOn(V2_TOOLS, cue), 0)).toEqual({ kind: "tool", ...v2, wordDelayMs: 0 });
  });

  it("runs [[task-bash:CMD]] as a sub-agent whose child calls its generation's command tool", () => {
    const v2 = planReply(userOn(V2_TOOLS, "go [[task-bash:echo nested]]"), 0);
    expect(v2).toMatchObject({ kind: "tool", name: "subagent", args: { agent: "general", description: "run a command" } });
    if (v2.kind !== "tool") throw new Error("expected a tool call");
    expect(planReply(userOn(V2_CHILD_TOOLS, String(v2.args.prompt)), 0)).toEqual({
      kind: "tool",
      name: "shell",
      args: { command: "echo nested" },
      wordDelayMs: 0,
    });
    const v1 = planReply(userOn(V1_TOOLS, "go [[task-bash:echo nested]]"), 0);
    if (v1.kind !== "tool") throw new Error("expected a tool call");
    expect(planReply(userOn(V1_TOOLS, String(v1.args.prompt)), 0)).toMatchObject({ kind: "tool", name: "bash", args: { command: "echo nested" } });
  });

  it("answers a 2.x subagent's prompt as if its preamble line were not there", () => {
    const child = userOn(V2_CHILD_TOOLS, "You are a subagent spawned by another session.\nMock subtask: look around");
    expect(planReply(child, 0)).toMatchObject({ kind: "text", text: defaultReplyText("Mock subtask: look around") });
  });

  it("calls 2.x's shell with [[shell:CMD]] whatever the request offers", () => {
    expect(planReply(userOn(V2_TOOLS, "please [[shell:ls -la]]"), 4)).toEqual({
      kind: "tool",
      name: "shell",
      args: { command: "ls -la" },
      wordDelayMs: 4,
    });
    expect(planReply(userOn(V1_TOOLS, "[[shell:pwd]]"), 0)).toMatchObject({ name: "shell", args: { command: "pwd" } });
    expect(parseCues("[[shell:]]").shell).toBeUndefined();
  });

  it("starts 2.x's subagent with [[subagent:PROMPT]]; a nested [[shell:…]] is the child's, not the parent's", () => {
    expect(planReply(userOn(V2_TOOLS, "[[subagent:count the files please]]"), 0)).toEqual({
      kind: "tool",
      name: "subagent",
      args: { agent: "general", description: "count the files please", prompt: "count the files please" },
      wordDelayMs: 0,
    });
    const nested = planReply(userOn(V2_TOOLS, "go [[subagent:run it [[shell:echo from child]]]] now"), 0);
    expect(nested).toEqual({
      kind: "tool",
      name: "subagent",
      args: { agent: "general", description: "run it", prompt: "run it [[shell:echo from child]]" },
      wordDelayMs: 0,
    });
    if (nested.kind !== "tool") throw new Error("expected a tool call");
    expect(planReply(userOn(V2_CHILD_TOOLS, String(nested.args.prompt)), 0)).toMatchObject({ name: "shell", args: { command: "echo from child" } });
    expect(stripCues("go [[subagent:run it [[shell:echo x]]]] now")).toBe("go now");
    expect(planReply(userOn(V2_TOOLS, "[[subagent:]]"), 0)).toMatchObject({
      name: "subagent",
      args: { description: "Mock subtask", prompt: "Mock subtask" },
    });
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
