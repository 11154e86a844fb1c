/** Renders untrusted markdown (sanitized) and highlights its code blocks after first paint. */
import { createEffect, onCleanup, untrack } from "solid-js";
import { markdownBlocks } from "./render-markdown";
import { cachedHighlight, highlightCode } from "./highlight";
import { addCopyButton, addCopyButtons, onCodeCopyClick } from "./code-copy";
import { whenVisible } from "./when-visible";
import "./markdown.css";

/** Props of {@link Markdown}. */
export interface MarkdownProps {
  text: string;
  /** True while the text still grows: the last code block is left plain until it is complete. */
  streaming?: boolean;
}

const langOf = (code: Element): string | null => {
  const cls = [...code.classList].find((c) => c.startsWith("language-"));
  return cls ? cls.slice("language-".length) : null;
};

/** Swaps a plain `<pre>` for shiki's sanitized markup. */
function swapIn(pre: Element, html: string): void {
  const tpl = document.createElement("template");
  tpl.innerHTML = html;
  const next = tpl.content.firstElementChild;
  if (!next) return;
  next.setAttribute("data-highlighted", "");
  pre.replaceWith(next);
  addCopyButton(next);
}

/** Code blocks not highlighted yet. */
const PLAIN_CODE = "pre:not([data-highlighted]) > code";

/**
 * While streaming, a growing block that is long costs a full re-parse and re-layout per frame:
 * such a block is re-rendered at most every `tail / 100` ms (at most 200 ms); short ones every frame.
 */
function streamingDelay(text: string): number {
  const tail = text.length - Math.max(0, text.lastIndexOf("\n\n"));
  return Math.min(200, tail / 100);
}

/**
 * Markdown block: sanitized HTML, re-rendered as the text streams; code highlighted lazily.
 * Top-level blocks whose source did not change keep their DOM (layout, highlighting, selection),
 * so a streaming reply re-renders only its last block.
 */
export function Markdown(props: MarkdownProps) {
  let el!: HTMLDivElement;
  const shown: Array<{ raw: string; wrapper: HTMLElement | null }> = [];
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastRenderAt = -Infinity;
  let disposed = false;

  const highlightPending = (streaming: boolean) => {
    if (disposed) return;
    // The last block may still be growing while streaming: highlighting it every frame is waste.
    const last = streaming ? shown[shown.length - 1]?.wrapper : null;
    for (const code of el.querySelectorAll(PLAIN_CODE)) {
      const lang = langOf(code);
      if (!lang || (last && last.contains(code)) || waiting.has(code)) continue;
      // Off-screen code (a virtualizer's buffer rows, the top of a long reply) is highlighted when scrolled to.
      waiting.set(
        code,
        whenVisible(code, () => {
          waiting.delete(code);
          highlight(code, lang);
        }),
      );
    }
  };

  /** Code elements waiting to come on screen, with the cancel of that wait. */
  const waiting = new Map<Element, () => void>();
  const highlight = (code: Element, lang: string) => {
    const source = code.textContent ?? "";
    highlightCode(source, lang)
      .then((out) => {
        const pre = code.parentElement;
        if (out && !disposed && pre?.isConnected && code.textContent === source) swapIn(pre, out);
      })
      .catch((err: unknown) => console.warn("code highlighting failed", lang, err));
  };

  const render = () => {
    timer = undefined;
    if (disposed) return;
    const text = untrack(() => props.text);
    const streaming = untrack(() => props.streaming ?? false);
    const blocks = markdownBlocks(text);
    let keep = 0;
    while (keep < blocks.length && keep < shown.length && shown[keep]?.raw === blocks[keep]?.raw) keep++;
    for (const old of shown.splice(keep)) {
      if (!old.wrapper) continue;
      old.wrapper.remove();
      for (const [code, cancel] of waiting) {
        if (!old.wrapper.contains(code)) continue;
        cancel();
        waiting.delete(code);
      }
    }
    for (const block of blocks.slice(keep)) {
      const html = block.html();
      if (html.trim() === "") {
        shown.push({ raw: block.raw, wrapper: null });
        continue;
      }
      const wrapper = document.createElement("div");
      wrapper.className = "md-block";
      wrapper.innerHTML = html;
      // Blocks highlighted before come back at once, so a re-render never flashes plain code.
      for (const code of wrapper.querySelectorAll(PLAIN_CODE)) {
        const hit = cachedHighlight(code.textContent ?? "", langOf(code));
        if (hit && code.parentElement) swapIn(code.parentElement, hit);
      }
      addCopyButtons(wrapper);
      el.append(wrapper);
      shown.push({ raw: block.raw, wrapper });
    }
    lastRenderAt = performance.now();
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => highlightPending(streaming));
  };

  createEffect(() => {
    const text = props.text;
    const streaming = props.streaming ?? false;
    if (!streaming) {
      clearTimeout(timer);
      render();
      return;
    }
    if (timer !== undefined) return; // a render is due and will read the newest text
    const delay = streamingDelay(text);
    const wait = delay < 16 ? 0 : lastRenderAt + delay - performance.now();
    if (wait <= 0) render();
    else timer = setTimeout(render, wait);
  });
  onCleanup(() => {
    disposed = true;
    clearTimeout(timer);
    cancelAnimationFrame(frame);
    for (const cancel of waiting.values()) cancel();
  });

  return <div ref={el} class="markdown" onClick={onCodeCopyClick} />;
}
