import { afterEach, describe, expect, it } from "vitest";
import { cycleTheme, parseTheme, resolveTheme, setTheme, startTheme, THEME_STORAGE_KEY, themeChoice } from "./theme";

afterEach(() => localStorage.clear());

describe("theme", () => {
  it("reads unknown stored values as system and resolves system from the OS", () => {
    expect(parseTheme(null)).toBe("system");
    expect(parseTheme("purple")).toBe("system");
    expect(parseTheme("dark")).toBe("dark");
    expect(resolveTheme("system", true)).toBe("dark");
    expect(resolveTheme("light", true)).toBe("light");
  });

  it("remembers the choice and writes the resolved theme on <html>", () => {
    startTheme();
    setTheme("dark");
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe("dark");
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(cycleTheme()).toBe("system");
    expect(themeChoice()).toBe("system");
    expect(cycleTheme()).toBe("light");
    expect(document.documentElement.dataset.theme).toBe("light");
  });
});
