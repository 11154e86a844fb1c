import { describe, expect, it } from "vitest";
import { closeTab, neighbour, openTab, parseTabs, serializeTabs } from "./tabs-model";

describe("tabs model", () => {
  it("opens at the end or beside an anchor, activating only when asked", () => {
    let tabs = openTab({ open: [], active: null }, "a", { activate: true });
    tabs = openTab(tabs, "b", { activate: true });
    tabs = openTab(tabs, "a-child", { activate: false, after: "a" });
    expect(tabs).toEqual({ open: ["a", "a-child", "b"], active: "b" });
    expect(openTab(tabs, "a", { activate: true })).toEqual({ open: ["a", "a-child", "b"], active: "a" });
  });

  it("closing the active tab activates the right neighbour, else the left", () => {
    const tabs = { open: ["a", "b", "c"], active: "b" };
    expect(closeTab(tabs, "b")).toEqual({ open: ["a", "c"], active: "c" });
    expect(closeTab({ open: ["a", "b"], active: "b" }, "b")).toEqual({ open: ["a"], active: "a" });
    expect(closeTab(tabs, "a")).toEqual({ open: ["b", "c"], active: "b" });
    expect(closeTab({ open: ["a"], active: "a" }, "a")).toEqual({ open: [], active: null });
  });

  it("wraps around when moving between tabs", () => {
    const tabs = { open: ["a", "b", "c"], active: "a" };
    expect(neighbour(tabs, "a", -1)).toBe("c");
    expect(neighbour(tabs, "c", 1)).toBe("a");
  });

  it("round-trips and tolerates bad storage", () => {
    const tabs = { open: ["a", "b"], active: "b" };
    expect(parseTabs(serializeTabs(tabs))).toEqual(tabs);
    expect(parseTabs("{nope")).toEqual({ open: [], active: null });
    expect(parseTabs(JSON.stringify({ open: ["a", 3, "a"], active: "zz" }))).toEqual({ open: ["a"], active: "a" });
  });
});
