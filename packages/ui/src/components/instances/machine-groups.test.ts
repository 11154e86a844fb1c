import { describe, expect, it } from "vitest";
import type { Machine } from "../../api/hub-types";
import { makeInstance } from "../common/fixtures";
import { groupByMachine, groupedOrder } from "./machine-groups";

const laptop: Machine = { id: "mb", name: "laptop", url: "http://10.0.0.2:7420", status: "connected", error: null };
const cloud: Machine = { id: "mc", name: "cloud", url: "https://10.0.0.3:7420", status: "offline", error: "cloud does not answer" };

describe("groupByMachine", () => {
  it("puts this machine's instances first, then each machine's in the hub's order; keeps the tab order inside", () => {
    const entries = [
      makeInstance("m-mc-1", { machine: { id: "mc", name: "cloud" } }),
      makeInstance("own-1"),
      makeInstance("m-mb-1", { machine: { id: "mb", name: "laptop" } }),
      makeInstance("url-1", { origin: "url", machine: null }),
      makeInstance("m-mb-2", { machine: { id: "mb", name: "laptop" } }),
    ];
    const groups = groupByMachine(entries, [laptop, cloud]);
    expect(groups.map((g) => [g.machine?.name ?? null, g.entries.map((e) => e.info.id)])).toEqual([
      [null, ["own-1", "url-1"]],
      ["laptop", ["m-mb-1", "m-mb-2"]],
      ["cloud", ["m-mc-1"]],
    ]);
    expect(groupedOrder(groups).map((e) => e.info.id)).toEqual(["own-1", "url-1", "m-mb-1", "m-mb-2", "m-mc-1"]);
  });

  it("keeps a machine without instances, and heads an unlisted machine's instances as connecting", () => {
    const groups = groupByMachine([makeInstance("m-mz-1", { machine: { id: "mz", name: "new-box" } })], [cloud]);
    expect(groups.map((g) => [g.machine?.name ?? null, g.machine?.status ?? null, g.entries.length])).toEqual([
      [null, null, 0],
      ["cloud", "offline", 0],
      ["new-box", "connecting", 1],
    ]);
  });
});
