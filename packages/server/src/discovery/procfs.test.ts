import { describe, expect, it } from "vitest";
import { packageMajor, parseProcStat } from "./procfs.js";

describe("parseProcStat", () => {
  it("reads comm, ppid and start time, even when comm has spaces and parentheses", () => {
    const line = "6260 (opencode.exe) S 6253 6253 3442 0 -1 4194560 1 0 0 0 10 2 0 0 20 0 9 0 4242 1 2 3\n";
    expect(parseProcStat(line)).toEqual({ comm: "opencode.exe", state: "S", ppid: 6253, startTicks: "4242" });
    const odd = "77 (my (weird) name) R 1 77 77 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 999 0 0\n";
    expect(parseProcStat(odd)).toEqual({ comm: "my (weird) name", state: "R", ppid: 1, startTicks: "999" });
  });
  it("rejects junk", () => {
    expect(parseProcStat("")).toBeNull();
  });
});

describe("packageMajor", () => {
  it("reads the major version of the binary's package (1.x opencode-ai, 2.x @opencode/cli)", () => {
    expect(packageMajor(JSON.stringify({ name: "opencode-ai", version: "1.18.33" }))).toBe(1);
    expect(packageMajor(JSON.stringify({ name: "@opencode/cli", version: "2.1.2" }))).toBe(2);
  });
  it("is null without a readable version", () => {
    expect(packageMajor(null)).toBeNull();
    expect(packageMajor("{not json")).toBeNull();
    expect(packageMajor(JSON.stringify({ name: "x" }))).toBeNull();
  });
});
