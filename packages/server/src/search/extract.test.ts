import { describe, expect, it } from "vitest";
import { extractV1, extractV2, MAX_TEXT } from "./extract.js";

describe("extractV1 (1.0.x and 1.2–1.18 messages: {info, parts})", () => {
  it("indexes what the user typed and the files they attached, not OpenCode's synthetic text", () => {
    const message = {
      info: { id: "msg_u", sessionID: "ses_1", role: "user", time: { created: 1000 } },
      parts: [
        { type: "text", text: "why does <img src=x onerror=alert(1)> render?" },
        { type: "text", text: "Called the Read tool with the following input: {…}", synthetic: true },
        { type: "file", mime: "text/plain", filename: "notes.md", url: "file:///w/docs/notes.md", source: { type: "file", path: "docs/notes.md" } },
      ],
    };
    expect(extractV1(message)).toEqual([
      { messageId: "msg_u", role: "user", text: "why does <img src=x onerror=alert(1)> render?\ndocs/notes.md", time: 1000 },
    ]);
  });

  it("splits an assistant message into its words (text, reasoning) and its tools (titles, commands, paths)", () => {
    const message = {
      info: { id: "msg_a", sessionID: "ses_1", role: "assistant", time: { created: 2000, completed: 2500 } },
      parts: [
        { type: "step-start" },
        { type: "reasoning", text: "The user wants the config parsed." },
        {
          type: "tool",
          tool: "bash",
          state: {
            status: "completed",
            input: { command: "rg parseConfig src", description: "Find parseConfig" },
            output: "src/a.ts:1:secret output",
            title: "rg parseConfig src",
          },
        },
        {
          type: "tool",
          tool: "read",
          state: { status: "completed", input: { filePath: "/w/src/config.ts" }, output: "file body", title: "src/config.ts" },
        },
        { type: "patch", hash: "abc", files: ["/w/src/config.ts", "/w/src/new-file.ts"] },
        { type: "text", text: "Here is the **fix**:\n```ts\nparseConfig(path)\n```" },
        { type: "step-finish", tokens: {} },
      ],
    };
    expect(extractV1(message)).toEqual([
      {
        messageId: "msg_a",
        role: "assistant",
        text: "The user wants the config parsed.\nHere is the **fix**:\n```ts\nparseConfig(path)\n```",
        time: 2000,
      },
      {
        messageId: "msg_a",
        role: "tool",
        text: "bash\nrg parseConfig src\nFind parseConfig\nread\nsrc/config.ts\n/w/src/config.ts\n/w/src/new-file.ts",
        time: 2000,
      },
    ]);
    // Tool output is not indexed.
    expect(JSON.stringify(extractV1(message))).not.toContain("secret output");
  });

  it("skips messages without an id, empty ones, and cuts very long text", () => {
    expect(extractV1({ parts: [{ type: "text", text: "x" }] })).toEqual([]);
    expect(extractV1({ info: { id: "m", role: "assistant", time: { created: 1 } }, parts: [{ type: "step-start" }] })).toEqual([]);
    const long = extractV1({ info: { id: "m", role: "user", time: { created: 1 } }, parts: [{ type: "text", text: "a".repeat(MAX_TEXT + 10) }] });
    expect(long[0]?.text).toHaveLength(MAX_TEXT);
  });
});

describe("extractV2 (2.x flat typed messages)", () => {
  it("indexes a user prompt with its files", () => {
    expect(
      extractV2({
        id: "msg_u",
        type: "user",
        text: "deploy the <b>thing</b>",
        files: [{ uri: "file:///w/README.md", name: "README.md" }],
        time: { created: 7 },
      }),
    ).toEqual([{ messageId: "msg_u", role: "user", text: "deploy the <b>thing</b>\nREADME.md", time: 7 }]);
  });

  it("indexes assistant text and reasoning, and its tools' names, titles, commands and paths", () => {
    const message = {
      id: "msg_a",
      type: "assistant",
      time: { created: 9, completed: 12 },
      content: [
        { type: "reasoning", text: "Need to run the shell." },
        {
          type: "tool",
          id: "call_1",
          name: "shell",
          state: { status: "completed", input: { command: "echo walrus", workdir: "/w" }, content: [{ type: "text", text: "walrus output" }] },
        },
        { type: "tool", id: "call_2", name: "write", state: { status: "completed", input: { path: "notes/todo.txt", content: "file body" } } },
        { type: "text", text: "Done." },
      ],
    };
    expect(extractV2(message)).toEqual([
      { messageId: "msg_a", role: "assistant", text: "Need to run the shell.\nDone.", time: 9 },
      { messageId: "msg_a", role: "tool", text: "shell\necho walrus\nwrite\nnotes/todo.txt", time: 9 },
    ]);
  });

  it("indexes a shell command the user ran; ignores idle, synthetic and unknown messages", () => {
    expect(extractV2({ id: "msg_s", type: "shell", command: "ls -la build", time: { created: 3 } })).toEqual([
      { messageId: "msg_s", role: "tool", text: "ls -la build", time: 3 },
    ]);
    expect(extractV2({ id: "msg_i", type: "idle", outcome: "succeeded", time: { created: 4 } })).toEqual([]);
    expect(extractV2({ id: "msg_y", type: "synthetic", text: "injected", time: { created: 4 } })).toEqual([]);
    expect(extractV2({ id: "msg_z", type: "something-new", time: { created: 4 } })).toEqual([]);
    expect(extractV2("garbage")).toEqual([]);
  });
});
