/** Copy buttons on rendered code blocks (added by us, never from model output), with one delegated click handler. */
import { copyText } from "../common/download";
import "./markdown.css";

/** Gives one `<pre>` its Copy button (idempotent). */
export function addCopyButton(pre: Element): void {
  if (pre.querySelector(":scope > .md-copy")) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "md-copy";
  button.textContent = "Copy";
  button.setAttribute("aria-label", "Copy code");
  pre.append(button);
}

/** Adds Copy buttons to every code block under `root`. */
export function addCopyButtons(root: Element): void {
  for (const pre of root.querySelectorAll("pre")) addCopyButton(pre);
}

/** Click handler for a markdown root: copies the block whose Copy button was clicked. */
export function onCodeCopyClick(event: MouseEvent): void {
  const button = (event.target as Element | null)?.closest?.(".md-copy");
  const pre = button?.parentElement;
  if (!button || !pre) return;
  const code = pre.querySelector("code") ?? pre;
  const text = code === pre ? (pre.textContent ?? "").replace(/Copy$/, "") : (code.textContent ?? "");
  copyText(text).then(
    () => {
      button.textContent = "Copied";
      setTimeout(() => (button.textContent = "Copy"), 1500);
    },
    (err: unknown) => {
      button.textContent = "Copy failed";
      console.warn("switchboard: copy failed", err);
    },
  );
}
