/**
 * Pure rules of the composer's text: which list a keystroke opens (`/` commands, `@` files), what
 * a submitted text is (prompt, `/command args`, `!shell`), and prompt history recall.
 */
import fuzzysort from "fuzzysort";
import type { Message, Part } from "../../store/types";

/** What the text at the caret asks for: the slash list, the file list, or nothing. */
export type Trigger = { kind: "slash"; query: string } | { kind: "mention"; query: string; start: number; end: number } | null;

/**
 * `/name` at the very start with no space yet opens the slash list (as in the TUI); `@word`
 * right before the caret, at the start or after whitespace, opens the file list.
 */
export function triggerAt(text: string, caret: number): Trigger {
  if (text.startsWith("/") && !/\s/.test(text)) return { kind: "slash", query: text.slice(1) };
  const before = text.slice(0, caret);
  const m = /(^|\s)@([^\s@]*)$/.exec(before);
  if (!m) return null;
  const start = before.length - (m[2]?.length ?? 0) - 1;
  return { kind: "mention", query: m[2] ?? "", start, end: caret };
}

/** What Enter does with the text. */
export type Submission = { kind: "prompt" } | { kind: "shell"; command: string } | { kind: "slash"; name: string; args: string };

/** `!cmd` runs a shell command; `/name args` runs a known slash entry; anything else is a prompt. */
export function parseSubmission(text: string, isSlash: (name: string) => boolean): Submission {
  const trimmed = text.trim();
  if (trimmed.startsWith("!") && trimmed.length > 1) return { kind: "shell", command: trimmed.slice(1).trim() };
  const m = /^\/(\S+)(?:\s+([\s\S]*))?$/.exec(trimmed);
  if (m?.[1] && isSlash(m[1])) return { kind: "slash", name: m[1], args: (m[2] ?? "").trim() };
  return { kind: "prompt" };
}

/** One entry of the slash list. */
export interface SlashEntry {
  name: string;
  description: string;
  /** "command": the server runs it; "action": Switchboard's own session action. */
  kind: "command" | "action";
  /** Where a server command comes from (command, mcp, skill). */
  source: string;
}

/** Entries matching `query` (fuzzy on the name), best first; all of them for an empty query. */
export function filterSlash(entries: readonly SlashEntry[], query: string): SlashEntry[] {
  if (query === "") return [...entries];
  return fuzzysort.go(query, entries, { key: "name" }).map((r) => r.obj);
}

/** The next index in a list of `length`, wrapping both ways; -1 for an empty list. */
export function step(index: number, length: number, delta: number): number {
  if (length === 0) return -1;
  return (((index + delta) % length) + length) % length;
}

/** Replaces the `@query` being typed with `@path ` and says where the caret goes. */
export function insertMention(text: string, trigger: { start: number; end: number }, path: string): { text: string; caret: number } {
  const inserted = `@${path} `;
  return { text: text.slice(0, trigger.start) + inserted + text.slice(trigger.end), caret: trigger.start + inserted.length };
}

/** The session's earlier prompts (text of its user messages), oldest first, without repeats in a row. */
export function promptHistory(messages: readonly Message[], parts: Record<string, Part[] | undefined>): string[] {
  const out: string[] = [];
  for (const m of messages) {
    if (m.role !== "user") continue;
    const text = (parts[m.id] ?? [])
      .map((p) => (p.type === "text" && !p.synthetic ? p.text : ""))
      .join("")
      .trim();
    if (text && out[out.length - 1] !== text) out.push(text);
  }
  return out;
}

/**
 * Up/Down through history: `pos` null means "not recalling"; Up from there shows the newest
 * prompt, Down past the newest leaves recall with an empty box.
 */
export function recall(history: readonly string[], pos: number | null, delta: -1 | 1): { pos: number | null; text: string } | null {
  if (history.length === 0) return null;
  if (pos === null) return delta === -1 ? { pos: history.length - 1, text: history[history.length - 1] ?? "" } : null;
  const next = pos + delta;
  if (next < 0) return { pos: 0, text: history[0] ?? "" };
  if (next >= history.length) return { pos: null, text: "" };
  return { pos: next, text: history[next] ?? "" };
}
