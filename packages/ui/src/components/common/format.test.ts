import { describe, expect, it } from "vitest";
import { basename, formatRelative, guessHome, secondsUntil, shortenHome } from "./format";

describe("format helpers", () => {
  it("takes the basename of a directory", () => {
    expect(basename("/home/ann/api")).toBe("api");
    expect(basename("/home/ann/api/")).toBe("api");
    expect(basename("/")).toBe("/");
  });

  it("shortens the home directory to ~", () => {
    expect(shortenHome("/home/ann/api", "/home/ann")).toBe("~/api");
    expect(shortenHome("/home/annex/api", "/home/ann")).toBe("/home/annex/api");
    expect(shortenHome("/srv/x", null)).toBe("/srv/x");
    expect(guessHome(["/srv/a", "/home/ann/b"])).toBe("/home/ann");
    expect(guessHome(["/srv/a"])).toBeNull();
  });

  it("formats relative times", () => {
    const now = 10_000_000;
    expect(formatRelative(now - 2_000, now)).toBe("just now");
    expect(formatRelative(now - 45_000, now)).toBe("45s ago");
    expect(formatRelative(now - 120_000, now)).toBe("2m ago");
    expect(formatRelative(now - 3 * 3_600_000, now)).toBe("3h ago");
    expect(formatRelative(now - 4 * 86_400_000, now)).toBe("4d ago");
  });

  it("counts seconds until a moment, rounding up", () => {
    expect(secondsUntil(5_500, 1_000)).toBe(5);
    expect(secondsUntil(5_001, 1_000)).toBe(5);
    expect(secondsUntil(500, 1_000)).toBe(0);
  });
});
