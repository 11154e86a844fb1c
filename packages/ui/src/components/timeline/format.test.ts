import { describe, expect, it } from "vitest";
import { formatCost, formatCount, formatDuration, formatTokens, isWebUrl, lastSegment, stepEndWords, toolInputGist } from "./format";

describe("timeline format helpers", () => {
  it("says why a step ended only when it was not the normal end, in words instead of raw reasons", () => {
    expect(stepEndWords("stop")).toBeNull();
    expect(stepEndWords("tool-calls")).toBeNull();
    expect(stepEndWords(undefined)).toBeNull();
    expect(stepEndWords("length")).toBe("cut off: the model reached its output limit");
    expect(stepEndWords("other")).toBe("ended: other");
  });

  it("formats costs with four decimals under a dollar", () => {
    expect(formatCost(0.0012)).toBe("$0.0012");
    expect(formatCost(2.5)).toBe("$2.50");
    expect(formatCost(0)).toBe("$0");
  });

  it("formats counts and durations compactly", () => {
    expect(formatCount(950)).toBe("950");
    expect(formatCount(1234)).toBe("1.23k");
    expect(formatCount(12_345)).toBe("12.3k");
    expect(formatCount(2_500_000)).toBe("2.5M");
    expect(formatDuration(850)).toBe("850ms");
    expect(formatDuration(3200)).toBe("3.2s");
    expect(formatDuration(95_000)).toBe("1m 35s");
  });

  it("formats tokens, omitting empty reasoning and cache", () => {
    expect(formatTokens({ input: 10, output: 5, reasoning: 0, cache: { read: 0, write: 0 } })).toBe("10 in · 5 out");
    expect(formatTokens({ input: 1200, output: 56, reasoning: 12, cache: { read: 100, write: 0 } })).toBe(
      "1.2k in · 56 out · 12 reasoning · cache 100 read / 0 write",
    );
  });

  it("only treats http(s) URLs as linkable", () => {
    expect(isWebUrl("https://example.com/a.png")).toBe(true);
    expect(isWebUrl("javascript:alert(1)")).toBe(false);
    expect(isWebUrl("data:text/plain;base64,aGk=")).toBe(false);
    expect(isWebUrl("file:///etc/passwd")).toBe(false);
    expect(isWebUrl("not a url")).toBe(false);
  });

  it("extracts names and gists", () => {
    expect(lastSegment("/home/dev/src/a.ts")).toBe("a.ts");
    expect(lastSegment("/home/dev/")).toBe("dev");
    expect(toolInputGist({ command: "echo hi" })).toBe("echo hi");
    expect(toolInputGist({ filePath: "README.md", offset: 1 })).toBe("README.md");
    expect(toolInputGist({ other: 1 })).toBe("");
  });
});
