import { createParser } from "eventsource-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockLlm, type MockLlm } from "./server.js";
import { codeReplyText, defaultReplyText, MOCK_QUESTION, reasoningText } from "./script.js";

interface Chunk {
  choices: {
    delta: {
      content?: string;
      reasoning_content?: string;
      tool_calls?: { index: number; id?: string; function: { name?: string; arguments?: string } }[];
    };
    finish_reason: string | null;
  }[];
  usage?: { completion_tokens: number };
}

let llm: MockLlm;
beforeAll(async () => {
  llm = await startMockLlm({ wordDelayMs: 1 });
});
afterAll(async () => {
  await llm.close();
});

const toolList = (...names: string[]): unknown[] => names.map((name) => ({ type: "function", function: { name } }));
const TOOLS = toolList("bash", "read", "task");
/** What OpenCode 2.1.2 offers (measured): shell, subagent, and file tools taking `path`. */
const V2_TOOLS = toolList("edit", "glob", "grep", "question", "read", "shell", "skill", "subagent", "webfetch", "websearch", "write", "execute");

async function chat(messages: unknown[], stream = true, tools = TOOLS): Promise<Response> {
  return fetch(`${llm.url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "mock-1", stream, stream_options: { include_usage: true }, tools, messages }),
  });
}

/** Parse an SSE body into its JSON chunks; `done` tells whether `[DONE]` arrived. */
async function readStream(res: Response): Promise<{ chunks: Chunk[]; done: boolean }> {
  const chunks: Chunk[] = [];
  let done = false;
  const parser = createParser({
    onEvent: (event) => {
      if (event.data === "[DONE]") done = true;
      else chunks.push(JSON.parse(event.data) as Chunk);
    },
  });
  parser.feed(await res.text());
  return { chunks, done };
}

const textOf = (chunks: Chunk[]): string => chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");

function toolCallOf(chunks: Chunk[]): { name: string; args: Record<string, unknown>; finish: string | null | undefined } {
  const deltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
  const name = deltas.map((d) => d.function.name ?? "").join("");
  const args = JSON.parse(deltas.map((d) => d.function.arguments ?? "").join("")) as Record<string, unknown>;
  const finish = chunks.map((c) => c.choices[0]?.finish_reason).find((f) => f);
  return { name, args, finish };
}

describe("mock model over HTTP", () => {
  it("lists its model", async () => {
    const body = (await (await fetch(`${llm.url}/models`)).json()) as { data: { id: string }[] };
    expect(body.data.map((m) => m.id)).toEqual(["mock-1"]);
  });

  it("streams the default reply word by word, then usage and [DONE]", async () => {
    const res = await chat([{ role: "user", content: "hello mock" }]);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const { chunks, done } = await readStream(res);
    expect(done).toBe(true);
    expect(textOf(chunks)).toBe(defaultReplyText("hello mock"));
    const contentChunks = chunks.filter((c) => c.choices[0]?.delta.content);
    expect(contentChunks.length).toBe(defaultReplyText("hello mock").split(" ").length);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("stop");
    expect(chunks.at(-1)?.usage?.completion_tokens).toBe(contentChunks.length);
  });

  it.each([
    ["[[read:/etc/hostname]]", "read", { filePath: "/etc/hostname" }],
    ["[[bash:echo hi]]", "bash", { command: "echo hi", description: "Run echo hi" }],
    ["[[task:look around]]", "task", { description: "look around", prompt: "Mock subtask: look around", subagent_type: "general" }],
    ["[[question]]", "question", { questions: [MOCK_QUESTION] }],
  ])("%s streams a %s tool call", async (prompt, name, args) => {
    const { chunks, done } = await readStream(await chat([{ role: "user", content: prompt }]));
    expect(done).toBe(true);
    expect(toolCallOf(chunks)).toEqual({ name, args, finish: "tool_calls" });
  });

  it.each([
    ["[[bash:echo hi]]", "shell", { command: "echo hi" }],
    ["[[shell:echo hi]]", "shell", { command: "echo hi" }],
    ["[[read:/etc/hostname]]", "read", { path: "/etc/hostname" }],
    ["[[write:a.txt:hello]]", "write", { path: "a.txt", content: "hello" }],
    ["[[task:look around]]", "subagent", { agent: "general", description: "look around", prompt: "Mock subtask: look around" }],
    ["[[subagent:go [[shell:ls]]]]", "subagent", { agent: "general", description: "go", prompt: "go [[shell:ls]]" }],
  ])("%s streams a %s tool call to a request offering OpenCode 2's tools", async (prompt, name, args) => {
    const { chunks, done } = await readStream(await chat([{ role: "user", content: prompt }], true, V2_TOOLS));
    expect(done).toBe(true);
    expect(toolCallOf(chunks)).toEqual({ name, args, finish: "tool_calls" });
  });

  it("answers a non-streaming OpenCode 2 request with its tool name", async () => {
    const body = (await (await chat([{ role: "user", content: "[[bash:pwd]]" }], false, V2_TOOLS)).json()) as {
      choices: { message: { tool_calls: { function: { name: string; arguments: string } }[] } }[];
    };
    const call = body.choices[0]?.message.tool_calls[0]?.function;
    expect(call?.name).toBe("shell");
    expect(JSON.parse(call?.arguments ?? "{}")).toEqual({ command: "pwd" });
  });

  it("streams [[reasoning]] as reasoning_content deltas before the text, and [[code:ts]] as text", async () => {
    const { chunks } = await readStream(await chat([{ role: "user", content: "why [[reasoning]] [[code:ts]]" }]));
    const reasoning = chunks.filter((c) => c.choices[0]?.delta.reasoning_content);
    expect(reasoning.length).toBeGreaterThan(3);
    expect(reasoning.map((c) => c.choices[0]?.delta.reasoning_content).join("")).toBe(reasoningText("why"));
    const firstText = chunks.findIndex((c) => c.choices[0]?.delta.content);
    expect(chunks.indexOf(reasoning.at(-1) as Chunk)).toBeLessThan(firstText);
    expect(textOf(chunks)).toBe(codeReplyText("why", "ts"));
    const whole = (await (await chat([{ role: "user", content: "why [[reasoning]]" }], false)).json()) as {
      choices: { message: { reasoning_content?: string } }[];
    };
    expect(whole.choices[0]?.message.reasoning_content).toBe(reasoningText("why"));
  });

  it("answers a tool result with text", async () => {
    const res = await chat([
      { role: "user", content: "[[bash:echo hi]]" },
      { role: "assistant", content: "", tool_calls: [{ id: "c1", type: "function", function: { name: "bash", arguments: "{}" } }] },
      { role: "tool", tool_call_id: "c1", content: "hi\n" },
    ]);
    const { chunks } = await readStream(res);
    expect(textOf(chunks)).toBe("Tool finished: hi");
    expect(chunks.some((c) => c.choices[0]?.delta.tool_calls)).toBe(false);
  });

  it("answers [[error]] with HTTP 400 and [[error:500]] with a retryable 500", async () => {
    const res = await chat([{ role: "user", content: "[[error]]" }]);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");
    const retryable = await chat([{ role: "user", content: "[[error:500]]" }]);
    expect(retryable.status).toBe(500);
    expect(((await retryable.json()) as { error: { type: string } }).error.type).toBe("server_error");
  });

  it("answers non-streaming requests, title requests included", async () => {
    const res = await chat(
      [
        { role: "system", content: "You are a title generator. You output ONLY a thread title." },
        { role: "user", content: "Generate a title for this conversation:\n" },
        { role: "user", content: "refactor the parser" },
      ],
      false,
    );
    const body = (await res.json()) as { object: string; choices: { message: { content: string } }[] };
    expect(body.object).toBe("chat.completion");
    expect(body.choices[0]?.message.content).toBe("Mock title refactor the parser");
  });

  it("counts the chat requests it answered", () => {
    expect(llm.requests).toBe(llm.calls.length);
    expect(llm.calls.map((c) => c.reason)).toContain("tool-result");
  });
});
