import { describe, expect, it } from "vitest";
import { makeInstance, makeSession, makeState } from "../common/fixtures";
import { filterEntries, paletteEntries } from "./palette-model";

function fleet() {
  return makeState({
    instances: [makeInstance("a", { port: 4101, directory: "/w/alpha" }), makeInstance("b", { port: 4102, directory: "/w/beta" })],
    sessions: [
      makeSession("s1", { title: "Fix the login bug", directory: "/w/alpha", updated: 2, seenBy: ["a"] }),
      makeSession("s2", { title: "Write release notes", directory: "/w/beta", updated: 3, seenBy: ["b"] }),
    ],
  });
}

describe("palette entries", () => {
  it("lists sessions of every server with their server, and the active session's actions", () => {
    const entries = paletteEntries(fleet(), "s1");
    const sessions = entries.filter((e) => e.kind === "session");
    expect(sessions.map((e) => [e.title, e.detail])).toEqual([
      ["Write release notes", "beta :4102"],
      ["Fix the login bug", "alpha :4101"],
    ]);
    expect(entries.filter((e) => e.kind === "action").map((e) => e.title)).toContain("Rename");
    expect(paletteEntries(fleet(), null).some((e) => e.kind === "action")).toBe(false);
  });

  it("matches fuzzily by title or server", () => {
    const entries = paletteEntries(fleet(), null);
    expect(filterEntries(entries, "relnotes")[0]?.title).toBe("Write release notes");
    expect(filterEntries(entries, "4101").map((e) => e.title)).toEqual(["Fix the login bug"]);
    expect(filterEntries(entries, "zzzzqqq")).toEqual([]);
  });
});

describe("palette ranking", () => {
  it("finds a session by its title without every action of the active session matching too", () => {
    const entries = paletteEntries(fleet(), "s1");
    expect(filterEntries(entries, "login").map((e) => e.kind)).toEqual(["session"]);
  });
});
