import { describe, expect, it } from "vitest";
import { partId } from "./normalize-parts";
import { formAnswer, messagesFromV2, permissionFromV2, questionFromForm, sessionFromV2, statusFromActive } from "./records";

const S = "ses_1";

describe("sessionFromV2", () => {
  const raw = {
    id: S,
    projectID: "p1",
    parentID: "ses_0",
    title: "A title",
    agent: "build",
    model: { id: "mock-1", providerID: "mock" },
    time: { created: 10, updated: 20, archived: 30 },
    location: { directory: "/abs/proj" },
    revert: { messageID: "msg_9" },
  };

  it("maps a v2 Session (bare or wrapped in data) to the store's shape", () => {
    const { location: _location, ...kept } = raw;
    // Everything kept as is, plus the folder from location, no slug (REST has none) and version "2".
    const expected = { ...kept, directory: "/abs/proj", slug: "", version: "2" };
    expect(sessionFromV2(raw)).toEqual(expected);
    expect(sessionFromV2({ data: raw })).toEqual(expected);
  });

  it("drops what the store cannot index (no id, no creation time, not an object)", () => {
    expect(sessionFromV2({ ...raw, id: undefined })).toBeNull();
    expect(sessionFromV2({ ...raw, time: {} })).toBeNull();
    expect(sessionFromV2("ses_1")).toBeNull();
    expect(sessionFromV2({ id: S, time: { created: 1 } })).toMatchObject({ directory: "", title: "", time: { created: 1, updated: 1 } });
  });
});

describe("messagesFromV2", () => {
  // Newest first, as GET /api/session/{id}/message answers.
  const page = [
    { id: "msg_5", type: "idle", outcome: "succeeded", time: { created: 50 } },
    {
      id: "msg_4",
      type: "assistant",
      agent: "build",
      model: { id: "mock-1", providerID: "mock" },
      time: { created: 40 },
      content: [
        { type: "tool", id: "call_b", name: "shell", state: { status: "streaming", input: '{"comm' }, time: { created: 41 } },
        { type: "future-kind", x: 1 },
      ],
    },
    {
      id: "msg_3",
      type: "assistant",
      agent: "build",
      model: { id: "mock-1", providerID: "mock", variant: "high" },
      time: { created: 30, completed: 39 },
      finish: "tool-calls",
      cost: 0.5,
      tokens: { input: 1, output: 2, reasoning: 3, cache: { read: 4, write: 5 } },
      content: [
        { type: "text", text: "Looking." },
        {
          type: "tool",
          id: "call_a",
          name: "read",
          state: { status: "error", input: { path: "x" }, error: { type: "not-found", message: "No such file" } },
          time: { created: 31, ran: 32, completed: 33 },
        },
      ],
    },
    { id: "msg_2", type: "system", text: "instructions", time: { created: 25 } },
    {
      id: "msg_1",
      type: "user",
      text: "hi",
      files: [{ uri: "file:///abs/README.md", name: "README.md", mime: "text/markdown" }],
      time: { created: 20 },
    },
    "garbage",
  ];

  it("keeps user and assistant messages only, oldest first, each assistant answering the user before it", () => {
    const out = messagesFromV2(page, S);
    expect(out.map((m) => [m.info.id, m.info.role])).toEqual([
      ["msg_1", "user"],
      ["msg_3", "assistant"],
      ["msg_4", "assistant"],
    ]);
    expect(out.map((m) => (m.info.role === "assistant" ? m.info.parentID : null))).toEqual([null, "msg_1", "msg_1"]);
    expect(out[1]?.info).toMatchObject({
      sessionID: S,
      modelID: "mock-1",
      providerID: "mock",
      variant: "high",
      agent: "build",
      finish: "tool-calls",
      cost: 0.5,
      time: { created: 30, completed: 39 },
    });
  });

  it("gives the user message its text and files, and ids that sort in content order", () => {
    const [user] = messagesFromV2(page, S);
    expect(user?.parts).toEqual([
      { id: partId("msg_1", 0), sessionID: S, messageID: "msg_1", type: "text", text: "hi" },
      {
        id: partId("msg_1", 1),
        sessionID: S,
        messageID: "msg_1",
        type: "file",
        mime: "text/markdown",
        filename: "README.md",
        url: "file:///abs/README.md",
      },
    ]);
    expect(partId("msg_1", 2) < partId("msg_1", 10)).toBe(true);
  });

  it("maps tool states: streaming → pending with the raw input, error → error with words and times", () => {
    const out = messagesFromV2(page, S);
    expect(out[1]?.parts.map((p) => p.type)).toEqual(["text", "tool"]);
    expect(out[1]?.parts[1]).toMatchObject({
      callID: "call_a",
      tool: "read",
      state: { status: "error", error: "No such file", input: { path: "x" }, time: { start: 32, end: 33 } },
    });
    // The unknown content kind is dropped; the streaming call keeps position 0.
    expect(out[2]?.parts).toEqual([
      {
        id: partId("msg_4", 0),
        sessionID: S,
        messageID: "msg_4",
        type: "tool",
        callID: "call_b",
        tool: "shell",
        state: { status: "pending", input: {}, raw: '{"comm' },
      },
    ]);
  });
});

describe("permissionFromV2", () => {
  it("maps action, resources, save and the tool source", () => {
    const raw = {
      id: "per_1",
      sessionID: S,
      action: "shell",
      resources: ["echo hi"],
      save: ["echo *"],
      source: { type: "tool", messageID: "msg_1", id: "call_1" },
    };
    expect(permissionFromV2(raw)).toEqual({
      id: "per_1",
      sessionID: S,
      permission: "shell",
      patterns: ["echo hi"],
      metadata: {},
      always: ["echo *"],
      tool: { messageID: "msg_1", callID: "call_1" },
    });
  });

  it("tolerates missing parts and rejects a request without ids", () => {
    expect(permissionFromV2({ id: "per_1", sessionID: S })).toEqual({
      id: "per_1",
      sessionID: S,
      permission: "unknown",
      patterns: [],
      metadata: {},
      always: [],
    });
    expect(permissionFromV2({ id: "per_1" })).toBeNull();
    expect(permissionFromV2(null)).toBeNull();
  });
});

describe("questionFromForm and formAnswer", () => {
  const form = {
    id: "frm_1",
    sessionID: S,
    title: "Questions",
    metadata: { kind: "question", tool: { messageID: "msg_1", id: "call_1" } },
    fields: [
      {
        key: "q0",
        title: "Shade",
        description: "Which shade?",
        type: "string",
        options: [{ value: "teal", label: "Teal", description: "green-blue" }],
        custom: true,
      },
      {
        key: "q1",
        title: "Extras",
        description: "Which extras?",
        type: "multiselect",
        options: [
          { value: "a", label: "A" },
          { value: "b", label: "B" },
        ],
        custom: false,
      },
      { key: "name", title: "Your name", type: "string" },
    ],
  };

  it("asks one question per field, keeping the tool call", () => {
    expect(questionFromForm(form)).toMatchObject({
      id: "frm_1",
      sessionID: S,
      tool: { messageID: "msg_1", callID: "call_1" },
      questions: [
        { header: "Shade", question: "Which shade?", options: [{ label: "Teal", description: "green-blue" }], custom: true },
        { header: "Extras", question: "Which extras?", multiple: true, custom: false },
        { header: "Your name", question: "Your name", options: [], custom: true },
      ],
    });
  });

  it("answers by field key with the options' values; typed answers pass as is; unanswered fields are left out", () => {
    const question = questionFromForm(form);
    if (!question) throw new Error("no question");
    expect(formAnswer(question, [["Teal"], ["A", "B"], ["Ada"]])).toEqual({ q0: "teal", q1: "a, b", name: "Ada" });
    expect(formAnswer(question, [["my own shade"], []])).toEqual({ q0: "my own shade" });
  });

  it("rejects forms without ids or fields", () => {
    expect(questionFromForm({ ...form, fields: [] })).toBeNull();
    expect(questionFromForm({ ...form, sessionID: undefined })).toBeNull();
  });
});

describe("statusFromActive", () => {
  it("marks every running session busy (answer wrapped in data or bare)", () => {
    expect(statusFromActive({ data: { ses_a: { type: "running" } } })).toEqual({ ses_a: { type: "busy" } });
    expect(statusFromActive({ ses_b: { type: "running" }, ses_c: { type: "idle" } })).toEqual({ ses_b: { type: "busy" } });
    expect(statusFromActive({ data: {} })).toEqual({});
    expect(statusFromActive(null)).toEqual({});
  });
});
