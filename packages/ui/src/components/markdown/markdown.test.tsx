import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, waitFor } from "@solidjs/testing-library";
import { createSignal } from "solid-js";
import { Markdown } from "./markdown";

afterEach(cleanup);

describe("<Markdown>", () => {
  it("paints plain code first, then swaps in highlighted code", async () => {
    const { container } = render(() => <Markdown text={"Look:\n\n```ts\nconst a: number = 1;\n```"} />);
    // First paint: the plain, escaped block from marked.
    expect(container.querySelector("pre > code.language-ts")).not.toBeNull();
    expect(container.querySelector("pre.shiki")).toBeNull();
    await waitFor(() => expect(container.querySelector("pre.shiki[data-highlighted]")).not.toBeNull());
    expect(container.querySelector("pre.shiki")?.textContent).toContain("const a: number = 1;");
  });

  it("re-renders as the text grows, leaving the still-growing last block plain while streaming", async () => {
    const [text, setText] = createSignal("Intro\n\n```js\nlet x = 1;\n```\n\n```py\nprint(");
    const [streaming, setStreaming] = createSignal(true);
    const { container } = render(() => <Markdown text={text()} streaming={streaming()} />);
    await waitFor(() => expect(container.querySelector("pre.shiki")).not.toBeNull());
    setText((t) => `${t}'hi')\n\`\`\`\n\nDone.`);
    expect(container.textContent).toContain("Done.");
    // The finished js block stays highlighted across the re-render (from the cache, synchronously).
    expect(container.querySelectorAll("pre.shiki")).toHaveLength(1);
    expect(container.querySelector("pre > code.language-py")).not.toBeNull();
    setStreaming(false);
    await waitFor(() => expect(container.querySelectorAll("pre.shiki")).toHaveLength(2));
  });

  it("keeps the DOM of blocks that did not change while the text grows", () => {
    const [text, setText] = createSignal("First paragraph.\n\nSecond");
    const { container } = render(() => <Markdown text={text()} streaming />);
    const first = container.querySelector(".md-block");
    expect(first?.textContent?.trim()).toBe("First paragraph.");
    setText("First paragraph.\n\nSecond grows\n\n- a list");
    expect(container.querySelector(".md-block")).toBe(first);
    expect(container.textContent).toContain("Second grows");
    expect(container.querySelectorAll("li")).toHaveLength(1);
    setText("Changed.\n\nSecond grows");
    expect(container.querySelector(".md-block")).not.toBe(first);
    expect(container.textContent?.replace(/\s+/g, " ").trim()).toBe("Changed. Second grows");
  });

  it("re-renders a long growing block at most every few frames while streaming, at once when done", async () => {
    const long = "word ".repeat(3000);
    const [text, setText] = createSignal(long);
    const [streaming, setStreaming] = createSignal(true);
    const { container } = render(() => <Markdown text={text()} streaming={streaming()} />);
    setText(`${long}tail-one`);
    // 15 kB in the growing block: the next render waits ~150 ms instead of running every frame.
    expect(container.textContent).not.toContain("tail-one");
    await waitFor(() => expect(container.textContent).toContain("tail-one"));
    setText(`${long}tail-one tail-two`);
    setStreaming(false);
    expect(container.textContent).toContain("tail-two");
  });

  it("runs nothing from hostile model output", async () => {
    const w = window as Window & { __pwned?: unknown };
    const { container } = render(() => (
      <Markdown text={'<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>[x](javascript:window.__pwned=3)'} />
    ));
    await new Promise((r) => setTimeout(r, 0));
    expect(container.querySelector("script, img")).toBeNull();
    const attrs = [...container.querySelectorAll("*")].flatMap((el) => [...el.attributes].map((a) => a.name));
    expect(attrs.filter((n) => n.startsWith("on"))).toEqual([]);
    expect(w.__pwned).toBeUndefined();
  });
});
