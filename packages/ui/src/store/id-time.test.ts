import { describe, expect, it } from "vitest";
import { makeIdGenerator } from "./ids";
import { idTime } from "./id-time";

describe("idTime", () => {
  it("recovers the creation time of an ascending id (48-bit truncated stamp)", () => {
    const made = 1_795_238_617_471;
    const id = makeIdGenerator(() => made)("msg");
    expect(idTime(id, made + 90_000)).toBe(made);
    expect(idTime(id, made)).toBe(made);
  });

  it("reads real OpenCode request ids", () => {
    // per_22cbd5704001… was asked at 2026-11-30 (measured on 1.18.33).
    const at = idTime("per_22cbd5704001YSKgFy6SKZWv3f", Date.parse("2026-11-30T14:00:00Z"));
    expect(at).not.toBeNull();
    expect(new Date(at ?? 0).toISOString().slice(0, 10)).toBe("2026-11-30");
  });

  it("says null for ids without a stamp", () => {
    expect(idTime("abc", 1000)).toBeNull();
    expect(idTime("per_xyz", 1000)).toBeNull();
  });
});
