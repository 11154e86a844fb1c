import { describe, expect, it } from "vitest";
import { keyIntent, type KeyContext, type KeyLike } from "./composer-keys";

const key = (k: string, over: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  shiftKey: false,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  isComposing: false,
  keyCode: 0,
  ...over,
});
const idle: KeyContext = { listOpen: false, optionCount: 0, tabReleased: false, agentCount: 2, canRecall: false };
const list: KeyContext = { ...idle, listOpen: true, optionCount: 3 };

describe("keyIntent", () => {
  it("drives an open list with arrows, Enter, Tab and Escape", () => {
    expect(keyIntent(key("ArrowDown"), list)).toBe("list-down");
    expect(keyIntent(key("ArrowUp"), list)).toBe("list-up");
    expect(keyIntent(key("Enter"), list)).toBe("list-choose");
    expect(keyIntent(key("Tab"), list)).toBe("list-choose");
    expect(keyIntent(key("Escape"), list)).toBe("list-close");
    expect(keyIntent(key("Enter", { shiftKey: true }), list)).toBeNull();
  });

  it("an open list with nothing in it: Enter sends, Tab does nothing", () => {
    expect(keyIntent(key("Enter"), { ...list, optionCount: 0 })).toBe("send");
    expect(keyIntent(key("Tab"), { ...list, optionCount: 0 })).toBe("swallow");
  });

  it("Enter sends, Shift+Enter and IME Enter do not", () => {
    expect(keyIntent(key("Enter"), idle)).toBe("send");
    expect(keyIntent(key("Enter", { shiftKey: true }), idle)).toBeNull();
    expect(keyIntent(key("Enter", { isComposing: true }), idle)).toBeNull();
    expect(keyIntent(key("Enter", { keyCode: 229 }), idle)).toBeNull();
  });

  it("Tab cycles agents unless Escape came first or there is nothing to cycle", () => {
    expect(keyIntent(key("Tab"), idle)).toBe("agent-next");
    expect(keyIntent(key("Tab", { shiftKey: true }), idle)).toBe("agent-previous");
    expect(keyIntent(key("Escape"), idle)).toBe("release-tab");
    expect(keyIntent(key("Tab"), { ...idle, tabReleased: true })).toBeNull();
    expect(keyIntent(key("Tab"), { ...idle, agentCount: 1 })).toBeNull();
    expect(keyIntent(key("Tab", { ctrlKey: true }), idle)).toBeNull();
  });

  it("Up/Down recall only when the box is empty or shows a recalled prompt", () => {
    expect(keyIntent(key("ArrowUp"), idle)).toBeNull();
    expect(keyIntent(key("ArrowUp"), { ...idle, canRecall: true })).toBe("recall-older");
    expect(keyIntent(key("ArrowDown"), { ...idle, canRecall: true })).toBe("recall-newer");
    expect(keyIntent(key("ArrowUp", { shiftKey: true }), { ...idle, canRecall: true })).toBeNull();
  });
});
