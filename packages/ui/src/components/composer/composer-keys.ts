/**
 * What a key in the composer means, as in OpenCode's TUI: with the `/`/`@` list open the arrows
 * move, Enter and Tab choose, Escape closes; otherwise Enter sends, Tab cycles agents (Escape
 * first lets Tab move focus on), Up/Down in an empty box recall earlier prompts.
 */

/** The key event fields that matter. */
export type KeyLike = Pick<KeyboardEvent, "key" | "shiftKey" | "ctrlKey" | "altKey" | "metaKey" | "isComposing" | "keyCode">;

/** What the composer should do with a key (null: let the browser have it). */
export type KeyIntent =
  | "list-down"
  | "list-up"
  | "list-close"
  | "list-choose"
  | "swallow"
  | "send"
  | "agent-next"
  | "agent-previous"
  | "release-tab"
  | "recall-older"
  | "recall-newer"
  | null;

/** The composer's situation when the key arrives. */
export interface KeyContext {
  listOpen: boolean;
  optionCount: number;
  /** Escape was the previous key: this Tab moves focus. */
  tabReleased: boolean;
  agentCount: number;
  /** The box is empty, or shows a recalled prompt unchanged. */
  canRecall: boolean;
}

/** Decides the intent of `e`. */
export function keyIntent(e: KeyLike, ctx: KeyContext): KeyIntent {
  // keyCode 229: Safari reports the Enter that ends an IME composition this way.
  if (e.isComposing || e.keyCode === 229) return null;
  const plain = !e.ctrlKey && !e.altKey && !e.metaKey;
  if (ctx.listOpen) {
    if (e.key === "ArrowDown") return "list-down";
    if (e.key === "ArrowUp") return "list-up";
    if (e.key === "Escape") return "list-close";
    if ((e.key === "Enter" || e.key === "Tab") && !e.shiftKey && plain) {
      if (ctx.optionCount > 0) return "list-choose";
      if (e.key === "Tab") return "swallow";
    }
  }
  if (e.key === "Enter" && !e.shiftKey) return "send";
  if (e.key === "Tab" && plain && !ctx.tabReleased && ctx.agentCount > 1) return e.shiftKey ? "agent-previous" : "agent-next";
  if (e.key === "Escape") return "release-tab";
  if ((e.key === "ArrowUp" || e.key === "ArrowDown") && !e.shiftKey && plain && ctx.canRecall) {
    return e.key === "ArrowUp" ? "recall-older" : "recall-newer";
  }
  return null;
}
