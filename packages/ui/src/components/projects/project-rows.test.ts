import { describe, expect, it } from "vitest";
import { makeInstance, makeSession, makeState } from "../common/fixtures";
import { projectRows } from "./project-rows";

describe("projectRows", () => {
  it("lists every known folder once, with its own servers, sessions and latest activity, newest first", () => {
    const archived = makeSession("old", { directory: "/home/dev/api", updated: 9_000 });
    archived.info.time.archived = 9_500;
    const state = makeState({
      instances: [
        makeInstance("api", { directory: "/home/dev/api/" }),
        makeInstance("api2", { directory: "/home/dev/api", port: 4100 }),
        makeInstance("empty", { directory: "/home/dev/empty" }),
        makeInstance("gone", { directory: "/home/dev/api", gone: true }),
        makeInstance("svc", { directory: "/home/dev", kind: "service" }),
      ],
      sessions: [
        makeSession("a1", { directory: "/home/dev/api", updated: 1_000 }),
        makeSession("a2", { directory: "/home/dev/api", updated: 3_000 }),
        makeSession("child", { directory: "/home/dev/api", updated: 8_000, parentID: "a2" }),
        archived,
        makeSession("w1", { directory: "/home/dev/web", updated: 5_000 }),
      ],
    });
    const rows = projectRows(state);
    expect(rows.map((r) => r.directory)).toEqual(["/home/dev/web", "/home/dev/api", "/home/dev/empty"]);
    const api = rows[1]!;
    expect(api.servers.map((s) => s.info.id)).toEqual(["api", "api2"]);
    expect(api).toMatchObject({ sessionCount: 2, latestSessionId: "a2", lastActivity: 3_000 });
    expect(rows[0]).toMatchObject({ servers: [], sessionCount: 1, latestSessionId: "w1" });
    expect(rows[2]).toMatchObject({ sessionCount: 0, latestSessionId: null, lastActivity: null });
  });
});
