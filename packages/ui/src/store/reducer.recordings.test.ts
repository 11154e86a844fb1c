/// <reference types="node" />
/**
 * Replays the real OpenCode event streams in packages/ui/test/recordings through normalizeFrame +
 * applyEvent and checks the final state against what the frames themselves say.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createParser } from "eventsource-parser";
import { describe, expect, it } from "vitest";
import { createInitialState } from "./initial-state";
import { isIncomingEvent, normalizeFrame } from "./normalize-event";
import { applyEvent, type ApplyResult } from "./reducer";
import type { IncomingEvent, Part, State } from "./types";

/** The recordings ship with the repo (packages/ui/test/recordings), copied from the team's shared captures. */
function recordingsDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), "../../test/recordings");
}

function readFrames(file: string): string[] {
  const frames: string[] = [];
  const parser = createParser({ onEvent: (message) => frames.push(message.data) });
  parser.feed(readFileSync(join(recordingsDir(), file), "utf8"));
  return frames;
}

interface Replay {
  state: State;
  events: IncomingEvent[];
  results: Record<ApplyResult | "sync" | "heartbeat" | "connected" | "malformed", number>;
}

function replay(file: string, protocol: "global" | "legacy", until?: (ev: IncomingEvent) => boolean): Replay {
  const state = createInitialState();
  const events: IncomingEvent[] = [];
  const results: Replay["results"] = { applied: 0, ignored: 0, unknown: 0, sync: 0, heartbeat: 0, connected: 0, malformed: 0 };
  let at = 0;
  for (const data of readFrames(file)) {
    const frame = normalizeFrame(data, "inst-1", protocol, ++at);
    if (!isIncomingEvent(frame)) {
      results[frame.kind]++;
      continue;
    }
    if (until?.(frame)) break;
    events.push(frame);
    results[applyEvent(state, frame)]++;
  }
  return { state, events, results };
}

type TextPart = Extract<Part, { type: "text" }>;
type ToolPart = Extract<Part, { type: "tool" }>;

function assistantTextParts(state: State): TextPart[] {
  const out: TextPart[] = [];
  for (const messages of Object.values(state.messages)) {
    for (const message of messages) {
      if (message.role !== "assistant") continue;
      for (const part of state.parts[message.id] ?? []) if (part.type === "text") out.push(part);
    }
  }
  return out;
}

/** What the frames say the text of `partId` ends as: the last full part.updated text, and the deltas' sum. */
function expectedText(events: IncomingEvent[], partId: string): { final: string | null; deltas: string } {
  let final: string | null = null;
  let deltas = "";
  for (const ev of events) {
    const p = ev.properties as { part?: { id?: string; text?: string }; partID?: string; delta?: string };
    if (ev.type === "message.part.updated" && p.part?.id === partId && typeof p.part.text === "string") final = p.part.text;
    if (ev.type === "message.part.delta" && p.partID === partId) deltas += p.delta ?? "";
  }
  return { final, deltas };
}

describe.each([
  ["opencode-1.18.33-global-event-text.sse", "global"],
  ["opencode-1.14.41-global-event-text.sse", "global"],
] as const)("recording %s", (file, protocol) => {
  it("ends with the assistant text exactly once, equal to the deltas and to the final part", () => {
    const { state, events, results } = replay(file, protocol);
    expect(results.sync).toBeGreaterThan(0);
    expect(results.unknown).toBe(0);
    const [text, ...others] = assistantTextParts(state);
    expect(others).toEqual([]);
    if (!text) throw new Error("no assistant text part");
    const expected = expectedText(events, text.id);
    expect(expected.deltas.length).toBeGreaterThan(0);
    expect(text.text).toBe(expected.deltas);
    expect(text.text).toBe(expected.final);
    expect(state.status).toEqual({});
  });

  it("without the closing part.updated, the text is still the deltas' concatenation, once", () => {
    const full = replay(file, protocol);
    const textId = assistantTextParts(full.state)[0]?.id;
    // Stop before the part.updated that closes the text part (the one carrying time.end).
    const cut = replay(file, protocol, (ev) => {
      const part = (ev.properties as { part?: { id?: string; time?: { end?: number } } }).part;
      return ev.type === "message.part.updated" && part?.id === textId && part?.time?.end !== undefined;
    });
    const text = assistantTextParts(cut.state)[0];
    expect(text?.text).toBe(expectedText(cut.events, textId ?? "").deltas);
    expect(text?.text).toBe(expectedText(full.events, textId ?? "").final);
    expect(cut.results.unknown).toBe(0);
  });
});

describe("recording opencode-1.0.61-event-text.sse (legacy /event)", () => {
  it("ends with the final full text once, the error placed after the assistant message, and idle", () => {
    const { state, results } = replay("opencode-1.0.61-event-text.sse", "legacy");
    expect(results.unknown).toBe(0);
    const texts = assistantTextParts(state);
    expect(texts.map((p) => p.text)).toEqual(["Hello from the mock model. This reply streams word by word."]);
    const [session] = Object.values(state.sessions);
    expect(session?.info.directory).toBe("/home/dev/src/legacy");
    expect(session?.liveOwner?.instanceId).toBe("inst-1");
    const messages = state.messages[session?.info.id ?? ""] ?? [];
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(state.sessionErrors[session?.info.id ?? ""]).toEqual([
      expect.objectContaining({
        afterMessageId: messages[1]?.id,
        name: "UnknownError",
        message: "Error: [DecimalError] Invalid argument: [object Object]",
      }),
    ]);
    expect(state.status).toEqual({});
  });
});

describe("recording opencode-1.18.33-global-event-tools.sse", () => {
  const file = "opencode-1.18.33-global-event-tools.sse";

  it("completes the read and bash tools, clears the answered permission, and nests the child session", () => {
    const { state, results } = replay(file, "global");
    expect(results.unknown).toBe(0);
    expect(results.heartbeat).toBeGreaterThanOrEqual(0);
    const tools = Object.values(state.parts)
      .flat()
      .filter((p): p is ToolPart => p.type === "tool");
    const byTool = (name: string) => tools.filter((t) => t.tool === name);
    expect(byTool("read").map((t) => t.state.status)).toEqual(["completed"]);
    expect(byTool("bash").map((t) => t.state.status)).toEqual(["completed"]);
    expect(byTool("task").map((t) => t.state.status)).toEqual(["completed"]);
    const bash = byTool("bash")[0];
    expect(bash?.state.status === "completed" && bash.state.output).toBe("hi\n");
    expect(state.permissions).toEqual({});
    const sessions = Object.values(state.sessions);
    const child = sessions.find((s) => s.info.parentID);
    expect(child).toBeDefined();
    expect(state.sessions[child?.info.parentID ?? ""]).toBeDefined();
    expect(state.status).toEqual({});
  });

  it("holds the permission as pending between permission.asked and permission.replied", () => {
    const { state } = replay(file, "global", (ev) => ev.type === "permission.replied");
    const pending = Object.values(state.permissions).flat();
    expect(pending.map((p) => p.permission)).toEqual(["bash"]);
    expect(pending[0]?.tool?.callID).toBeTruthy();
    expect(Object.values(state.status).map((s) => s.type)).toContain("busy");
  });

  it("counts frames of unknown types and malformed frames instead of throwing", () => {
    const state = createInitialState();
    const counts: Record<string, number> = {};
    const frames = [
      '{"directory":"/home/dev/src/alpha","payload":{"id":"evt_1","type":"plugin.added","properties":{"name":"x"}}}',
      '{"directory":"/home/dev/src/alpha","payload":{"id":"evt_2","type":"message.updated","properties":{"info":42}}}',
      "{not json",
      ...readFrames(file),
    ];
    for (const data of frames) {
      const frame = normalizeFrame(data, "inst-1", "global", 1);
      const kind = isIncomingEvent(frame) ? applyEvent(state, frame) : frame.kind;
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
    expect(counts.unknown).toBe(2);
    expect(counts.malformed).toBe(1);
    expect(counts.applied).toBeGreaterThan(100);
  });
});
