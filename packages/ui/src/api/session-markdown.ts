/** A session as a markdown document, built from its messages (the same layout as OpenCode's TUI export). */
import type { Message, Part, Session } from "../store/types";

/** `session-title-ses_abc.md`: safe on every file system. */
export function exportFilename(session: Pick<Session, "id" | "title">): string {
  const slug = session.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `${slug || "session"}-${session.id}.md`;
}

/** The whole document: title, ids, then one section per message. */
export function sessionMarkdown(session: Session, messages: Array<{ info: Message; parts: Part[] }>): string {
  const head = [
    `# ${session.title || "Untitled session"}`,
    "",
    `**Session ID:** ${session.id}`,
    `**Directory:** ${session.directory}`,
    `**Created:** ${new Date(session.time.created).toISOString()}`,
    `**Updated:** ${new Date(session.time.updated).toISOString()}`,
  ];
  const body = messages.map(({ info, parts }) => messageMarkdown(info, parts)).filter(Boolean);
  return [head.join("\n"), ...body].join("\n\n---\n\n") + "\n";
}

/** One message: a heading saying who, then its visible parts. */
export function messageMarkdown(info: Message, parts: Part[]): string {
  const heading = info.role === "user" ? "## User" : `## Assistant (${[info.agent, info.modelID].filter(Boolean).join(" · ")})`;
  const blocks = parts.map(partMarkdown).filter((b): b is string => Boolean(b));
  if (info.role === "assistant" && info.error) blocks.push(`> **Error:** ${errorText(info.error)}`);
  return [heading, ...blocks].join("\n\n");
}

function partMarkdown(part: Part): string | null {
  switch (part.type) {
    case "text":
      return part.synthetic || part.ignored ? null : part.text.trim() || null;
    case "reasoning":
      return part.text.trim() ? `<details><summary>Reasoning</summary>\n\n${part.text.trim()}\n\n</details>` : null;
    case "file":
      return `📎 ${part.filename ?? part.url}`;
    case "tool": {
      const lines = [`**Tool: ${part.tool}**`, "", "**Input:**", fence(JSON.stringify(part.state.input, null, 2), "json")];
      if (part.state.status === "completed") lines.push("", "**Output:**", fence(part.state.output));
      if (part.state.status === "error") lines.push("", `**Error:** ${part.state.error}`);
      return lines.join("\n");
    }
    default:
      return null;
  }
}

/** A fence longer than any backtick run inside, so the content cannot close it. */
export function fence(text: string, lang = ""): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}${lang}\n${text}\n${ticks}`;
}

function errorText(error: { name: string; data?: unknown }): string {
  const data = error.data as { message?: unknown } | undefined;
  return typeof data?.message === "string" ? `${error.name}: ${data.message}` : error.name;
}
