import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { InstanceProtocol } from "../contract/hub-api.js";
import { triggerOf, type Trigger } from "./event-triggers.js";

/** Every trigger of a real recorded stream, in order, repeats dropped (1.x: packages/ui/test/recordings; 2.x: test-fixtures). */
function replay(file: string, protocol: InstanceProtocol): Trigger[] {
  const where = protocol === "v2" ? `./test-fixtures/${file}` : `../../../ui/test/recordings/${file}`;
  const frames = readFileSync(new URL(where, import.meta.url), "utf8")
    .split("\n")
    .filter((l) => l.startsWith("data: "))
    .map((l) => JSON.parse(l.slice(6)) as unknown);
  const out: Trigger[] = [];
  for (const f of frames) {
    const t = triggerOf(protocol, f);
    if (t && JSON.stringify(out.at(-1)) !== JSON.stringify(t)) out.push(t);
  }
  return out;
}

describe("triggerOf", () => {
  it("1.18 /global/event: refreshes on session changes, finished messages and idle; sync copies ignored", () => {
    const triggers = replay("opencode-1.18.33-global-event-text.sse", "global");
    expect(triggers.length).toBeGreaterThan(0);
    expect(triggers.every((t) => t.kind === "refresh" && t.sessionId.startsWith("ses_"))).toBe(true);
    expect(triggerOf("global", { payload: { type: "sync", syncEvent: { type: "message.updated.1" } } })).toBeNull();
  });

  it("1.0.61 /event (bare frames): the finished reply and session.idle refresh the session", () => {
    const triggers = replay("opencode-1.0.61-event-text.sse", "legacy");
    expect(triggers.map((t) => t.kind)).toContain("refresh");
    expect(
      triggerOf("legacy", {
        type: "message.updated",
        properties: { info: { id: "m", sessionID: "ses_x", role: "assistant", time: { created: 1 } } },
      }),
    ).toBeNull();
    expect(
      triggerOf("legacy", {
        type: "message.updated",
        properties: { info: { id: "m", sessionID: "ses_x", role: "assistant", time: { created: 1, completed: 2 } } },
      }),
    ).toEqual({ kind: "refresh", sessionId: "ses_x" });
  });

  it("2.1.2 /api/event: created, step ended and execution succeeded refresh; text deltas do not", () => {
    const triggers = replay("opencode-2.1.2-api-event-turn.sse", "v2");
    expect(triggers.length).toBeGreaterThan(0);
    expect(new Set(triggers.map((t) => t.sessionId)).size).toBe(1);
    expect(triggerOf("v2", { type: "session.text.delta", data: { sessionID: "ses_x", delta: "a" } })).toBeNull();
    expect(triggerOf("v2", { type: "session.execution.succeeded", data: { sessionID: "ses_x" } })).toEqual({ kind: "refresh", sessionId: "ses_x" });
  });

  it("a deleted session leaves the index, on both generations", () => {
    expect(triggerOf("global", { payload: { type: "session.deleted", properties: { info: { id: "ses_d" } } } })).toEqual({
      kind: "delete",
      sessionId: "ses_d",
    });
    expect(triggerOf("v2", { type: "session.deleted", data: { sessionID: "ses_d" } })).toEqual({ kind: "delete", sessionId: "ses_d" });
  });

  it("tolerates junk", () => {
    for (const p of ["global", "legacy", "v2"] as const) {
      expect(triggerOf(p, null)).toBeNull();
      expect(triggerOf(p, { type: 5 })).toBeNull();
    }
  });
});
