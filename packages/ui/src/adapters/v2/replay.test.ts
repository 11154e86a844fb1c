/// <reference types="node" />
/**
 * Replays real OpenCode 2.1.2 `/api/event` captures (packages/ui/test/recordings, made by
 * scripts/capture-v2.ts against the mock model) through the v2 normalizer and the store's reducer, and
 * checks the end state. For each capture, the REST answer of the same turn read at the end
 * (`*.messages.json`) must give the very same messages and parts (ids, order, text, tool states): live
 * and fetched copies of a part agree, so a resync after a reconnect changes nothing.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createParser } from "eventsource-parser";
import { describe, expect, it } from "vitest";
import { createInitialState } from "../../store/initial-state";
import { isIncomingEvent } from "../../store/normalize-event";
import { reconcileMessages } from "../../store/reconcile";
import { applyEvent } from "../../store/reducer";
import type { IncomingEvent, Part, State } from "../../store/types";
import { makeV2Normalizer } from "./normalize";
import { formAnswer, messagesFromV2 } from "./records";

const dir = join(dirname(fileURLToPath(import.meta.url)), "../../../test/recordings");

function readFrames(file: string): string[] {
  const frames: string[] = [];
  const parser = createParser({ onEvent: (message) => frames.push(message.data) });
  parser.feed(readFileSync(join(dir, file), "utf8"));
  return frames;
}

type Counts = Record<"applied" | "ignored" | "unknown" | "sync" | "heartbeat" | "connected" | "malformed", number>;

/** Replays `file`; `until` stops before the first event it accepts (checked on the raw v2 frame). */
function replay(
  file: string,
  until?: (v2: { type: string; data: Record<string, unknown> }) => boolean,
): { state: State; counts: Counts; events: IncomingEvent[] } {
  const state = createInitialState();
  const normalizer = makeV2Normalizer("inst-1");
  const counts: Counts = { applied: 0, ignored: 0, unknown: 0, sync: 0, heartbeat: 0, connected: 0, malformed: 0 };
  const events: IncomingEvent[] = [];
  let at = 0;
  for (const data of readFrames(file)) {
    if (until?.(JSON.parse(data) as { type: string; data: Record<string, unknown> })) break;
    for (const frame of normalizer.normalize(data, ++at)) {
      if (!isIncomingEvent(frame)) {
        counts[frame.kind]++;
        continue;
      }
      events.push(frame);
      counts[applyEvent(state, frame)]++;
    }
  }
  return { state, counts, events };
}

/** The REST answers of a capture: sessionID → raw messages (newest first, as the server sends them). */
function restAnswers(file: string): Record<string, unknown[]> {
  const json = JSON.parse(readFileSync(join(dir, file), "utf8")) as Record<string, { data: unknown[] }>;
  return Object.fromEntries(Object.entries(json).map(([id, answer]) => [id, answer.data]));
}

/** A store built only from the REST answers, the way a resync loads a session. */
function restState(answers: Record<string, unknown[]>): State {
  const state = createInitialState();
  for (const [id, raw] of Object.entries(answers))
    reconcileMessages(state, "inst-1", id, { messages: messagesFromV2(raw, id), cursor: null }, "latest");
  return state;
}

/** Messages and their parts of one session, as plain data. */
function timeline(state: State, sessionId: string): Array<{ info: unknown; parts: Part[] }> {
  return (state.messages[sessionId] ?? []).map((info) => ({ info, parts: state.parts[info.id] ?? [] }));
}

type ToolPart = Extract<Part, { type: "tool" }>;
const partsOf = (state: State, sessionId: string): Part[] => (state.messages[sessionId] ?? []).flatMap((m) => state.parts[m.id] ?? []);
const toolsOf = (state: State, sessionId: string): ToolPart[] => partsOf(state, sessionId).filter((p): p is ToolPart => p.type === "tool");
const textsOf = (state: State, sessionId: string, role: "user" | "assistant"): string[] =>
  (state.messages[sessionId] ?? [])
    .filter((m) => m.role === role)
    .flatMap((m) => (state.parts[m.id] ?? []).flatMap((p) => (p.type === "text" ? [p.text] : [])));

describe.each(["shell", "subagent", "question", "interrupt", "reasoning", "error", "manage", "usershell", "midturn", "reject", "queue", "revert"])(
  "capture opencode-2.1.2-%s",
  (name) => {
    const sse = `opencode-2.1.2-${name}.sse`;
    const answers = restAnswers(`opencode-2.1.2-${name}.messages.json`);

    it("replays with every frame understood, ending idle with nothing pending", () => {
      const { state, counts } = replay(sse);
      expect(counts.unknown).toBe(0);
      expect(counts.malformed).toBe(0);
      expect(counts.connected).toBe(1);
      expect(counts.applied).toBeGreaterThan(3);
      expect(state.status).toEqual({});
      expect(state.permissions).toEqual({});
      expect(state.questions).toEqual({});
    });

    it("gives the same messages and parts as the REST answer read at the end (ids, order, text, tool states)", () => {
      const live = replay(sse).state;
      const rest = restState(answers);
      for (const id of Object.keys(answers)) {
        expect(timeline(live, id).length).toBeGreaterThan(0);
        expect(timeline(live, id)).toEqual(timeline(rest, id));
      }
    });

    it("is left unchanged by a resync with that REST answer", () => {
      const live = replay(sse).state;
      const before = structuredClone(Object.keys(answers).map((id) => timeline(live, id)));
      for (const [id, raw] of Object.entries(answers))
        reconcileMessages(live, "inst-1", id, { messages: messagesFromV2(raw, id), cursor: null }, "latest");
      expect(Object.keys(answers).map((id) => timeline(live, id))).toEqual(before);
    });
  },
);

describe("recording opencode-2.1.2-api-event-turn.sse (the shared shell turn)", () => {
  const file = "opencode-2.1.2-api-event-turn.sse";
  const sid = "ses_daec44cb1ffeckV5tuMKxmXHef";

  it("ends with the prompt, the text, the completed shell call and the closing text, in that order", () => {
    const { state, counts } = replay(file);
    expect(counts.unknown).toBe(0);
    expect(counts.heartbeat + counts.connected).toBe(1);
    expect(state.sessions[sid]?.info).toMatchObject({ title: "perm probe", directory: "/abs/proj", version: "2" });
    expect(state.messages[sid]?.map((m) => m.role)).toEqual(["user", "assistant", "assistant"]);
    expect(textsOf(state, sid, "user")).toEqual(["[[shell:echo hi]]"]);
    expect(partsOf(state, sid).map((p) => p.type)).toEqual(["text", "text", "tool", "text"]);
    expect(textsOf(state, sid, "assistant")).toEqual(["Working on it. ", "Tool finished. All good. "]);
    const [shell] = toolsOf(state, sid);
    expect(shell).toMatchObject({
      tool: "shell",
      callID: "call_1796659196834893580",
      state: { status: "completed", output: "hi\n", input: { command: "echo hi" } },
    });
    const [first, second] = (state.messages[sid] ?? []).filter((m) => m.role === "assistant");
    expect(first).toMatchObject({ finish: "tool-calls", tokens: { input: 10, output: 12 }, parentID: "msg_2513bb37f001HHZkG7vw8N0WRH" });
    expect(second?.time.completed).toBeDefined();
    expect(state.status).toEqual({});
    expect(state.permissions).toEqual({});
  });

  it("holds the shell permission (with its tool call) and a busy status until it is answered", () => {
    const { state } = replay(file, (v2) => v2.type === "permission.replied");
    expect(state.status[sid]).toEqual({ type: "busy" });
    expect(state.permissions[sid]).toEqual([
      {
        id: "per_2513bb3ce001S87CfRoX1WsCou",
        sessionID: sid,
        permission: "shell",
        patterns: ["echo hi"],
        metadata: {},
        always: ["echo *"],
        tool: { messageID: "msg_2513bb391001lkKVG1QvTrSdA8", callID: "call_1796659196834893580" },
      },
    ]);
    expect(toolsOf(state, sid).map((t) => t.state.status)).toEqual(["running"]);
  });

  it("streams the text through deltas before its end event", () => {
    const { state } = replay(file, (v2) => v2.type === "session.text.ended");
    expect(textsOf(state, sid, "assistant")).toEqual(["Working on it. "]);
    expect(toolsOf(state, sid).map((t) => t.state)).toEqual([
      { status: "running", input: { command: "echo hi" }, metadata: {}, time: { start: 1796659196867 } },
    ]);
  });
});

describe("captured sub-agent turn", () => {
  const file = "opencode-2.1.2-subagent.sse";
  const parent = "ses_dae669f0bffefydWBWYSKNthro";
  const child = "ses_dae669d82ffeQtzIZWkAFL5Dg1";

  it("nests the child session, links it from the completed subagent call, and runs the child's shell", () => {
    const { state } = replay(file);
    expect(state.sessions[child]?.info.parentID).toBe(parent);
    const [subagent] = toolsOf(state, parent);
    expect(subagent?.tool).toBe("subagent");
    expect(subagent?.state.status).toBe("completed");
    expect(subagent?.state.status === "completed" && subagent.state.metadata).toMatchObject({ sessionID: child, sessionId: child });
    expect(toolsOf(state, child).map((t) => [t.tool, t.state.status, t.state.status === "completed" ? t.state.output : null])).toEqual([
      ["shell", "completed", "child\n"],
    ]);
    expect(textsOf(state, child, "assistant")).toEqual(["Tool finished: child"]);
  });

  it("shows the child's permission under the child session while the parent's call runs with the child linked", () => {
    const { state } = replay(file, (v2) => v2.type === "permission.replied");
    expect(Object.keys(state.permissions)).toEqual([child]);
    expect(state.permissions[child]?.[0]).toMatchObject({ permission: "shell", patterns: ["echo child"] });
    expect(state.status).toEqual({ [parent]: { type: "busy" }, [child]: { type: "busy" } });
    const [subagent] = toolsOf(state, parent);
    expect(subagent?.state.status === "running" && subagent.state.metadata).toMatchObject({ sessionId: child });
  });
});

describe("captured question turn", () => {
  const file = "opencode-2.1.2-question.sse";
  const sid = "ses_dae669746ffeDXhJRChRIohQ3o";

  it("asks the form as a question (its tool call linked) until it is answered", () => {
    const { state } = replay(file, (v2) => v2.type === "form.replied");
    const [question] = state.questions[sid] ?? [];
    expect(question).toMatchObject({
      id: "frm_251996a28001lQrUmf4uaLmhHz",
      questions: [
        {
          header: "Mock colour",
          question: "Which colour should the mock use?",
          options: [
            { label: "Red", description: "The warm one" },
            { label: "Blue", description: "The cool one" },
          ],
        },
      ],
      tool: { messageID: "msg_251996969001FcMKgL5oap4M2c", callID: "call_chatcmpl-mock-7" },
    });
    // What the capture sent back, rebuilt from the store's answer.
    expect(question && formAnswer(question, [["Red"]])).toEqual({ q0: "Red" });
  });

  it("clears the question and completes the question call with the answer", () => {
    const { state } = replay(file);
    expect(state.questions).toEqual({});
    const [tool] = toolsOf(state, sid);
    expect(tool?.state.status === "completed" && tool.state.output).toContain('"Which colour should the mock use?"="Red"');
  });
});

describe("captured interrupted turn", () => {
  it("keeps the streamed words, marks the step stopped (no session error), and ends idle", () => {
    const { state } = replay("opencode-2.1.2-interrupt.sse");
    const sid = "ses_dae66914fffeAdBpRgElEI7sBK";
    expect(textsOf(state, sid, "assistant")).toEqual(["Mock reply to: "]);
    const assistant = state.messages[sid]?.find((m) => m.role === "assistant");
    expect(assistant?.role === "assistant" && assistant.error).toEqual({ name: "MessageAbortedError", data: { message: "Step interrupted" } });
    expect(assistant?.role === "assistant" && assistant.finish).toBe("error");
    expect(state.sessionErrors).toEqual({});
    expect(state.status).toEqual({});
  });
});

describe("captured reasoning turn", () => {
  it("shows the reasoning before the reply, each with its whole text", () => {
    const { state } = replay("opencode-2.1.2-reasoning.sse");
    const sid = "ses_dae668bd6ffebriepbBAi4kAC7";
    const parts = partsOf(state, sid).filter((p) => p.type !== "text" || p.messageID !== state.messages[sid]?.[0]?.id);
    expect(parts.map((p) => p.type)).toEqual(["reasoning", "text"]);
    expect(parts[0]).toMatchObject({
      type: "reasoning",
      text: "Mock reasoning about: think first. First consider the question, then weigh the options, then answer.",
    });
    expect(parts[0]?.type === "reasoning" && parts[0].time.end).toBeGreaterThan(parts[0]?.type === "reasoning" ? parts[0].time.start : Infinity);
    expect(parts[1]?.type === "text" && parts[1].text).toMatch(/^Mock reply to: think first\. .*a real model\.$/);
  });

  it("streams reasoning and text into separate parts while both are open", () => {
    const { state } = replay("opencode-2.1.2-reasoning.sse", (v2) => v2.type === "session.reasoning.ended");
    const sid = "ses_dae668bd6ffebriepbBAi4kAC7";
    const assistant = state.messages[sid]?.find((m) => m.role === "assistant");
    const parts = state.parts[assistant?.id ?? ""] ?? [];
    expect(parts.map((p) => (p.type === "text" || p.type === "reasoning" ? [p.type, p.text] : [p.type]))).toEqual([
      ["reasoning", "Mock reasoning about: think first. First consider the question, then weigh the options, then answer."],
      [
        "text",
        "Mock reply to: think first. This is a scripted answer from the mock model. It streams one word at a time so clients can watch it grow. Nothing here came from ",
      ],
    ]);
  });
});

describe("captured failing turn", () => {
  it("reports the model's error once, in its words, after the failed message, and ends idle", () => {
    const { state } = replay("opencode-2.1.2-error.sse");
    const sid = "ses_dae5f6d4cffe317Oa85caGntmu";
    const assistant = state.messages[sid]?.find((m) => m.role === "assistant");
    expect(state.sessionErrors[sid]).toEqual([
      expect.objectContaining({ afterMessageId: assistant?.id, name: "UnknownError", message: "Mock model refused the request (cue error:400)" }),
    ]);
    expect(assistant?.role === "assistant" && assistant.error).toEqual({
      name: "UnknownError",
      data: { message: "Mock model refused the request (cue error:400)" },
    });
    expect(state.status).toEqual({});
  });
});

describe("captured session management", () => {
  const sid = "ses_dae5f504fffe0PLqDDoMcRFnUT";

  it("follows the title the first prompt gets, the rename, archive and unarchive", () => {
    const titled = replay("opencode-2.1.2-manage.sse", (v2) => v2.type === "session.step.started").state;
    expect(titled.sessions[sid]?.info.title).toBe("Mock title hello there");
    const archived = replay("opencode-2.1.2-manage.sse", (v2) => v2.type === "session.unarchived").state;
    expect(archived.sessions[sid]?.info).toMatchObject({ title: "renamed one", time: { archived: expect.any(Number) } });
    const { state } = replay("opencode-2.1.2-manage.sse");
    expect(state.sessions[sid]?.info.title).toBe("renamed one");
    expect(state.sessions[sid]?.info.time.archived).toBeUndefined();
    // The fork arrived only as session.forked (ignored) and was deleted: nothing of it stays.
    expect(Object.keys(state.sessions)).toEqual([sid]);
  });
});

describe("captured undo, redo and a failed compaction", () => {
  const sid = "ses_dadbdb7a6ffe6awgWPgEM9I09T";

  it("marks the turn reverted while the revert is staged, clears it on redo, and says the compaction failed", () => {
    const staged = replay("opencode-2.1.2-revert.sse", (v2) => v2.type === "session.revert.cleared").state;
    expect(staged.sessions[sid]?.info.revert).toEqual({ messageID: "msg_252424dc7001tqO73glHbzYfDD" });
    const { state } = replay("opencode-2.1.2-revert.sse");
    expect(state.sessions[sid]?.info.revert).toBeUndefined();
    expect(state.sessionErrors[sid]?.map((e) => e.message)).toEqual(["Compaction failed: Compaction summary did not match the required template"]);
  });
});

describe("captured user shell command", () => {
  it("shows the command and its output as a completed shell call, as 1.x shows its own runs", () => {
    const { state } = replay("opencode-2.1.2-usershell.sse");
    const sid = "ses_dae58c3b0ffe6EagNZ2hQdyu0N";
    expect(state.messages[sid]?.map((m) => [m.id, m.role, m.role === "assistant" ? m.agent : null])).toEqual([
      ["msg_251a748e6001Xstb0p4lHLiYNy", "assistant", "shell"],
    ]);
    expect(toolsOf(state, sid).map((t) => [t.tool, t.state])).toEqual([
      [
        "shell",
        {
          status: "completed",
          input: { command: "echo from-shell" },
          output: "from-shell\n",
          title: "",
          metadata: { exit: 0 },
          time: { start: 1796666247398, end: 1796666247408 },
        },
      ],
    ]);
  });
});

describe("a reconnect in the middle of a reply (capture midturn: REST read while reasoning and text streamed)", () => {
  const file = "opencode-2.1.2-midturn.sse";
  const sid = "ses_dae512cf4ffetoqf1R0yurJZ42";
  const mid = JSON.parse(readFileSync(join(dir, "opencode-2.1.2-midturn.mid.json"), "utf8")) as Record<
    string,
    { frames: number; answer: { data: unknown[] } }
  >;
  const snapshot = mid[sid];
  if (!snapshot) throw new Error("no mid-turn snapshot");

  /** Frames before the REST answer go to one connection; then a new one resyncs from it and gets the rest. */
  function reconnect(learn: false | "raw" | "records"): State {
    const frames = readFrames(file);
    const state = createInitialState();
    const first = makeV2Normalizer("inst-1");
    const apply = (n: ReturnType<typeof makeV2Normalizer>, data: string) => {
      for (const f of n.normalize(data, 1)) if (isIncomingEvent(f)) applyEvent(state, f);
    };
    for (const data of frames.slice(0, snapshot?.frames)) apply(first, data);
    const second = makeV2Normalizer("inst-1");
    const page = messagesFromV2(snapshot?.answer.data ?? [], sid);
    if (learn === "raw") second.learnMessages(sid, snapshot?.answer.data ?? []);
    if (learn === "records") second.learnPage(sid, page);
    reconcileMessages(state, "inst-1", sid, { messages: page, cursor: null }, "latest");
    for (const data of frames.slice(snapshot?.frames)) apply(second, data);
    return state;
  }

  it.each(["raw", "records"] as const)(
    "continues the reply at the right parts once the new connection learns the REST page (%s), ending equal to REST",
    (learn) => {
      const state = reconnect(learn);
      expect(timeline(state, sid)).toEqual(timeline(restState(restAnswers("opencode-2.1.2-midturn.messages.json")), sid));
      expect(partsOf(state, sid).map((p) => p.type)).toEqual(["text", "reasoning", "text"]);
      expect(state.status).toEqual({});
    },
  );

  it("without learning it, the new connection drops that message's events and the message stays as REST read it", () => {
    const state = reconnect(false);
    const assistant = state.messages[sid]?.find((m) => m.role === "assistant");
    expect((state.parts[assistant?.id ?? ""] ?? []).map((p) => (p.type === "text" || p.type === "reasoning" ? p.text : p.type))).toEqual(["", ""]);
    expect(assistant?.time.completed).toBeUndefined();
  });
});

describe("captured rejected permission", () => {
  it("fails the shell call with the words given when rejecting, and clears the request", () => {
    const { state } = replay("opencode-2.1.2-reject.sse");
    const sid = "ses_dae45dc93ffepGxNkp4T4xUr85";
    expect(toolsOf(state, sid).map((t) => [t.tool, t.state.status, t.state.status === "error" ? t.state.error : null])).toEqual([
      ["shell", "error", "not now"],
    ]);
    expect(state.permissions).toEqual({});
    expect(state.sessionErrors).toEqual({});
  });
});

describe("captured queued prompt", () => {
  it("shows the queued prompt at once, and answers each prompt in turn", () => {
    const sid = "ses_dae45bc4effeB2lNurhRL1hUoq";
    const queued = replay("opencode-2.1.2-queue.sse", (v2) => v2.type === "session.text.ended").state;
    expect(textsOf(queued, sid, "user")).toEqual(["[[slow:40]] first prompt", "second prompt"]);
    const { state } = replay("opencode-2.1.2-queue.sse");
    const messages = state.messages[sid] ?? [];
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect(messages.map((m) => (m.role === "assistant" ? m.parentID : m.id))).toEqual([
      messages[0]?.id,
      messages[0]?.id,
      messages[2]?.id,
      messages[2]?.id,
    ]);
    expect(textsOf(state, sid, "assistant").map((t) => t.split(".")[0])).toEqual(["Mock reply to: first prompt", "Mock reply to: second prompt"]);
  });
});
