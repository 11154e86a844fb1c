/**
 * The session header's "Terminal" button and its shortcut, Ctrl+` (as in OpenCode's own web app):
 * both open or hide the session's terminal panel.
 */
import { onCleanup, onMount, type JSX } from "solid-js";
import type { TerminalStore } from "./terminal-store";

/** True for Ctrl+` (the Backquote key, whatever the layout prints on it). */
export const isTerminalShortcut = (e: Pick<KeyboardEvent, "ctrlKey" | "metaKey" | "altKey" | "shiftKey" | "code">): boolean =>
  e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey && e.code === "Backquote";

/** Renders the button and listens for the shortcut while the session is shown. */
export function TerminalButton(props: { sessionId: string; store: TerminalStore }): JSX.Element {
  onMount(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isTerminalShortcut(e)) return;
      e.preventDefault();
      props.store.toggle(props.sessionId);
    };
    // Capture: xterm swallows keys typed into it, and Ctrl+` must also hide the panel from there.
    document.addEventListener("keydown", onKey, true);
    onCleanup(() => document.removeEventListener("keydown", onKey, true));
  });
  return (
    <button
      type="button"
      class="tm-toggle"
      aria-pressed={props.store.of(props.sessionId).open}
      title="Open a shell in the session's folder (Ctrl+`)"
      onClick={() => props.store.toggle(props.sessionId)}
    >
      Terminal
    </button>
  );
}
