/** A peer machine's own tab (`machine:<id>`): which route it resolves to and which sessions it lists. */
import { describe, expect, it } from "vitest";
import { createInitialState } from "./initial-state";
import { machineSelection, resolveInstanceId, selectedMachine } from "./instance-route";
import { listedUnder } from "./selectors";
import { instanceEntry, sampleInstance, session } from "./test-fixtures";
import type { InstanceEntry, SessionEntry, State } from "./types";

const laptop = { id: "mb", name: "laptop" };
const peer = (id: string, directory: string): InstanceEntry => ({
  ...instanceEntry(id, directory),
  info: sampleInstance(id, { directory, machine: laptop, origin: "peer" }),
});
const state: State = {
  ...createInitialState(),
  instances: Object.fromEntries(
    [instanceEntry("local-1", "/home/u/web"), peer("m-mb-1", "/home/u/api"), peer("m-mb-2", "/home/u/docs")].map((e) => [e.info.id, e]),
  ),
  machines: [{ id: "mb", name: "laptop", url: "http://10.0.0.2:7420", status: "connected", error: null }],
};
const entry = (id: string, directory: string, seenBy: string[]): SessionEntry => ({ info: session(id, directory), seenBy, liveOwner: null });

describe("a machine's tab", () => {
  it("is named machine:<id>, resolves while the hub lists that machine, and falls back to All when it does not", () => {
    expect(machineSelection("mb")).toBe("machine:mb");
    expect(selectedMachine("machine:mb")).toBe("mb");
    expect(selectedMachine("m-mb-1")).toBeNull();
    expect(selectedMachine("all")).toBeNull();
    expect(resolveInstanceId(state, "machine:mb")).toBe("machine:mb");
    expect(resolveInstanceId(state, "machine:gone")).toBe("all");
  });

  it("lists the sessions any of that machine's instances lists, and no other machine's", () => {
    expect(listedUnder(state, entry("s1", "/elsewhere", ["m-mb-2"]), "machine:mb")).toBe(true);
    expect(listedUnder(state, entry("s2", "/home/u/api", []), "machine:mb")).toBe(true);
    const local = entry("s3", "/home/u/web", ["local-1"]);
    expect(listedUnder(state, local, "machine:mb")).toBe(false);
    expect(listedUnder(state, local, "machine:other")).toBe(false);
  });
});
