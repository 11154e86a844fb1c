import { describe, expect, it } from "vitest";
import { createFailureLimiter } from "./failure-limiter.js";

describe("createFailureLimiter", () => {
  it("refuses an address after max failures until its window ends; others are unaffected", () => {
    let t = 1_000;
    const limiter = createFailureLimiter({ max: 3, windowMs: 60_000, now: () => t });
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterMs("a")).toBe(0);
      limiter.fail("a");
    }
    expect(limiter.retryAfterMs("a")).toBe(60_000);
    expect(limiter.retryAfterMs("b")).toBe(0);
    t += 59_000;
    expect(limiter.retryAfterMs("a")).toBe(1_000);
    t += 1_000;
    expect(limiter.retryAfterMs("a")).toBe(0);
    limiter.fail("a");
    expect(limiter.retryAfterMs("a")).toBe(0);
  });

  it("keeps at most `capacity` addresses, dropping the least recently used", () => {
    const limiter = createFailureLimiter({ max: 1, windowMs: 60_000, capacity: 100, now: () => 0 });
    for (let i = 0; i < 5_000; i++) limiter.fail(`10.0.${i >> 8}.${i & 255}`);
    expect(limiter.size()).toBe(100);
    expect(limiter.retryAfterMs("10.0.19.135")).toBe(60_000);
    expect(limiter.retryAfterMs("10.0.0.0")).toBe(0);
  });
});
