import { describe, expect, it } from "vitest";
import { isIncomingEvent, normalizeFrame } from "./normalize-event";

describe("normalizeFrame", () => {
  it("unwraps a global envelope", () => {
    const data = JSON.stringify({
      directory: "/home/dev/src/gamma",
      project: "global",
      payload: { id: "evt_1", type: "session.idle", properties: { sessionID: "ses_1" } },
    });
    expect(normalizeFrame(data, "i1", "global", 5)).toEqual({
      instanceId: "i1",
      directory: "/home/dev/src/gamma",
      type: "session.idle",
      properties: { sessionID: "ses_1" },
      receivedAt: 5,
    });
  });

  it("reads a legacy bare event with no directory", () => {
    const frame = normalizeFrame('{"type":"session.idle","properties":{"sessionID":"ses_1"}}', "i1", "legacy", 5);
    expect(isIncomingEvent(frame) && frame.directory).toBe(null);
    expect(isIncomingEvent(frame) && frame.type).toBe("session.idle");
  });

  it("classifies sync mirrors, heartbeats and connected frames", () => {
    const sync = { payload: { type: "sync", syncEvent: { id: "evt_1", type: "session.created.1" } } };
    expect(normalizeFrame(JSON.stringify(sync), "i1", "global", 0)).toEqual({ kind: "sync" });
    expect(normalizeFrame('{"payload":{"type":"server.heartbeat","properties":{}}}', "i1", "global", 0)).toEqual({ kind: "heartbeat" });
    expect(normalizeFrame('{"type":"server.connected","properties":{}}', "i1", "legacy", 0)).toEqual({ kind: "connected" });
  });

  it("reports malformed frames instead of throwing", () => {
    expect(normalizeFrame("{oops", "i1", "global", 0)).toMatchObject({ kind: "malformed" });
    expect(normalizeFrame("[1]", "i1", "global", 0)).toMatchObject({ kind: "malformed" });
    expect(normalizeFrame('{"payload":{"properties":{}}}', "i1", "global", 0)).toMatchObject({ kind: "malformed" });
  });
});
