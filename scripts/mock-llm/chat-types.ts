/** The subset of an OpenAI chat-completions request that the mock reads. */
export interface ChatRequest {
  model?: string;
  stream?: boolean;
  messages: ChatMessage[];
  tools?: ChatTool[];
}

/** One message as OpenCode (via @ai-sdk/openai-compatible) sends it. */
export interface ChatMessage {
  role: "system" | "user" | "assistant" | "tool";
  content?: string | ContentPart[] | null;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
}

/** A content part; only text parts matter to the mock. */
export interface ContentPart {
  type: string;
  text?: string;
}

/** A tool the model may call. */
export interface ChatTool {
  type: "function";
  function: { name: string };
}

/** A tool call as it appears in an assistant message. */
export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** Token counts reported at the end of every reply. */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** Narrow an unknown JSON body to a ChatRequest (messages must be an array of role-carrying objects). */
export function isChatRequest(value: unknown): value is ChatRequest {
  if (typeof value !== "object" || value === null) return false;
  const messages = (value as { messages?: unknown }).messages;
  return Array.isArray(messages) && messages.every((m) => typeof m === "object" && m !== null && typeof (m as { role?: unknown }).role === "string");
}

/** Plain text of a message's content, whatever its shape. */
export function messageText(message: ChatMessage | undefined): string {
  const content = message?.content;
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((p) => (typeof p.text === "string" ? p.text : "")).join("");
}
