import { describe, expect, it } from "vitest";
import type { InstanceEntry, SessionEntry } from "../store/types";
import { instanceLabel, noOwnerReason, sessionOwner } from "./session-owner";
import { instanceEntry, sampleInstance } from "../store/test-fixtures";

const inst = (id: string, directory: string, port: number, extra: Partial<InstanceEntry> = {}): InstanceEntry =>
  instanceEntry(id, directory, {
    info: sampleInstance(id, { port, pid: 1, directory, eventsUrl: null, firstSeenAt: "2025-01-01T00:00:00Z" }),
    ...extra,
  });
const session = (directory: string, liveOwner: string | null = null): SessionEntry => ({
  info: {
    id: "ses_1",
    slug: "s",
    projectID: "p",
    directory,
    title: "t",
    version: "1",
    time: { created: 1, updated: 1 },
  },
  seenBy: [],
  liveOwner: liveOwner ? { instanceId: liveOwner, at: 1 } : null,
});

describe("sessionOwner", () => {
  const alpha = inst("a", "/src/alpha", 4096);
  const beta = inst("b", "/src/beta", 5123);

  it("prefers the live owner, then the instance launched in the session's directory", () => {
    expect(sessionOwner(session("/src/alpha", "b"), { a: alpha, b: beta })?.info.id).toBe("b");
    expect(sessionOwner(session("/src/alpha"), { a: alpha, b: beta })?.info.id).toBe("a");
  });

  it("returns null for gone instances and passes the store's reason words through", () => {
    const gone = inst("b", "/src/beta", 5123, { gone: true });
    expect(sessionOwner(session("/src/beta", "b"), { a: alpha, b: gone })).toBeNull();
    expect(noOwnerReason(session("/src/beta", "b"), { a: alpha, b: gone })).toContain("has exited");
    expect(noOwnerReason(session("/src/gamma"), { a: alpha })).toContain("No running OpenCode serves /src/gamma");
    expect(noOwnerReason(undefined, {})).toContain("not known");
  });

  it("labels instances by directory name and port", () => {
    expect(instanceLabel(alpha.info)).toBe("alpha :4096");
  });
});
