import type { Usage } from "./chat-types.js";

/** Identity shared by all chunks of one completion. */
export interface CompletionId {
  id: string;
  model: string;
  created: number;
}

/** One `chat.completion.chunk` object. */
export interface ChunkFrame {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: { index: number; delta: Record<string, unknown>; finish_reason: string | null }[];
  usage?: Usage;
}

/** A chunk carrying a delta for choice 0. */
export function deltaChunk(ids: CompletionId, delta: Record<string, unknown>, finishReason: string | null = null): ChunkFrame {
  return {
    id: ids.id,
    object: "chat.completion.chunk",
    created: ids.created,
    model: ids.model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
}

/** The trailing usage chunk (stream_options.include_usage): no choices, only token counts. */
export function usageChunk(ids: CompletionId, usage: Usage): ChunkFrame {
  return { id: ids.id, object: "chat.completion.chunk", created: ids.created, model: ids.model, choices: [], usage };
}

/** The two chunks of one tool call: name first, arguments second, as real providers split them. */
export function toolCallChunks(ids: CompletionId, callId: string, name: string, args: Record<string, unknown>): ChunkFrame[] {
  return [
    deltaChunk(ids, { role: "assistant", tool_calls: [{ index: 0, id: callId, type: "function", function: { name, arguments: "" } }] }),
    deltaChunk(ids, { tool_calls: [{ index: 0, function: { arguments: JSON.stringify(args) } }] }),
  ];
}

/** Serialise one SSE frame. */
export function sseData(payload: unknown): string {
  return `data: ${typeof payload === "string" ? payload : JSON.stringify(payload)}\n\n`;
}

/** A whole non-streaming `chat.completion` reply. */
export function completionBody(
  ids: CompletionId,
  message: { content: string | null; tool_calls?: unknown[]; reasoning_content?: string },
  finishReason: "stop" | "tool_calls",
  usage: Usage,
): Record<string, unknown> {
  return {
    id: ids.id,
    object: "chat.completion",
    created: ids.created,
    model: ids.model,
    choices: [{ index: 0, message: { role: "assistant", ...message }, finish_reason: finishReason }],
    usage,
  };
}

/** Rough token counts: a quarter of the prompt characters, one token per streamed word. */
export function usageFor(promptChars: number, completionWords: number): Usage {
  const prompt = Math.max(1, Math.ceil(promptChars / 4));
  return { prompt_tokens: prompt, completion_tokens: completionWords, total_tokens: prompt + completionWords };
}
