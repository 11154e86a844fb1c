import { describe, expect, it } from "vitest";
import type { Machine } from "../../api/hub-types";
import { nearbyState } from "./nearby-state";

const machine = (status: Machine["status"], url = "http://10.0.0.5:7420"): Machine => ({ id: "b", name: "laptop", url, status, error: null });
const announced = { id: "b", name: "laptop", url: "http://10.0.0.5:7420" };

describe("nearbyState", () => {
  it("is new without a machine id or when no added machine has it", () => {
    expect(nearbyState({ name: "laptop", url: announced.url }, [machine("connected")])).toEqual({ kind: "new", words: null });
    expect(nearbyState({ ...announced, id: "c" }, [machine("connected")])).toEqual({ kind: "new", words: null });
  });

  it("recognises an added machine by its id, at its address or another", () => {
    expect(nearbyState(announced, [machine("connected")])).toEqual({ kind: "connected", words: "added" });
    expect(nearbyState(announced, [machine("connected", "http://10.0.0.9:7420")])).toEqual({
      kind: "connected",
      words: "added (followed at http://10.0.0.9:7420)",
    });
    expect(nearbyState(announced, [machine("signed-out")])).toEqual({ kind: "lost", words: "added, signed out: pair again" });
    expect(nearbyState(announced, [machine("offline")])).toEqual({ kind: "lost", words: "added, not connected" });
    expect(nearbyState(announced, [machine("offline", "http://10.0.0.9:7420")])).toEqual({
      kind: "lost",
      words: "added at http://10.0.0.9:7420, not connected",
    });
  });
});
