/** Renders untrusted markdown (sanitized) and highlights its code blocks after first paint. */
import { createEffect, createMemo, onCleanup } from "solid-js";
import { renderMarkdown } from "./render-markdown";
import { cachedHighlight, highlightCode } from "./highlight";
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
}

/** Markdown block: sanitized HTML, re-rendered as the text streams; code highlighted lazily. */
export function Markdown(props: MarkdownProps) {
  let el!: HTMLDivElement;
  let generation = 0;
  let frame = 0;
  const html = createMemo(() => renderMarkdown(props.text));

  const highlightPending = (gen: number, streaming: boolean) => {
    const blocks = [...el.querySelectorAll("pre > code")];
    // The last block may still be growing while streaming: highlighting it every frame is waste.
    const ready = streaming ? blocks.slice(0, -1) : blocks;
    for (const code of ready) {
      const lang = langOf(code);
      if (!lang) continue;
      const source = code.textContent ?? "";
      highlightCode(source, lang)
        .then((out) => {
          const pre = code.parentElement;
          if (out && gen === generation && pre?.isConnected) swapIn(pre, out);
        })
        .catch((err: unknown) => console.warn("code highlighting failed", lang, err));
    }
  };

  createEffect(() => {
    const streaming = props.streaming ?? false;
    el.innerHTML = html();
    const gen = ++generation;
    // Blocks highlighted before come back at once, so a re-render never flashes plain code.
    for (const code of el.querySelectorAll("pre > code")) {
      const hit = cachedHighlight(code.textContent ?? "", langOf(code));
      if (hit && code.parentElement) swapIn(code.parentElement, hit);
    }
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => highlightPending(gen, streaming));
  });
  onCleanup(() => {
    generation++;
    cancelAnimationFrame(frame);
  });

  return <div ref={el} class="markdown" />;
}
