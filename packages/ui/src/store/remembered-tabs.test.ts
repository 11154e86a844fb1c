import { describe, expect, it } from "vitest";
import { createRememberedTabs, parseRemembered, REMEMBERED_TABS_KEY, startCommand } from "./remembered-tabs";

describe("remembered tabs", () => {
  it("saves title, directory and instance label, survives a reload, forgets closed tabs", () => {
    const storage = window.localStorage;
    storage.clear();
    const first = createRememberedTabs({ storage });
    first.set("s1", { title: "Fix the parser", directory: "/home/dev/api", instance: "api :4096" });
    first.set("s2", { title: "Other", directory: "/home/dev/web", instance: null });
    const reloaded = createRememberedTabs({ storage });
    expect(reloaded.get("s1")).toEqual({ title: "Fix the parser", directory: "/home/dev/api", instance: "api :4096" });
    reloaded.keepOnly(["s2"]);
    expect(reloaded.get("s1")).toBeUndefined();
    expect(Object.keys(JSON.parse(storage.getItem(REMEMBERED_TABS_KEY) ?? "{}"))).toEqual(["s2"]);
  });

  it("tolerates malformed storage", () => {
    expect(parseRemembered("{not json")).toEqual({});
    expect(parseRemembered(JSON.stringify({ a: { title: 1 }, b: { title: "t", directory: "/d", instance: 5 } }))).toEqual({
      b: { title: "t", directory: "/d", instance: null },
    });
  });

  it("gives the command that starts OpenCode in the folder, quoted when needed", () => {
    expect(startCommand("/home/dev/api")).toBe("cd /home/dev/api && opencode --port 0");
    expect(startCommand("/home/dev/my app's")).toBe(`cd '/home/dev/my app'\\''s' && opencode --port 0`);
  });
});
