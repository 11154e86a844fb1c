import { describe, expect, it } from "vitest";
import type { Message, Part } from "../../store/types";
import { filterSlash, insertMention, parseSubmission, promptHistory, recall, step, triggerAt, type SlashEntry } from "./composer-input";

describe("triggerAt", () => {
  it("opens the slash list only for /name at the start, before any space", () => {
    expect(triggerAt("/", 1)).toEqual({ kind: "slash", query: "" });
    expect(triggerAt("/rev", 4)).toEqual({ kind: "slash", query: "rev" });
    expect(triggerAt("/review main", 12)).toBeNull();
    expect(triggerAt("see /usr", 8)).toBeNull();
  });

  it("opens the file list for @word before the caret, at the start or after whitespace", () => {
    expect(triggerAt("@", 1)).toEqual({ kind: "mention", query: "", start: 0, end: 1 });
    expect(triggerAt("look at @src/ma", 15)).toEqual({ kind: "mention", query: "src/ma", start: 8, end: 15 });
    expect(triggerAt("mail me@example.com", 19)).toBeNull();
    expect(triggerAt("look at @src now", 16)).toBeNull();
  });
});

describe("parseSubmission", () => {
  const known = (n: string) => n === "review" || n === "compact";
  it("tells a shell command, a known slash entry with arguments, and a prompt apart", () => {
    expect(parseSubmission("!ls -la", known)).toEqual({ kind: "shell", command: "ls -la" });
    expect(parseSubmission("/review  main branch ", known)).toEqual({ kind: "slash", name: "review", args: "main branch" });
    expect(parseSubmission("/compact", known)).toEqual({ kind: "slash", name: "compact", args: "" });
    expect(parseSubmission("/usr/bin is missing", known)).toEqual({ kind: "prompt" });
    expect(parseSubmission("!", known)).toEqual({ kind: "prompt" });
    expect(parseSubmission("hello", known)).toEqual({ kind: "prompt" });
  });
});

describe("lists", () => {
  const entries: SlashEntry[] = ["init", "review", "fleet-review", "compact", "undo"].map((name) => ({
    name,
    description: "",
    kind: "command",
    source: "command",
  }));
  it("filters fuzzily, best match first, and keeps everything for an empty query", () => {
    expect(filterSlash(entries, "").map((e) => e.name)).toEqual(["init", "review", "fleet-review", "compact", "undo"]);
    expect(filterSlash(entries, "rev").map((e) => e.name)).toEqual(["review", "fleet-review"]);
    expect(filterSlash(entries, "flrv").map((e) => e.name)).toEqual(["fleet-review"]);
    expect(filterSlash(entries, "zzz")).toEqual([]);
  });

  it("steps through a list wrapping both ways", () => {
    expect(step(0, 3, -1)).toBe(2);
    expect(step(2, 3, 1)).toBe(0);
    expect(step(0, 0, 1)).toBe(-1);
  });

  it("replaces the @query with the chosen path", () => {
    expect(insertMention("see @rea now", { start: 4, end: 8 }, "README.md")).toEqual({ text: "see @README.md  now", caret: 15 });
  });
});

describe("history", () => {
  const msg = (id: string, role: "user" | "assistant") => ({ id, role, sessionID: "s", time: { created: 1 } }) as unknown as Message;
  const text = (id: string, t: string, synthetic = false) =>
    [{ id: `p${id}`, messageID: id, sessionID: "s", type: "text", text: t, synthetic }] as unknown as Part[];
  it("lists the session's own prompts, oldest first, skipping synthetic text and repeats", () => {
    const messages = [msg("1", "user"), msg("2", "assistant"), msg("3", "user"), msg("4", "user"), msg("5", "user")];
    const parts = {
      "1": text("1", "first"),
      "2": text("2", "reply"),
      "3": text("3", "second"),
      "4": text("4", "second"),
      "5": text("5", "tool note", true),
    };
    expect(promptHistory(messages, parts)).toEqual(["first", "second"]);
  });

  it("Up recalls newest first, Down returns to an empty box", () => {
    const h = ["a", "b"];
    expect(recall(h, null, 1)).toBeNull();
    expect(recall(h, null, -1)).toEqual({ pos: 1, text: "b" });
    expect(recall(h, 1, -1)).toEqual({ pos: 0, text: "a" });
    expect(recall(h, 0, -1)).toEqual({ pos: 0, text: "a" });
    expect(recall(h, 0, 1)).toEqual({ pos: 1, text: "b" });
    expect(recall(h, 1, 1)).toEqual({ pos: null, text: "" });
    expect(recall([], null, -1)).toBeNull();
  });
});
