/**
 * OpenCode 2 messages → the store's 1.x-shaped Message and Part records. One set of functions serves the
 * REST answers (records.ts) and the stream (normalize-turn.ts keeps a v2-shaped copy of each streaming
 * message and converts it here), so a part built live and the same part read back after a reconnect are
 * equal by construction.
 *
 * The id rule: v2 content entries have no ids (text and reasoning have none; tools have the model's call id,
 * which does not sort in display order). A part's id is its message id's suffix plus its zero-padded
 * position in the message's `content` array: `prt_<message suffix>_0003`. Positions are the order in which
 * the server appends entries (text/reasoning/tool-input "started" events), which is the display order, and
 * both sides can compute them; the store keeps parts sorted by id, so they show in that order.
 */
import type { AssistantMessage, Part, ToolPart, ToolState, UserMessage } from "../../store/types";
import {
  NO_TOKENS,
  arr,
  isRecord,
  rec,
  str,
  type V2Assistant,
  type V2Content,
  type V2Shell,
  type V2ToolState,
  type V2User,
} from "./normalize-shapes";

/** The id of the part at `position` of message `messageID` (sorts in position order within the message). */
export function partId(messageID: string, position: number): string {
  const suffix = messageID.startsWith("msg_") ? messageID.slice(4) : messageID;
  return `prt_${suffix}_${String(position).padStart(4, "0")}`;
}

/** The tool output a 1.x card shows: the text entries of the result, joined. */
function outputText(content: unknown[] | undefined): string {
  return arr(content)
    .map((c) => (isRecord(c) && c.type === "text" && typeof c.text === "string" ? c.text : ""))
    .filter((t) => t !== "")
    .join("\n");
}

/**
 * Tool metadata as the 1.x views read it: a sub-agent's child session is `metadata.sessionID` in 2.x and
 * `metadata.sessionId` in 1.x's `task`; both are kept.
 */
function toolMetadata(metadata: Record<string, unknown> | undefined): Record<string, unknown> {
  const out = { ...(metadata ?? {}) };
  const child = str(out.sessionID);
  if (child && out.sessionId === undefined) out.sessionId = child;
  return out;
}

/** A v2 tool state → the 1.x ToolState (streaming → pending, running, completed, error). */
export function toolState(state: V2ToolState, time: { created?: number; ran?: number; completed?: number } | undefined): ToolState {
  const input = isRecord(state.input) ? state.input : {};
  const start = time?.ran ?? time?.created ?? 0;
  const end = time?.completed ?? start;
  switch (state.status) {
    case "streaming":
      return { status: "pending", input, raw: typeof state.input === "string" ? state.input : "" };
    case "running":
      return { status: "running", input, metadata: toolMetadata(state.metadata), time: { start } };
    case "completed":
      return {
        status: "completed",
        input,
        output: outputText(state.content),
        title: "",
        metadata: toolMetadata(state.metadata),
        time: { start, end },
      };
    case "error": {
      const words = state.error?.message ?? state.error?.type ?? "The tool failed without saying why.";
      return { status: "error", input, error: words, metadata: toolMetadata(state.metadata), time: { start, end } };
    }
  }
}

/** The store part for content entry `position` of an assistant message. */
export function contentPart(sessionID: string, messageID: string, position: number, entry: V2Content): Part {
  const id = partId(messageID, position);
  switch (entry.type) {
    case "text":
      return { id, sessionID, messageID, type: "text", text: entry.text };
    case "reasoning": {
      const start = entry.time?.created ?? 0;
      const end = entry.time?.completed;
      return { id, sessionID, messageID, type: "reasoning", text: entry.text, time: end === undefined ? { start } : { start, end } };
    }
    case "tool": {
      const part: ToolPart = {
        id,
        sessionID,
        messageID,
        type: "tool",
        callID: entry.id,
        tool: entry.name,
        state: toolState(entry.state, entry.time),
      };
      return part;
    }
  }
}

/** 1.x's error shape for a failed step: an interrupt is `MessageAbortedError` (shown as "Stopped."). */
export function stepError(error: { type?: string; message?: string }): NonNullable<AssistantMessage["error"]> {
  const message = error.message ?? error.type ?? "The model step failed without details.";
  if (error.type === "aborted") return { name: "MessageAbortedError", data: { message } };
  return { name: "UnknownError", data: { message } };
}

/** The store's assistant message for a v2 assistant message; `parentID` is the user message it answers. */
export function assistantInfo(sessionID: string, msg: V2Assistant, parentID: string): AssistantMessage {
  const info: AssistantMessage = {
    id: msg.id,
    sessionID,
    role: "assistant",
    time: msg.time.completed === undefined ? { created: msg.time.created } : { created: msg.time.created, completed: msg.time.completed },
    parentID,
    modelID: msg.model.id,
    providerID: msg.model.providerID,
    mode: msg.agent,
    agent: msg.agent,
    // 2.x messages carry no paths (the session's location holds the folder).
    path: { cwd: "", root: "" },
    cost: msg.cost ?? 0,
    tokens: msg.tokens ?? NO_TOKENS,
  };
  if (msg.finish !== undefined) info.finish = msg.finish;
  if (msg.error) info.error = stepError(msg.error);
  if (msg.model.variant) info.variant = msg.model.variant;
  return info;
}

/** The store's parts of a v2 assistant message, in content order. */
export function assistantParts(sessionID: string, msg: V2Assistant): Part[] {
  return msg.content.map((entry, position) => contentPart(sessionID, msg.id, position, entry));
}

/** The store's user message and parts (its text at position 0, then its files). */
export function userRecords(sessionID: string, msg: V2User): { info: UserMessage; parts: Part[] } {
  // A 2.x prompt carries no agent or model (they are session settings): empty values, which the composer skips.
  const info: UserMessage = {
    id: msg.id,
    sessionID,
    role: "user",
    time: { created: msg.time.created },
    agent: "",
    model: { providerID: "", modelID: "" },
  };
  const parts: Part[] = [{ id: partId(msg.id, 0), sessionID, messageID: msg.id, type: "text", text: msg.text }];
  arr(msg.files).forEach((raw, i) => {
    const file = rec(raw);
    const url = str(file.uri) ?? str(file.url) ?? "";
    const filename = str(file.name) ?? (url.split("/").pop() || "file");
    parts.push({
      id: partId(msg.id, i + 1),
      sessionID,
      messageID: msg.id,
      type: "file",
      mime: str(file.mime) ?? "application/octet-stream",
      filename,
      url,
    });
  });
  return { info, parts };
}

/**
 * A user's shell command as the 1.x timeline can show it: an assistant-side message (agent "shell", no model)
 * holding one `shell` tool call with the command's output, which is how 1.x shows its own `!cmd` runs.
 */
export function shellRecords(sessionID: string, shell: V2Shell, parentID: string): { info: AssistantMessage; parts: Part[] } {
  const done = shell.status !== "running";
  const msg: V2Assistant = {
    id: shell.id,
    type: "assistant",
    agent: "shell",
    model: { id: "", providerID: "" },
    time:
      done && shell.time.completed !== undefined ? { created: shell.time.created, completed: shell.time.completed } : { created: shell.time.created },
    content: [
      {
        type: "tool",
        id: shell.shellID,
        name: "shell",
        state: done
          ? {
              status: "completed",
              input: { command: shell.command },
              content: [{ type: "text", text: shell.output ?? "" }],
              metadata: shell.exit === undefined ? {} : { exit: shell.exit },
            }
          : { status: "running", input: { command: shell.command }, metadata: {} },
        time: {
          created: shell.time.created,
          ran: shell.time.created,
          ...(shell.time.completed !== undefined ? { completed: shell.time.completed } : {}),
        },
      },
    ],
  };
  return { info: assistantInfo(sessionID, msg, parentID), parts: assistantParts(sessionID, msg) };
}

/** The content position a part id names ({@link partId}), or -1 for ids not made by this adapter. */
export function partPosition(id: string): number {
  const match = /_(\d{4,})$/.exec(id);
  return match?.[1] ? Number(match[1]) : -1;
}

/** A store part back into the v2 content entry it came from (the inverse of {@link contentPart}). */
function entryFromPart(part: Part): V2Content | null {
  if (part.type === "text") return { type: "text", text: part.text };
  if (part.type === "reasoning")
    return {
      type: "reasoning",
      text: part.text,
      time: part.time.end === undefined ? { created: part.time.start } : { created: part.time.start, completed: part.time.end },
    };
  if (part.type !== "tool") return null;
  const s = part.state;
  const base = { type: "tool" as const, id: part.callID, name: part.tool };
  switch (s.status) {
    case "pending":
      return { ...base, state: { status: "streaming", input: s.raw } };
    case "running":
      return {
        ...base,
        state: { status: "running", input: s.input, metadata: s.metadata ?? {} },
        time: { created: s.time.start, ran: s.time.start },
      };
    case "completed":
      return {
        ...base,
        state: { status: "completed", input: s.input, content: [{ type: "text", text: s.output }], metadata: s.metadata },
        time: { ran: s.time.start, completed: s.time.end },
      };
    case "error":
      return {
        ...base,
        state: { status: "error", input: s.input, error: { message: s.error }, ...(s.metadata ? { metadata: s.metadata } : {}) },
        time: { ran: s.time.start, completed: s.time.end },
      };
  }
}

/**
 * A store assistant message and its parts back into the v2 message the stream's projection keeps, so a
 * connection can continue a message it only knows from a resync. Entries sit at the positions their part ids
 * name; a gap (a part the store lacks) is filled with an empty text entry, which only keeps the count right.
 */
export function assistantFromRecords(info: AssistantMessage, parts: readonly Part[]): V2Assistant {
  const content: V2Content[] = [];
  for (const part of parts) {
    const position = partPosition(part.id);
    const entry = entryFromPart(part);
    if (position < 0 || !entry) continue;
    while (content.length < position) content.push({ type: "text", text: "" });
    content[position] = entry;
  }
  const msg: V2Assistant = {
    id: info.id,
    type: "assistant",
    agent: info.agent,
    model: { id: info.modelID, providerID: info.providerID, ...(info.variant ? { variant: info.variant } : {}) },
    time: info.time.completed === undefined ? { created: info.time.created } : { created: info.time.created, completed: info.time.completed },
    content,
    cost: info.cost,
    tokens: info.tokens,
  };
  if (info.finish !== undefined) msg.finish = info.finish;
  return msg;
}
