import { describe, expect, it, vi } from "vitest";
import { describeFrame, filterFrames, makeEventLog } from "./event-log";

const event = (type: string) => ({ instanceId: "a", directory: null, type, properties: {}, receivedAt: 1 });

describe("event log", () => {
  it("keeps the last N frames per instance, in arrival order, and tells subscribers", () => {
    const log = makeEventLog(2);
    const heard = vi.fn();
    const stop = log.subscribe(heard);
    log.record("a", '{"type":"one"}', 1, [event("one")]);
    log.record("b", ": heartbeat", 2, [{ kind: "heartbeat" }]);
    log.record("a", '{"type":"two"}', 3, [event("two")]);
    log.record("a", '{"type":"three"}', 4, [event("three")]);
    expect(log.entries("a").map((e) => e.raw)).toEqual(['{"type":"two"}', '{"type":"three"}']);
    expect(log.entries().map((e) => e.instanceId)).toEqual(["b", "a", "a"]);
    expect(heard).toHaveBeenCalledTimes(4);
    stop();
    log.clear();
    expect(heard).toHaveBeenCalledTimes(4);
    expect(log.entries()).toEqual([]);
  });

  it("filters on the raw text or what it became, newest first", () => {
    const log = makeEventLog();
    log.record("a", '{"type":"session.text.delta"}', 1, [event("message.part.delta")]);
    log.record("a", "{nope", 2, [{ kind: "malformed", reason: "not JSON" }]);
    log.record("a", '{"type":"session.step.started"}', 3, [event("message.updated")]);
    expect(filterFrames(log.entries(), "PART.delta").map((e) => e.at)).toEqual([1]);
    expect(filterFrames(log.entries(), "malformed").map((e) => e.at)).toEqual([2]);
    expect(filterFrames(log.entries(), "").map((e) => e.at)).toEqual([3, 2, 1]);
    expect(describeFrame({ kind: "malformed", reason: "not JSON" })).toBe("malformed (not JSON)");
  });
});
