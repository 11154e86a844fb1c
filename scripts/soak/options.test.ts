import { describe, expect, it } from "vitest";
import { DEFAULT_OPTIONS, parseSoakArgs } from "./options.js";

describe("parseSoakArgs", () => {
  it("defaults to the issue's 30-minute run with the baseline at minute 5", () => {
    expect(parseSoakArgs([])).toEqual(DEFAULT_OPTIONS);
  });

  it("takes the baseline at minute 1 for a run under 10 minutes", () => {
    expect(parseSoakArgs(["--minutes", "3"])).toMatchObject({ minutes: 3, baselineMinute: 1 });
  });

  it("reads --flag=value and an explicit baseline", () => {
    expect(parseSoakArgs(["--minutes=12", "--baseline-minute", "2", "--v1", "3", "--v2=0", "--seed", "7"])).toEqual({
      minutes: 12,
      baselineMinute: 2,
      v1: 3,
      v2: 0,
      seed: 7,
    });
  });

  it("refuses unknown flags, missing numbers and a baseline at or after the end", () => {
    expect(() => parseSoakArgs(["--hours", "1"])).toThrow(/unknown flag --hours/);
    expect(() => parseSoakArgs(["--minutes"])).toThrow(/--minutes needs a number/);
    expect(() => parseSoakArgs(["--minutes", "x"])).toThrow(/--minutes needs a number/);
    expect(() => parseSoakArgs(["--minutes", "1"])).toThrow(/--baseline-minute \(1\) must come before the end/);
    expect(() => parseSoakArgs(["--v1", "0"])).toThrow(/--v1 must be at least 1/);
  });
});
