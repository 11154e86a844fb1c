import { describe, expect, it } from "vitest";
import type { InstanceEntry, SessionEntry, State } from "../../../store/types";
import { knownFolders, newSessionTarget } from "./new-session-target";

const inst = (id: string, directory: string | null, kind = "serve", state = "connected"): InstanceEntry =>
  ({
    info: { id, directory, kind, status: "ready" },
    connection: { state, attempt: 0, nextRetryAt: null, error: null },
    gone: false,
  }) as unknown as InstanceEntry;
const session = (directory: string): SessionEntry => ({ info: { directory } }) as unknown as SessionEntry;

describe("newSessionTarget", () => {
  it("prefers an instance launched in the folder, then a 2.x service, else starts one", () => {
    const state = { instances: { a: inst("a", "/p/one"), s: inst("s", "/home/me", "service") } } as unknown as State;
    expect(newSessionTarget(state, "/p/one/")).toMatchObject({ kind: "instance", instance: { info: { id: "a" } } });
    expect(newSessionTarget(state, "/p/two")).toMatchObject({ kind: "service", instance: { info: { id: "s" } } });
    expect(newSessionTarget({ instances: { a: inst("a", "/p/one") } } as unknown as State, "/p/two")).toEqual({ kind: "start" });
  });
  it("skips offline instances", () => {
    const state = { instances: { a: inst("a", "/p/one", "serve", "offline") } } as unknown as State;
    expect(newSessionTarget(state, "/p/one")).toEqual({ kind: "start" });
  });
});

describe("knownFolders", () => {
  it("lists instance and session folders once, without the service's home", () => {
    const state = {
      instances: { a: inst("a", "/p/one"), s: inst("s", "/home/me", "service") },
      sessions: { x: session("/p/two"), y: session("/p/one/") },
    } as unknown as State;
    expect(knownFolders(state)).toEqual(["/p/one", "/p/two"]);
  });
});
