import { describe, expect, it } from "vitest";
import { findById, indexById, mergeById, removeById, replaceFields, searchById, upsertById } from "./sorted";

const ids = (list: Array<{ id: string }>) => list.map((x) => x.id);

describe("sorted by id", () => {
  it("orders by code unit, not locale (uppercase sorts before lowercase)", () => {
    const list: Array<{ id: string }> = [];
    for (const id of ["msg_1fc9b", "msg_1fc8f", "msg_1fc9B", "msg_1fc9a"]) upsertById(list, { id });
    expect(ids(list)).toEqual(["msg_1fc8f", "msg_1fc9B", "msg_1fc9a", "msg_1fc9b"]);
  });

  it("finds present ids and insertion points of absent ones", () => {
    const list = [{ id: "a" }, { id: "c" }, { id: "e" }];
    expect(searchById(list, "c")).toEqual({ found: true, index: 1 });
    expect(searchById(list, "d")).toEqual({ found: false, index: 2 });
    expect(searchById(list, "0")).toEqual({ found: false, index: 0 });
    expect(searchById(list, "z")).toEqual({ found: false, index: 3 });
    expect(searchById([], "a")).toEqual({ found: false, index: 0 });
    expect(indexById(list, "e")).toBe(2);
    expect(indexById(list, "b")).toBe(-1);
    expect(findById(list, "a")).toBe(list[0]);
    expect(findById(list, "b")).toBeUndefined();
  });

  it("upsert replaces an existing id instead of duplicating it", () => {
    const list = [
      { id: "a", v: 1 },
      { id: "b", v: 1 },
    ];
    upsertById(list, { id: "b", v: 2 });
    expect(list).toEqual([
      { id: "a", v: 1 },
      { id: "b", v: 2 },
    ]);
  });

  it("upsert with merge keeps the existing object's identity and drops stale fields", () => {
    const first: { id: string; v: number; stale?: boolean } = { id: "a", v: 1, stale: true };
    const list = [first];
    upsertById(list, { id: "a", v: 2 }, true);
    expect(list[0]).toBe(first);
    expect(first).toEqual({ id: "a", v: 2 });
  });

  it("remove returns the removed item and ignores absent ids", () => {
    const list = [{ id: "a" }, { id: "b" }];
    expect(removeById(list, "x")).toBeUndefined();
    expect(removeById(list, "a")).toEqual({ id: "a" });
    expect(ids(list)).toEqual(["b"]);
  });

  it("replaceFields makes the target equal the source", () => {
    const target: Record<string, unknown> = { a: 1, b: 2 };
    replaceFields(target, { a: 1, c: 3 });
    expect(target).toEqual({ a: 1, c: 3 });
  });
});

describe("mergeById", () => {
  it("interleaves two id-sorted lists in id order, keeping the items themselves", () => {
    const a = [{ id: "b" }, { id: "d" }, { id: "f" }];
    const b = [{ id: "a" }, { id: "c" }, { id: "g" }];
    const merged = mergeById(a, b);
    expect(merged.map((x) => x.id)).toEqual(["a", "b", "c", "d", "f", "g"]);
    expect(merged[1]).toBe(a[0]);
    expect(mergeById([], b)).toEqual(b);
    expect(mergeById(a, [])).toEqual(a);
  });
});
