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
});
