import { describe, expect, it } from "vitest";
import { credentialsFromEnviron, parseProcStat } from "./procfs.js";

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

describe("credentialsFromEnviron", () => {
  it("picks the password and the default username", () => {
    expect(credentialsFromEnviron("PATH=/bin\0OPENCODE_SERVER_PASSWORD=pw\0HOME=/h\0")).toEqual({ username: "opencode", password: "pw" });
  });
  it("honours OPENCODE_SERVER_USERNAME and keeps '=' inside values", () => {
    expect(credentialsFromEnviron("OPENCODE_SERVER_USERNAME=me\0OPENCODE_SERVER_PASSWORD=a=b\0")).toEqual({ username: "me", password: "a=b" });
  });
  it("returns null without a password", () => {
    expect(credentialsFromEnviron("OPENCODE_SERVER_USERNAME=me\0OPENCODE_SERVER_PASSWORD=\0")).toBeNull();
  });
});
