/**
 * What of each stored message is indexed (pure), for both OpenCode generations. Per message up to
 * two texts: the user's prompt (role user), the model's text and reasoning (assistant), and what
 * its tools did, one line each: tool titles, shell commands, file paths and patterns (tool). Tool
 * output and file contents are not indexed: they would drown the words people remember.
 */
import { arr, at, num, obj, str } from "./json-shape.js";
import type { IndexedMessage, SearchRole } from "./types.js";

/** Longest indexed text of one message role; the rest is cut (pasted logs would dwarf the index). */
export const MAX_TEXT = 16_000;

/** Input fields whose values are commands, paths or patterns a person may search for. */
const TOOL_INPUT_KEYS = ["command", "filePath", "path", "pattern", "url", "description", "query"];

/** A 1.x message (`GET /session/{id}/message` item: `{info, parts}`) → its indexed texts. */
export function extractV1(message: unknown): IndexedMessage[] {
  const info = obj(at(message, "info"));
  const id = str(info?.id);
  const role = str(info?.role);
  if (!info || !id) return [];
  const time = num(at(info, "time", "created")) ?? 0;
  const said: string[] = [];
  const tools: string[] = [];
  for (const p of arr(at(message, "parts"))) {
    const part = obj(p);
    if (!part) continue;
    switch (part.type) {
      case "text":
        // Synthetic text is what OpenCode inserted (file contents it read for the prompt), not what anyone said.
        if (part.synthetic !== true && part.ignored !== true) push(said, str(part.text));
        break;
      case "reasoning":
        push(said, str(part.text));
        break;
      case "tool":
        push(tools, str(part.tool));
        push(tools, str(at(part, "state", "title")));
        toolInput(tools, at(part, "state", "input"));
        break;
      case "file":
        push(tools, str(at(part, "source", "path")) ?? str(part.filename));
        break;
      case "patch":
        for (const f of arr(part.files)) push(tools, str(f));
        break;
      case "subtask":
        push(tools, str(part.description));
        push(tools, str(part.prompt));
        break;
    }
  }
  // A user's attached files are part of what they said.
  if (role === "user") return texts(id, time, [["user", [...said, ...tools]]]);
  if (role === "assistant")
    return texts(id, time, [
      ["assistant", said],
      ["tool", tools],
    ]);
  return [];
}

/** A 2.x message (flat, typed: `GET /api/session/{id}/message` item) → its indexed texts. */
export function extractV2(message: unknown): IndexedMessage[] {
  const m = obj(message);
  const id = str(m?.id);
  if (!m || !id) return [];
  const time = num(at(m, "time", "created")) ?? 0;
  switch (m.type) {
    case "user": {
      const said: string[] = [];
      push(said, str(m.text));
      for (const f of arr(m.files)) push(said, str(at(f, "name")) ?? str(at(f, "uri")));
      return texts(id, time, [["user", said]]);
    }
    case "assistant": {
      const said: string[] = [];
      const tools: string[] = [];
      for (const c of arr(m.content)) {
        const item = obj(c);
        if (!item) continue;
        if (item.type === "text" || item.type === "reasoning") push(said, str(item.text));
        if (item.type === "tool") {
          push(tools, str(item.name));
          push(tools, str(at(item, "state", "title")) ?? str(at(item, "state", "metadata", "title")));
          toolInput(tools, at(item, "state", "input"));
        }
      }
      return texts(id, time, [
        ["assistant", said],
        ["tool", tools],
      ]);
    }
    case "shell": {
      // A command the user ran in the session (`POST …/shell`).
      const tools: string[] = [];
      push(tools, str(m.command) ?? str(at(m, "input", "command")));
      return texts(id, time, [["tool", tools]]);
    }
    default:
      // idle, synthetic, system, compaction, switches: nothing anyone said.
      return [];
  }
}

function toolInput(out: string[], input: unknown): void {
  const fields = obj(input);
  if (!fields) return;
  for (const key of TOOL_INPUT_KEYS) push(out, str(fields[key]));
}

function push(out: string[], text: string | undefined): void {
  if (text !== undefined && text.trim() !== "" && !out.includes(text)) out.push(text);
}

function texts(messageId: string, time: number, groups: [SearchRole, string[]][]): IndexedMessage[] {
  return groups.flatMap(([role, lines]) => (lines.length === 0 ? [] : [{ messageId, role, text: lines.join("\n").slice(0, MAX_TEXT), time }]));
}
