import { describe, expect, it } from "vitest";
import { paneView, type PaneInput } from "./pane-view";

const base: PaneInput = { selected: "all", active: "s1", newFor: null, overview: false, activeListedUnderSelected: false };

describe("paneView", () => {
  it("shows the active session under All, nothing without one", () => {
    expect(paneView(base)).toEqual({ kind: "session", sessionId: "s1" });
    expect(paneView({ ...base, active: null })).toEqual({ kind: "empty" });
  });

  it("shows an instance's overview when its tab is selected, and never another server's session under it", () => {
    expect(paneView({ ...base, selected: "a", overview: true, activeListedUnderSelected: true })).toEqual({ kind: "instance", instanceId: "a" });
    expect(paneView({ ...base, selected: "a", activeListedUnderSelected: false })).toEqual({ kind: "instance", instanceId: "a" });
    expect(paneView({ ...base, selected: "a", active: null })).toEqual({ kind: "instance", instanceId: "a" });
    expect(paneView({ ...base, selected: "a", activeListedUnderSelected: true })).toEqual({ kind: "session", sessionId: "s1" });
  });

  it("shows a lazy new session's composer until it is sent or left", () => {
    expect(paneView({ ...base, newFor: "b" })).toEqual({ kind: "new", instanceId: "b" });
    expect(paneView({ ...base, selected: "a", overview: true, newFor: "a" })).toEqual({ kind: "new", instanceId: "a" });
  });
});
