import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { createChangesView } from "./create-changes-view";

describe("createChangesView", () => {
  it("keeps each session's panel apart: toggles without a scope, opens on a turn, hides keeping the turn", () => {
    createRoot((dispose) => {
      const view = createChangesView();
      expect(view.changesOpen("s1")).toBe(false);
      view.showChanges("s1");
      expect([view.changesOpen("s1"), view.changesScope("s1"), view.changesOpen("s2")]).toEqual([true, "all", false]);
      view.showChanges("s1", "msg_2");
      view.hideChanges("s1");
      expect([view.changesOpen("s1"), view.changesScope("s1")]).toEqual([false, "msg_2"]);
      view.showChanges("s1");
      expect(view.changesOpen("s1")).toBe(true);
      dispose();
    });
  });
});
