import { describe, expect, it } from "vitest";
import { loopbackPeers, shouldReadTables, TABLE_REFRESH_MS } from "./host-scan.js";

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

describe("loopbackPeers", () => {
  it("lists the distinct loopback ports a process's connections go to, ignoring other processes and remote hosts", () => {
    const connected = [
      { inode: 1, remoteAddress: "127.0.0.1", remotePort: 47612 },
      { inode: 2, remoteAddress: "127.0.0.1", remotePort: 47612 },
      { inode: 3, remoteAddress: "::1", remotePort: 4096 },
      { inode: 4, remoteAddress: "203.0.113.9", remotePort: 443 },
      { inode: 99, remoteAddress: "127.0.0.1", remotePort: 5000 },
    ];
    expect(loopbackPeers(connected, new Set([1, 2, 3, 4]))).toEqual([4096, 47612]);
    expect(loopbackPeers(connected, new Set())).toEqual([]);
  });
});
