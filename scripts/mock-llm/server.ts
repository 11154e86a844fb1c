import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isChatRequest, messageText, type ChatRequest } from "./chat-types.js";
import { completionBody, deltaChunk, sseData, toolCallChunks, usageChunk, usageFor, type CompletionId } from "./frames.js";
import { planReply, wordChunks, type ReplyPlan } from "./script.js";

/** Model id the mock advertises; OpenCode config refers to it as `mock/mock-1`. */
export const MOCK_MODEL_ID = "mock-1";

/** One request the mock answered (kept for debugging and assertions). */
export interface MockCall {
  at: number;
  stream: boolean;
  plan: ReplyPlan["kind"];
  reason: string;
  lastUserText: string;
}

/** A running mock model server. */
export interface MockLlm {
  /** Base URL including `/v1`, for an `@ai-sdk/openai-compatible` provider's `baseURL`. */
  url: string;
  port: number;
  /** Chat-completion requests answered so far. */
  readonly requests: number;
  /** What each chat-completion request was answered with, oldest first. */
  readonly calls: readonly MockCall[];
  close(): Promise<void>;
}

/** Options of startMockLlm. */
export interface MockLlmOptions {
  port?: number;
  /** Address to listen on (default 127.0.0.1); a test network namespace's host end for servers inside it. */
  host?: string;
  wordDelayMs?: number;
  /** Called with every parsed chat request (e.g. to log what OpenCode really sends). */
  onRequest?: (request: ChatRequest) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function lastUser(request: ChatRequest): string {
  const user = request.messages.filter((m) => m.role === "user").at(-1);
  return messageText(user).slice(0, 200);
}

/** Start the scripted OpenAI-compatible model on 127.0.0.1 (port 0 = any free port). */
export async function startMockLlm(options: MockLlmOptions = {}): Promise<MockLlm> {
  const defaultDelay = options.wordDelayMs ?? 20;
  const calls: MockCall[] = [];
  let sequence = 0;

  async function streamPlan(res: ServerResponse, ids: CompletionId, plan: Exclude<ReplyPlan, { kind: "error" }>, promptChars: number): Promise<void> {
    let closed = false;
    // A client abort (OpenCode's Stop) must end the loop instead of writing into a dead socket.
    res.on("close", () => (closed = true));
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    res.flushHeaders();
    if (plan.kind === "tool") {
      await sleep(plan.wordDelayMs);
      for (const frame of toolCallChunks(ids, `call_${ids.id}`, plan.name, plan.args)) res.write(sseData(frame));
      res.write(sseData(deltaChunk(ids, {}, "tool_calls")));
      res.write(sseData(usageChunk(ids, usageFor(promptChars, 1))));
    } else {
      const words = wordChunks(plan.text);
      res.write(sseData(deltaChunk(ids, { role: "assistant", content: "" })));
      // `@ai-sdk/openai-compatible` turns `delta.reasoning_content` into reasoning parts.
      for (const word of wordChunks(plan.reasoning ?? "")) {
        if (plan.wordDelayMs > 0) await sleep(plan.wordDelayMs);
        if (closed) return;
        res.write(sseData(deltaChunk(ids, { reasoning_content: word })));
      }
      for (const word of words) {
        if (plan.wordDelayMs > 0) await sleep(plan.wordDelayMs);
        if (closed) return;
        res.write(sseData(deltaChunk(ids, { content: word })));
      }
      res.write(sseData(deltaChunk(ids, {}, "stop")));
      res.write(sseData(usageChunk(ids, usageFor(promptChars, words.length))));
    }
    res.end(sseData("[DONE]"));
  }

  function answerWhole(res: ServerResponse, ids: CompletionId, plan: Exclude<ReplyPlan, { kind: "error" }>, promptChars: number): void {
    if (plan.kind === "tool") {
      const call = { id: `call_${ids.id}`, type: "function", function: { name: plan.name, arguments: JSON.stringify(plan.args) } };
      sendJson(res, 200, completionBody(ids, { content: null, tool_calls: [call] }, "tool_calls", usageFor(promptChars, 1)));
      return;
    }
    const reasoning = plan.reasoning === undefined ? {} : { reasoning_content: plan.reasoning };
    sendJson(res, 200, completionBody(ids, { content: plan.text, ...reasoning }, "stop", usageFor(promptChars, wordChunks(plan.text).length)));
  }

  async function handleChat(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readBody(req));
    } catch {
      sendJson(res, 400, { error: { message: "body is not JSON", type: "invalid_request_error" } });
      return;
    }
    if (!isChatRequest(parsed)) {
      sendJson(res, 400, { error: { message: "messages[] is required", type: "invalid_request_error" } });
      return;
    }
    options.onRequest?.(parsed);
    const plan = planReply(parsed, defaultDelay);
    const stream = parsed.stream === true;
    calls.push({
      at: Date.now(),
      stream,
      plan: plan.kind,
      reason: plan.kind === "text" ? plan.reason : plan.kind === "tool" ? plan.name : String(plan.status),
      lastUserText: lastUser(parsed),
    });
    if (plan.kind === "error") {
      // OpenCode retries 429/5xx and anything whose text says "server error" (session.status
      // retry, backoff); other 4xx end the turn at once with session.error.
      const type = plan.status >= 500 || plan.status === 429 ? "server_error" : "invalid_request_error";
      sendJson(res, plan.status, { error: { message: plan.message, type, code: "mock_error" } });
      return;
    }
    sequence += 1;
    const ids: CompletionId = { id: `chatcmpl-mock-${sequence}`, model: parsed.model ?? MOCK_MODEL_ID, created: Math.floor(Date.now() / 1000) };
    const promptChars = parsed.messages.reduce((n, m) => n + messageText(m).length, 0);
    if (stream) await streamPlan(res, ids, plan, promptChars);
    else answerWhole(res, ids, plan, promptChars);
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && (path === "/v1/models" || path === "/models")) {
      sendJson(res, 200, { object: "list", data: [{ id: MOCK_MODEL_ID, object: "model", created: 0, owned_by: "mock" }] });
      return;
    }
    if (req.method === "POST" && (path === "/v1/chat/completions" || path === "/chat/completions")) {
      handleChat(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { message: String(error), type: "server_error" } });
        else res.destroy();
      });
      return;
    }
    sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: "not_found" } });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}/v1`,
    port,
    get requests() {
      return calls.length;
    },
    get calls() {
      return calls;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
