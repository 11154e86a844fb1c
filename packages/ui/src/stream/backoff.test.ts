import { describe, expect, it } from "vitest";
import { BACKOFF_CAP_MS, backoffDelay } from "./backoff";

const mid = () => 0.5;

describe("backoffDelay", () => {
  it("starts at about one second and doubles", () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, mid))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
  });

  it("caps at 30 s, also for absurd attempt numbers", () => {
    expect(backoffDelay(6, mid)).toBe(30_000);
    expect(backoffDelay(50, mid)).toBe(30_000);
    expect(backoffDelay(10_000, () => 0.999)).toBe(BACKOFF_CAP_MS);
  });

  it("keeps jitter within ±20 %", () => {
    expect(backoffDelay(1, () => 0)).toBe(800);
    expect(backoffDelay(1, () => 0.9999)).toBeLessThanOrEqual(1_200);
    expect(backoffDelay(1, () => 0.9999)).toBeGreaterThan(1_190);
    expect(backoffDelay(3, () => 0)).toBe(3_200);
    expect(backoffDelay(20, () => 0)).toBe(24_000);
  });

  it("treats attempt 0, negatives and NaN as the first retry", () => {
    expect(backoffDelay(0, mid)).toBe(1_000);
    expect(backoffDelay(-3, mid)).toBe(1_000);
    expect(backoffDelay(Number.NaN, mid)).toBe(1_000);
  });

  it("clamps a misbehaving random source", () => {
    expect(backoffDelay(1, () => 7)).toBe(1_200);
    expect(backoffDelay(1, () => -1)).toBe(800);
  });
});
