import { describe, expect, it } from "vitest";
import { makeInstance, makeSession, makeState } from "../common/fixtures";
import { sessionList, type SessionRow } from "../../store/selectors";
import { buildListIndex, filterGroup, listItems, rowsById, type ListEmpty, type ListHead, type ListRow } from "./list-model";

const NOW = 1_700_000_000_000;

function fleet() {
  return makeState({
    instances: [makeInstance("api", { directory: "/home/dev/api", port: 4096 })],
    sessions: [
      makeSession("a", { title: "Refactor auth", updated: NOW - 100, seenBy: ["api"] }),
      makeSession("a1", { title: "Find token usages", parentID: "a", updated: NOW - 50, seenBy: ["api"] }),
      makeSession("a1x", { title: "Grep deeper", parentID: "a1", updated: NOW - 40, seenBy: ["api"] }),
      makeSession("a2", { title: "Write the tests", parentID: "a", updated: NOW - 20, seenBy: ["api"] }),
      makeSession("b", { title: "Old work", updated: NOW - 1_000, seenBy: ["api"] }),
      makeSession("c", { title: "Elsewhere", directory: "/srv/old", updated: NOW, seenBy: ["api"] }),
    ],
  });
}

const query = { instanceId: "all", archived: false, home: "/home/dev" } as const;
const ids = (rows: readonly ListRow[]) => rows.map((row) => row.id);

/** The store selector's tree, flattened the same way (the reference the index must agree with). */
function flatten(rows: readonly SessionRow[]): string[] {
  return rows.flatMap((row) => [row.id, ...flatten(row.children)]);
}

describe("buildListIndex", () => {
  it("groups by directory, newest first, children depth-first under their parent (as the store's sessionList)", () => {
    const index = buildListIndex(fleet(), query);
    const api = index.groups.get("/home/dev/api") ?? [];
    expect(ids(api)).toEqual(["a", "a2", "a1", "a1x", "b"]);
    expect(api.map((row) => row.depth)).toEqual([0, 1, 1, 2, 0]);
    expect(ids(index.groups.get("/srv/old") ?? [])).toEqual(["c"]);
    for (const group of sessionList(fleet(), { instanceId: "all", filter: "" })) {
      expect(ids(index.groups.get(group.directory) ?? [])).toEqual(flatten(group.sessions));
    }
    expect(api[0]?.haystack).toBe("refactor auth\n~/api");
  });

  it("keeps the row objects of unchanged sessions across rebuilds, and replaces a changed one", () => {
    const state = fleet();
    const first = buildListIndex(state, query);
    (state.sessions.b as { info: { title: string } }).info.title = "Renamed";
    const second = buildListIndex(state, query, rowsById(first));
    const before = rowsById(first);
    const after = rowsById(second);
    expect(after.get("a")).toBe(before.get("a"));
    expect(after.get("b")).not.toBe(before.get("b"));
    expect(after.get("b")?.haystack).toContain("renamed");
  });
});

describe("filterGroup", () => {
  const rows = buildListIndex(fleet(), query).groups.get("/home/dev/api") ?? [];

  it("keeps a match's ancestors and its whole subtree, nothing else", () => {
    expect(ids(filterGroup(rows, "grep"))).toEqual(["a", "a1", "a1x"]);
    expect(ids(filterGroup(rows, "find token"))).toEqual(["a", "a1", "a1x"]);
    expect(ids(filterGroup(rows, "refactor"))).toEqual(["a", "a2", "a1", "a1x"]);
    expect(ids(filterGroup(rows, "old"))).toEqual(["b"]);
    expect(ids(filterGroup(rows, "zzz"))).toEqual([]);
  });

  it("agrees with the store's sessionList filter on every query", () => {
    const state = fleet();
    for (const needle of ["t", "te", "tests", "work", "api", "~/api", "auth", "usages"]) {
      const expected = sessionList(state, { instanceId: "all", filter: needle, home: "/home/dev" }).find((g) => g.directory === "/home/dev/api");
      expect(ids(filterGroup(rows, needle))).toEqual(expected ? flatten(expected.sessions) : []);
    }
  });

  it("returns the same array when nothing is typed", () => {
    expect(filterGroup(rows, "")).toBe(rows);
  });
});

describe("listItems", () => {
  it("puts each directory's head before its rows, folds a folded one, says 'No sessions yet.' for an empty one, and points every item at its head", () => {
    const index = buildListIndex(fleet(), query);
    const heads = new Map<string, ListHead>();
    const empties = new Map<string, ListEmpty>();
    const input = {
      directories: ["/home/dev/api", "/home/dev/docs", "/srv/old"],
      rowsOf: (directory: string) => index.groups.get(directory) ?? [],
      folded: (directory: string) => directory === "/srv/old",
      heads,
      empties,
    };
    const { items, headIndex } = listItems(input);
    expect(items.map((item) => (item.kind === "row" ? item.id : `${item.kind}:${item.directory}`))).toEqual([
      "head:/home/dev/api",
      "a",
      "a2",
      "a1",
      "a1x",
      "b",
      "head:/home/dev/docs",
      "empty:/home/dev/docs",
      "head:/srv/old",
    ]);
    expect(headIndex).toEqual([0, 0, 0, 0, 0, 0, 6, 6, 8]);
    // Heads keep their identity from one call to the next (the view keeps their DOM).
    expect(listItems(input).items[0]).toBe(items[0]);
  });
});
