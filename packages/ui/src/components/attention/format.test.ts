import { describe, expect, it } from "vitest";
import { faviconHref, formatElapsed, linkTitle, titleWithCount } from "./format";

describe("attention format", () => {
  it("formats elapsed time", () => {
    expect(formatElapsed(0, 8_000)).toBe("8s");
    expect(formatElapsed(0, 4 * 60_000 + 5_000)).toBe("4m");
    expect(formatElapsed(0, 125 * 60_000)).toBe("2h 5m");
    expect(formatElapsed(0, 3 * 86_400_000)).toBe("3d");
    expect(formatElapsed(10, 0)).toBe("0s");
  });

  it("puts the count in front of the title, and takes it away", () => {
    expect(titleWithCount("Switchboard", 3)).toBe("(3) Switchboard");
    expect(titleWithCount("(3) Switchboard", 1)).toBe("(1) Switchboard");
    expect(titleWithCount("(3) Switchboard", 0)).toBe("Switchboard");
  });

  it("draws a badge only when something is pending", () => {
    expect(decodeURIComponent(faviconHref(0))).not.toContain("circle");
    expect(decodeURIComponent(faviconHref(4))).toContain(">4</text>");
    expect(decodeURIComponent(faviconHref(12))).toContain(">9+</text>");
  });

  it("names parents no instance listed by a short id", () => {
    expect(linkTitle({ id: "ses_abcdef123456", title: null })).toBe("session …123456");
    expect(linkTitle({ id: "x", title: "" })).toBe("Untitled session");
  });
});
