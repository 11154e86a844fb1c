import { afterEach, describe, expect, it, vi } from "vitest";
import { addCopyButtons, onCodeCopyClick } from "./code-copy";

afterEach(() => vi.restoreAllMocks());

describe("code copy", () => {
  it("gives every code block one Copy button that copies the code without its own label", async () => {
    const root = document.createElement("div");
    root.innerHTML = "<pre><code>const a = 1;\nconst b = 2;</code></pre><p>text</p><pre><code>x</code></pre>";
    addCopyButtons(root);
    addCopyButtons(root);
    const buttons = root.querySelectorAll(".md-copy");
    expect(buttons).toHaveLength(2);
    const write = vi.fn(async () => {});
    Object.defineProperty(navigator, "clipboard", { value: { writeText: write }, configurable: true });
    onCodeCopyClick({ target: buttons[0] } as unknown as MouseEvent);
    await vi.waitFor(() => expect(write).toHaveBeenCalledWith("const a = 1;\nconst b = 2;"));
  });
});
