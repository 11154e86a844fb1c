import { describe, expect, it } from "vitest";
import { createInitialState } from "../../store/initial-state";
import { isIncomingEvent, type NormalizedFrame } from "../../store/normalize-event";
import { applyEvent } from "../../store/reducer";
import type { IncomingEvent, Session } from "../../store/types";
import { makeV2Normalizer } from "./normalize";
import { partId } from "./normalize-parts";
import { messagesFromV2 } from "./records";

const S = "ses_1";
const M = "msg_a1";
const frame = (type: string, data: unknown, created = 100): string =>
  JSON.stringify({ id: "evt_1", created, type, location: { directory: "/abs/proj" }, data });
const events = (frames: NormalizedFrame[]): IncomingEvent[] => frames.filter(isIncomingEvent);

describe("makeV2Normalizer: frames that are not events", () => {
  it("turns bad JSON, non-objects and typeless frames into malformed signals, and server frames into signals", () => {
    const n = makeV2Normalizer("i1");
    expect(n.normalize("{not json", 1)).toEqual([{ kind: "malformed", reason: "not JSON" }]);
    expect(n.normalize("[1,2]", 1)).toEqual([{ kind: "malformed", reason: "not an object" }]);
    expect(n.normalize('{"data":{}}', 1)).toEqual([{ kind: "malformed", reason: "no event type" }]);
    expect(n.normalize(frame("server.connected", {}), 1)).toEqual([{ kind: "connected" }]);
    expect(n.normalize(frame("server.heartbeat", {}), 1)).toEqual([{ kind: "heartbeat" }]);
  });

  it("yields nothing for known events the store does not keep, and a `v2.` event the reducer counts as unknown for others", () => {
    const n = makeV2Normalizer("i1");
    expect(n.normalize(frame("session.usage.updated", { sessionID: S }), 1)).toEqual([]);
    expect(n.normalize(frame("provider.updated", {}), 1)).toEqual([]);
    const [unknown] = events(n.normalize(frame("session.teleported", { sessionID: S }), 7));
    expect(unknown).toEqual({ instanceId: "i1", directory: "/abs/proj", type: "v2.session.teleported", properties: { sessionID: S }, receivedAt: 7 });
    expect(unknown && applyEvent(createInitialState(), unknown)).toBe("unknown");
  });

  it("never throws on known types with missing or odd fields", () => {
    const n = makeV2Normalizer("i1");
    const types = [
      "session.created",
      "session.renamed",
      "session.archived",
      "session.unarchived",
      "session.deleted",
      "session.execution.started",
      "session.execution.succeeded",
      "session.execution.failed",
      "session.retry.scheduled",
      "session.inbox.enqueued",
      "session.inbox.delivered",
      "session.inbox.cancelled",
      "session.step.started",
      "session.step.ended",
      "session.step.failed",
      "session.text.started",
      "session.text.delta",
      "session.text.ended",
      "session.reasoning.delta",
      "session.tool.input.started",
      "session.tool.called",
      "session.tool.success",
      "session.tool.failed",
      "permission.asked",
      "permission.replied",
      "form.created",
      "form.replied",
      "form.cancelled",
    ];
    const state = createInitialState();
    for (const type of types) {
      for (const data of [{}, null, 42, { sessionID: 5, assistantMessageID: [], id: {}, delta: 3, item: "x", form: [] }]) {
        for (const ev of events(n.normalize(frame(type, data), 1))) expect(["applied", "ignored", "unknown"]).toContain(applyEvent(state, ev));
      }
    }
    expect(state.messages).toEqual({});
  });
});

describe("makeV2Normalizer: turns", () => {
  /** Feeds frames into a fresh store and returns it. */
  function run(frames: string[], n = makeV2Normalizer("i1")) {
    const state = createInitialState();
    const out: IncomingEvent[] = [];
    for (const f of frames)
      for (const ev of events(n.normalize(f, 1))) {
        out.push(ev);
        applyEvent(state, ev);
      }
    return { state, out };
  }

  it("drops content events of a message whose start it never saw (as the 1.x reducer drops deltas of unknown parts)", () => {
    const { out } = run([
      frame("session.text.delta", { sessionID: S, assistantMessageID: M, ordinal: 0, delta: "x" }),
      frame("session.tool.success", { sessionID: S, assistantMessageID: M, id: "c1" }),
    ]);
    expect(out).toEqual([]);
  });

  it.each(["raw", "records"] as const)("continues a turn joined mid-way at the right positions once the REST page is learned (%s)", (how) => {
    const n = makeV2Normalizer("i1");
    const page = [
      {
        id: M,
        type: "assistant",
        agent: "build",
        model: { id: "m", providerID: "p" },
        time: { created: 5 },
        content: [
          { type: "text", text: "Before." },
          {
            type: "tool",
            id: "c1",
            name: "shell",
            state: { status: "running", input: { command: "ls" }, metadata: {} },
            time: { created: 6, ran: 7 },
          },
        ],
      },
      { id: "msg_u", type: "user", text: "go", time: { created: 4 } },
    ];
    if (how === "raw") n.learnMessages(S, page);
    else n.learnPage(S, messagesFromV2(page, S));
    const { out } = run(
      [
        frame("session.tool.success", { sessionID: S, assistantMessageID: M, id: "c1", content: [{ type: "text", text: "out" }] }, 9),
        frame("session.text.started", { sessionID: S, assistantMessageID: M, ordinal: 1 }),
        frame("session.text.delta", { sessionID: S, assistantMessageID: M, ordinal: 1, delta: "After" }),
      ],
      n,
    );
    expect(out.map((e) => [e.type, (e.properties.part as { id?: string } | undefined)?.id ?? e.properties.partID])).toEqual([
      ["message.part.updated", partId(M, 1)],
      ["message.part.updated", partId(M, 2)],
      ["message.part.delta", partId(M, 2)],
    ]);
    expect(out[0]?.properties.part).toMatchObject({ state: { status: "completed", output: "out", time: { start: 7, end: 9 } } });
  });

  it("forgets streaming messages on reset (a new connection)", () => {
    const n = makeV2Normalizer("i1");
    run([frame("session.step.started", { sessionID: S, assistantMessageID: M, agent: "build", model: { id: "m", providerID: "p" } })], n);
    n.reset();
    expect(n.normalize(frame("session.text.started", { sessionID: S, assistantMessageID: M, ordinal: 0 }), 1)).toEqual([]);
  });

  it("shows a queued prompt at once, re-dates it when delivered, and removes it when cancelled", () => {
    const enqueue = (id: string) =>
      frame(
        "session.inbox.enqueued",
        { sessionID: S, inboxID: id, item: { type: "user", payload: { text: `prompt ${id}` }, delivery: "queue" } },
        10,
      );
    const { state } = run([
      enqueue("msg_q1"),
      enqueue("msg_q2"),
      frame("session.inbox.delivered", { sessionID: S, inboxID: "msg_q1" }, 20),
      frame("session.inbox.cancelled", { sessionID: S, inboxID: "msg_q2" }),
    ]);
    expect(state.messages[S]?.map((m) => [m.id, m.time.created])).toEqual([["msg_q1", 20]]);
    expect(state.parts.msg_q1?.map((p) => (p.type === "text" ? p.text : p.type))).toEqual(["prompt msg_q1"]);
    expect(state.parts.msg_q2).toBeUndefined();
  });

  it("reports a failed execution's error once, and a retry as a retry status", () => {
    const failed = run([
      frame("session.execution.started", { sessionID: S }),
      frame("session.retry.scheduled", {
        sessionID: S,
        assistantMessageID: M,
        attempt: 2,
        at: 500,
        error: { type: "provider.rate-limit", message: "Slow down" },
      }),
    ]);
    expect(failed.state.status[S]).toEqual({ type: "retry", attempt: 2, message: "Slow down", next: 500 });
    const ended = run([
      frame("session.execution.started", { sessionID: S }),
      frame("session.execution.failed", { sessionID: S, error: { type: "x", message: "Boom" } }),
    ]);
    expect(ended.out.map((e) => e.type)).toEqual(["session.status", "session.error", "session.status"]);
    expect(ended.out[1]?.properties).toEqual({ sessionID: S, error: { name: "UnknownError", data: { message: "Boom" } } });
    expect(ended.state.status).toEqual({});
  });
});

describe("makeV2Normalizer: session changes that carry only the change", () => {
  const known: Session = { id: S, slug: "", projectID: "p", directory: "/abs/proj", title: "Old", version: "2", time: { created: 1, updated: 2 } };

  it("updates a learned session in full (title, archive time) and says nothing about an unknown one", () => {
    const n = makeV2Normalizer("i1");
    expect(n.normalize(frame("session.renamed", { sessionID: S, title: "New" }), 1)).toEqual([]);
    n.learnSessions([known]);
    const [renamed] = events(n.normalize(frame("session.renamed", { sessionID: S, title: "New" }, 50), 1));
    expect(renamed?.type).toBe("session.updated");
    expect(renamed?.properties.info).toEqual({ ...known, title: "New", time: { created: 1, updated: 50 } });
    const [archived] = events(n.normalize(frame("session.archived", { sessionID: S }, 60), 1));
    expect(archived?.properties.info).toMatchObject({ title: "New", time: { archived: 60 } });
    const [unarchived] = events(n.normalize(frame("session.unarchived", { sessionID: S }, 70), 1));
    expect(unarchived?.properties.info).toEqual({ ...known, title: "New", time: { created: 1, updated: 70 } });
  });

  it("stages and clears a revert from 2.1.2's measured shape (`revert: {messageID, snapshot, files}`)", () => {
    const n = makeV2Normalizer("i1");
    n.learnSessions([known]);
    const revert = { messageID: "msg_u2", snapshot: "c5c7ff2e", files: [{ file: "x.txt", status: "deleted", additions: 0, deletions: 1 }] };
    const [staged] = events(n.normalize(frame("session.revert.staged", { sessionID: S, revert }, 80), 1));
    expect(staged?.properties.info).toMatchObject({ id: S, revert: { messageID: "msg_u2" } });
    const [cleared] = events(n.normalize(frame("session.revert.cleared", { sessionID: S }, 90), 1));
    expect(cleared?.properties.info).toEqual({ ...known, time: { created: 1, updated: 90 } });
  });

  it("says a failed compaction in words (the page asked for it)", () => {
    const n = makeV2Normalizer("i1");
    const error = { type: "compaction.failed", message: "Compaction summary did not match the required template" };
    const out = events(n.normalize(frame("session.compaction.failed", { sessionID: S, reason: "manual", error }), 1));
    expect(out.map((e) => [e.type, e.properties])).toEqual([
      [
        "session.error",
        {
          sessionID: S,
          error: { name: "UnknownError", data: { message: "Compaction failed: Compaction summary did not match the required template" } },
        },
      ],
    ]);
  });

  it("maps deletion to the 1.x event", () => {
    const n = makeV2Normalizer("i1");
    expect(events(n.normalize(frame("session.deleted", { sessionID: S }), 3)).map((e) => [e.type, e.properties])).toEqual([
      ["session.deleted", { sessionID: S }],
    ]);
  });
});
