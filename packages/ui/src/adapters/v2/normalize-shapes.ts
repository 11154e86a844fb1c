/**
 * OpenCode 2 (2.1.2) wire shapes the v2 adapter reads, and small readers for untrusted JSON. The shapes
 * are what `GET /api/session/{id}/message` answers and what the stream's events carry (measured against
 * a real 2.1.2 server; see dev-docs/live-engine.md "OpenCode 2 adapter: normalization").
 */
import { isRecord, str } from "../../store/guards";

export { isRecord, str };

/** A finite number, else undefined. */
export function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The value when it is a record, else an empty record (so field reads never throw). */
export function rec(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** The value when it is an array, else []. */
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Token counts as both generations spell them. */
export interface V2Tokens {
  input: number;
  output: number;
  reasoning: number;
  cache: { read: number; write: number };
}

/** A tool call's state inside a v2 assistant message's `content`. */
export interface V2ToolState {
  status: "streaming" | "running" | "completed" | "error";
  /** A string (the raw arguments) while streaming, the parsed object afterwards. */
  input: unknown;
  content?: unknown[];
  metadata?: Record<string, unknown>;
  error?: { type?: string; message?: string };
}

/** One entry of a v2 assistant message's ordered `content`. */
export type V2Content =
  | { type: "text"; text: string }
  | { type: "reasoning"; text: string; time?: { created?: number; completed?: number } }
  | { type: "tool"; id: string; name: string; state: V2ToolState; time?: { created?: number; ran?: number; completed?: number } };

/** A v2 assistant message (one model step). */
export interface V2Assistant {
  id: string;
  type: "assistant";
  agent: string;
  model: { id: string; providerID: string; variant?: string };
  time: { created: number; completed?: number };
  content: V2Content[];
  finish?: string;
  cost?: number;
  tokens?: V2Tokens;
  error?: { type?: string; message?: string };
}

/** A v2 user message (a delivered inbox item). */
export interface V2User {
  id: string;
  type: "user";
  time: { created: number };
  text: string;
  files?: unknown[];
}

/** A shell command the user ran (`POST …/shell`, the TUI's `!cmd`), stored as its own message. */
export interface V2Shell {
  id: string;
  type: "shell";
  shellID: string;
  command: string;
  /** "running" until it ends ("exited", "killed", …). */
  status: string;
  exit?: number;
  output?: string;
  time: { created: number; completed?: number };
}

/** A shell message (REST) or the `shell` of a `session.shell.*` event, read leniently; `id` is the message id. */
export function readShell(raw: Record<string, unknown>, id: string, created: number): V2Shell {
  const completed = num(rec(raw.time).completed);
  const exit = num(raw.exit);
  const output = rec(raw.output).output;
  return {
    id,
    type: "shell",
    shellID: str(raw.shellID) ?? str(raw.id) ?? id,
    command: typeof raw.command === "string" ? raw.command : "",
    status: str(raw.status) ?? "running",
    ...(exit !== undefined ? { exit } : {}),
    ...(typeof output === "string" ? { output } : {}),
    time: completed === undefined ? { created } : { created, completed },
  };
}

/** Zero tokens, for steps that have not ended. */
export const NO_TOKENS: V2Tokens = { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } };

/** Token counts read leniently (missing numbers are 0). */
export function readTokens(value: unknown): V2Tokens | undefined {
  if (!isRecord(value)) return undefined;
  const cache = rec(value.cache);
  return {
    input: num(value.input) ?? 0,
    output: num(value.output) ?? 0,
    reasoning: num(value.reasoning) ?? 0,
    cache: { read: num(cache.read) ?? 0, write: num(cache.write) ?? 0 },
  };
}

/** A v2 error object `{type, message}`, if the value is one. */
export function readError(value: unknown): { type?: string; message?: string } | undefined {
  if (!isRecord(value)) return undefined;
  const type = str(value.type) ?? undefined;
  const message = str(value.message) ?? undefined;
  return { ...(type ? { type } : {}), ...(message ? { message } : {}) };
}

/** A v2 model reference `{id, providerID, variant?}` (empty strings when absent). */
export function readModel(value: unknown): V2Assistant["model"] {
  const m = rec(value);
  const variant = str(m.variant);
  return { id: str(m.id) ?? "", providerID: str(m.providerID) ?? "", ...(variant ? { variant } : {}) };
}

/** One content entry of a stored assistant message, or null when it is of a kind the page does not show. */
export function readContent(value: unknown): V2Content | null {
  if (!isRecord(value)) return null;
  if (value.type === "text") return { type: "text", text: typeof value.text === "string" ? value.text : "" };
  if (value.type === "reasoning") {
    const time = rec(value.time);
    const created = num(time.created);
    const completed = num(time.completed);
    return {
      type: "reasoning",
      text: typeof value.text === "string" ? value.text : "",
      ...(created !== undefined ? { time: { created, ...(completed !== undefined ? { completed } : {}) } } : {}),
    };
  }
  if (value.type === "tool") {
    const id = str(value.id);
    if (!id) return null;
    const state = rec(value.state);
    const status = state.status;
    const known = status === "streaming" || status === "running" || status === "completed" || status === "error";
    const time = rec(value.time);
    return {
      type: "tool",
      id,
      name: str(value.name) ?? "tool",
      state: {
        status: known ? status : "running",
        input: state.input,
        ...(Array.isArray(state.content) ? { content: state.content } : {}),
        ...(isRecord(state.metadata) ? { metadata: state.metadata } : {}),
        ...(state.error !== undefined ? { error: readError(state.error) ?? {} } : {}),
      },
      time: { created: num(time.created), ran: num(time.ran), completed: num(time.completed) },
    };
  }
  return null;
}
