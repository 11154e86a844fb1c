import { describe, expect, it } from "vitest";
import { shouldReadTables, TABLE_REFRESH_MS } from "./host-scan.js";

describe("shouldReadTables", () => {
  const base = { signature: "1:5=7,9", followUp: false, lastReadMs: 1_000 };
  it("skips the expensive tables when nothing changed", () => {
    expect(shouldReadTables(base, "1:5=7,9", 2_000)).toBe(false);
  });
  it("reads when candidates or their sockets changed, on the follow-up scan, and periodically", () => {
    expect(shouldReadTables(base, "1:5=7,9,11", 2_000)).toBe(true);
    expect(shouldReadTables({ ...base, signature: null }, "", 2_000)).toBe(true);
    expect(shouldReadTables({ ...base, followUp: true }, "1:5=7,9", 2_000)).toBe(true);
    expect(shouldReadTables(base, "1:5=7,9", 1_000 + TABLE_REFRESH_MS)).toBe(true);
  });
});
