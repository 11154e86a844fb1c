import { describe, expect, it } from "vitest";
import { compact, keepListed, parseMemory, withActive, withOpen, withoutPty, withPty } from "./terminal-memory";

describe("terminal memory", () => {
  it("adds tabs in order, the newest in front, and closing one brings its neighbour forward", () => {
    let m = withPty(withPty(withPty({}, "s1", "a"), "s1", "b"), "s1", "c");
    expect(m.s1).toEqual({ open: false, ptys: ["a", "b", "c"], active: "c" });
    m = withActive(m, "s1", "b");
    m = withoutPty(m, "s1", "b");
    expect(m.s1).toEqual({ open: false, ptys: ["a", "c"], active: "c" });
    m = withoutPty(m, "s1", "c");
    expect(m.s1?.active).toBe("a");
    m = withoutPty(m, "s1", "a");
    expect(m.s1).toEqual({ open: false, ptys: [], active: null });
  });

  it("keeps only what the server still lists", () => {
    const m = keepListed(withOpen(withPty(withPty({}, "s1", "a"), "s1", "b"), "s1", true), "s1", new Set(["a"]));
    expect(m.s1).toEqual({ open: true, ptys: ["a"], active: "a" });
  });

  it("survives a round trip through text and ignores junk", () => {
    const m = withOpen(withPty({}, "s1", "a"), "s1", true);
    expect(parseMemory(JSON.stringify(m))).toEqual(m);
    expect(parseMemory("{not json")).toEqual({});
    expect(parseMemory("[1]")).toEqual({});
    expect(parseMemory(JSON.stringify({ s1: { open: 1, ptys: ["a", 3], active: "zz" }, s2: null }))).toEqual({
      s1: { open: false, ptys: ["a"], active: "a" },
    });
  });

  it("compacts sessions that hold nothing", () => {
    expect(compact({ s1: { open: false, ptys: [], active: null }, s2: { open: true, ptys: [], active: null } })).toEqual({
      s2: { open: true, ptys: [], active: null },
    });
  });
});
