import { describe, expect, it } from "vitest";
import { compareDirectories, orderDirectories, orderInstances } from "./order";
import { instanceEntry } from "./test-fixtures";
import type { InstanceEntry } from "./types";

function at(
  id: string,
  directory: string | null,
  port: number,
  kind: InstanceEntry["info"]["kind"] = "serve",
  firstSeenAt = "2026-11-21T05:00:00.000Z",
): InstanceEntry {
  const entry = instanceEntry(id, directory);
  entry.info = { ...entry.info, port, kind, firstSeenAt };
  return entry;
}

describe("stable order", () => {
  it("orders instances by folder name, path, kind, port — not by when they were seen", () => {
    const entries = [
      at("z", null, 1000),
      at("b2", "/src/beta", 5000, "tui", "2026-11-21T01:00:00.000Z"),
      at("b1", "/src/beta", 6000, "serve", "2026-11-21T09:00:00.000Z"),
      at("a", "/work/Alpha", 7000),
      at("g", "/src/gamma", 4000),
      at("b0", "/src/beta", 4500, "serve", "2026-11-21T09:30:00.000Z"),
    ];
    const ids = orderInstances(entries).map((e) => e.info.id);
    expect(ids).toEqual(["a", "b0", "b1", "b2", "g", "z"]);
    // Same answer whatever order the store hands them in (e.g. after a restart re-adds one).
    expect(orderInstances([...entries].reverse()).map((e) => e.info.id)).toEqual(ids);
  });

  it("a restarted instance (new firstSeenAt, same place) keeps its position", () => {
    const before = orderInstances([at("a", "/x/alpha", 4000), at("b", "/x/beta", 4001)]).map((e) => e.info.directory);
    const after = orderInstances([at("b", "/x/beta", 4001), at("a2", "/x/alpha", 4000, "serve", "2027-01-01T00:00:00.000Z")]).map(
      (e) => e.info.directory,
    );
    expect(after).toEqual(before);
  });

  it("orders sidebar directories: running ones first in tab order, then the rest, regardless of activity", () => {
    const running = new Set(["/src/zeta", "/src/beta"]);
    const order = orderDirectories(["/old/alpha", "/src/zeta", "/src/beta", "/old/Delta", "/src/beta"], running);
    expect(order).toEqual(["/src/beta", "/src/zeta", "/old/alpha", "/old/Delta"]);
    expect(compareDirectories("/a/same", "/b/same")).toBeLessThan(0);
  });
});
