import { describe, expect, it } from "vitest";
import { matchShortcut, SHORTCUTS, type KeyInput } from "./keymap";

const key = (code: string, mods: Partial<KeyInput> = {}, k = ""): KeyInput => ({
  key: k,
  code,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe("matchShortcut", () => {
  it("opens the palette with Ctrl+K or Cmd+K, even in the composer", () => {
    expect(matchShortcut(key("KeyK", { ctrlKey: true }), true)).toBe("palette");
    expect(matchShortcut(key("KeyK", { metaKey: true }), false)).toBe("palette");
  });

  it("never takes keys the browser keeps (Ctrl+T, Ctrl+W, Ctrl+1…9, Ctrl+Tab)", () => {
    for (const code of ["KeyT", "KeyW", "Digit1", "Digit5", "Digit9", "Tab", "KeyN"]) {
      expect(matchShortcut(key(code, { ctrlKey: true }), false)).toBeNull();
      expect(matchShortcut(key(code, { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    }
  });

  it("maps the Ctrl+Alt shortcuts by physical key", () => {
    expect(matchShortcut(key("KeyN", { ctrlKey: true, altKey: true }), true)).toBe("new-session");
    expect(matchShortcut(key("BracketRight", { ctrlKey: true, altKey: true }), false)).toBe("next-tab");
    expect(matchShortcut(key("KeyT", { ctrlKey: true, altKey: true, shiftKey: true }), false)).toBe("reopen-tab");
    expect(matchShortcut(key("KeyZ", { ctrlKey: true, altKey: true, shiftKey: true }), false)).toBe("redo");
  });

  it("opens Search with Ctrl/Cmd+Shift+F and Find in session with Ctrl/Cmd+F, even in a field", () => {
    expect(matchShortcut(key("KeyF", { ctrlKey: true, shiftKey: true }), true)).toBe("search");
    expect(matchShortcut(key("KeyF", { metaKey: true, shiftKey: true }), false)).toBe("search");
    expect(matchShortcut(key("KeyF", { ctrlKey: true }), true)).toBe("find");
    expect(matchShortcut(key("KeyF", { metaKey: true }), false)).toBe("find");
    expect(matchShortcut(key("KeyF", { ctrlKey: true, altKey: true }), false)).toBeNull();
  });

  it("lists Ctrl+` (the terminal) in help but leaves the key to the terminal button's own listener", () => {
    expect(SHORTCUTS.find((s) => s.id === "terminal")).toMatchObject({ keys: "Ctrl+`", external: true });
    expect(matchShortcut(key("Backquote", { ctrlKey: true }), false)).toBeNull();
  });

  it("reads ? as help only outside text fields", () => {
    expect(matchShortcut(key("Slash", { shiftKey: true }, "?"), false)).toBe("help");
    expect(matchShortcut(key("Slash", { shiftKey: true }, "?"), true)).toBeNull();
  });

  it("lists every shortcut it matches in the help table", () => {
    const ids = new Set(SHORTCUTS.map((s) => s.id));
    for (const id of [
      "palette",
      "search",
      "find",
      "help",
      "new-session",
      "next-tab",
      "prev-tab",
      "reopen-tab",
      "focus-composer",
      "inbox",
      "changes",
      "undo",
      "redo",
    ]) {
      expect(ids.has(id as never)).toBe(true);
    }
  });
});
