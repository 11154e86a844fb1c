/** xterm's colours from the page's theme tokens (base.css), so the terminal follows light and dark. */
import type { ITheme } from "@xterm/xterm";

/** Reads the tokens from `element`'s computed style. */
export function xtermTheme(element: Element): ITheme {
  const style = getComputedStyle(element);
  const token = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const background = token("--bg-sunken", "#111317");
  const foreground = token("--fg", "#e3e6eb");
  return { background, foreground, cursor: foreground, cursorAccent: background, selectionBackground: token("--accent-soft", "#4f6bed55") };
}
