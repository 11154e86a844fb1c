/** Scripted OpenAI-compatible model for OpenCode tests; cues are documented in dev-docs/fleet.md. */
export { startMockLlm, MOCK_MODEL_ID, type MockLlm, type MockLlmOptions, type MockCall } from "./server.js";
export {
  defaultReplyText,
  longReplyText,
  titleText,
  toolResultText,
  parseCues,
  stripCues,
  planReply,
  wordChunks,
  HTML_REPLY_TEXT,
  codeReplyText,
  reasoningText,
  MOCK_QUESTION,
  type Cues,
  type ReplyPlan,
} from "./script.js";
export { toolGeneration, type ToolGeneration, type ToolName } from "./tool-calls.js";
export type { ChatRequest, ChatMessage } from "./chat-types.js";
