import { messageText, type ChatMessage, type ChatRequest } from "./chat-types.js";
import { commandCall, delegateCall, fileArg, shellCall, subagentCall, toolGeneration, type ToolCallPlan, type ToolName } from "./tool-calls.js";

/** What the mock answers to one request. */
export type ReplyPlan =
  | { kind: "text"; reason: "reply" | "title" | "tool-result" | "html" | "long" | "code"; text: string; wordDelayMs: number; reasoning?: string }
  | { kind: "tool"; name: ToolName; args: Record<string, unknown>; wordDelayMs: number }
  | { kind: "error"; status: number; message: string };

/**
 * Cues found in one prompt; see dev-docs/fleet.md for their meaning. The generic cues (read, bash,
 * write, edit, task, task-bash) call whichever tool set the request offers (1.x or 2.x names);
 * shell and subagent always call 2.x's tools.
 */
export interface Cues {
  read?: string;
  bash?: string;
  /** `[[shell:COMMAND]]`: OpenCode 2's `shell` tool, whatever the request offers. */
  shell?: string;
  /** `[[write:PATH:CONTENT]]`: OpenCode's write tool (`\n` in CONTENT is a newline). */
  write?: { path: string; content: string };
  /** `[[edit:PATH:OLD=>NEW]]`: OpenCode's edit tool (`\n` is a newline in both). */
  edit?: { path: string; oldString: string; newString: string };
  task?: string;
  /** `[[task-bash:COMMAND]]`: a `task` whose child session itself calls bash (a sub-agent asks for permission). */
  taskBash?: string;
  /** `[[subagent:PROMPT]]`: OpenCode 2's `subagent` tool; PROMPT may hold one level of cues (`[[shell:…]]`) for the child. */
  subagent?: string;
  html: boolean;
  /** `[[code:LANG]]`: a reply with a fenced code block in LANG. */
  code?: string;
  /** `[[reasoning]]`: stream reasoning before the text. */
  reasoning: boolean;
  /** `[[question]]`: call OpenCode's question tool. */
  question: boolean;
  error?: number;
  slowMs?: number;
  longWords?: number;
}

const CUE = /\[\[(read|bash|shell|write|edit|task-bash|task|subagent|html|code|reasoning|question|error|slow|long)(?::([^\]]*))?\]\]/g;
/** A subagent cue whose prompt may contain whole cues of its own (one level): the child's cues. */
const SUBAGENT_CUE = /\[\[subagent:((?:[^[\]]|\[\[[^[\]]*\]\])*)\]\]/y;

/** The prompt of the subagent cue at `index` (nested cues kept); the plain argument when unbalanced. */
function subagentPrompt(text: string, index: number, plain: string): string {
  SUBAGENT_CUE.lastIndex = index;
  return (SUBAGENT_CUE.exec(text)?.[1] ?? plain).trim();
}

/** Parse every `[[name:arg]]` cue of a prompt; the first of each kind wins. */
export function parseCues(text: string): Cues {
  const cues: Cues = { html: false, reasoning: false, question: false };
  for (const match of text.matchAll(CUE)) {
    const name = match[1];
    const arg = (match[2] ?? "").trim();
    const num = Number.parseInt(arg, 10);
    if (name === "read" && cues.read === undefined && arg) cues.read = arg;
    else if (name === "bash" && cues.bash === undefined && arg) cues.bash = arg;
    else if (name === "shell" && cues.shell === undefined && arg) cues.shell = arg;
    else if (name === "write" && cues.write === undefined) cues.write = fileCue(match[2] ?? "", (path, rest) => ({ path, content: rest }));
    else if (name === "edit" && cues.edit === undefined) cues.edit = fileCue(match[2] ?? "", editArgs);
    else if (name === "task" && cues.task === undefined) cues.task = arg || "subtask";
    else if (name === "task-bash" && cues.taskBash === undefined && arg) cues.taskBash = arg;
    else if (name === "subagent" && cues.subagent === undefined) cues.subagent = subagentPrompt(text, match.index, arg);
    else if (name === "html") cues.html = true;
    else if (name === "code" && cues.code === undefined) cues.code = /^[\w+#-]+$/.test(arg) ? arg : "ts";
    else if (name === "reasoning") cues.reasoning = true;
    else if (name === "question") cues.question = true;
    else if (name === "error" && cues.error === undefined) cues.error = Number.isFinite(num) && num >= 400 && num < 600 ? num : 400;
    else if (name === "slow" && cues.slowMs === undefined && Number.isFinite(num) && num >= 0) cues.slowMs = num;
    else if (name === "long" && cues.longWords === undefined && Number.isFinite(num) && num > 0) cues.longWords = num;
  }
  return cues;
}

/** `PATH:REST` of a file cue (REST untrimmed, `\n` unescaped); undefined without a path. */
function fileCue<T>(arg: string, build: (path: string, rest: string) => T | undefined): T | undefined {
  const at = arg.indexOf(":");
  const path = (at < 0 ? arg : arg.slice(0, at)).trim();
  if (!path) return undefined;
  return build(path, at < 0 ? "" : arg.slice(at + 1).replace(/\\n/g, "\n"));
}

function editArgs(path: string, rest: string): Cues["edit"] {
  const at = rest.indexOf("=>");
  return at < 0 ? undefined : { path, oldString: rest.slice(0, at), newString: rest.slice(at + 2) };
}

/** Remove cues so echoed text and child prompts can never trigger the mock again. */
export function stripCues(text: string): string {
  return text
    .replace(CUE, " ")
    .replace(/\[\[|\]\]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** First `count` words of a text, cues removed. */
export function firstWords(text: string, count: number): string {
  return stripCues(text).split(" ").filter(Boolean).slice(0, count).join(" ");
}

/** The default reply to a prompt; exported so tests know exactly what the mock streams. */
export function defaultReplyText(prompt: string): string {
  return (
    `Mock reply to: ${firstWords(prompt, 8)}. ` +
    "This is a scripted answer from the mock model. " +
    "It streams one word at a time so clients can watch it grow. " +
    "Nothing here came from a real model."
  );
}

const FILLER = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo"];

/** A reply of exactly `words` words (the `[[long:N]]` cue). */
export function longReplyText(prompt: string, words: number): string {
  const head = `Mock reply to: ${firstWords(prompt, 4)}.`.split(" ").slice(0, words);
  const out = [...head];
  for (let i = 0; out.length < words; i++) {
    const word = FILLER[i % FILLER.length] ?? "word";
    out.push((i + 1) % 12 === 0 ? `${word}.` : word);
  }
  return out.join(" ");
}

/** The `[[html]]` reply: markup a client must never execute. */
export const HTML_REPLY_TEXT =
  'Here is some markup: <script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> **bold** and `code` end.';

/** Bodies of the `[[code:LANG]]` block per language; others get a language-neutral body. */
const CODE_SAMPLES: Record<string, string[]> = {
  ts: ["export function greet(name: string): string {", "  const count = name.length * 2;", '  return "Hello, " + name + " (" + count + ")";', "}"],
  python: ["def greet(name: str) -> str:", "    count = len(name) * 2", '    return f"Hello, {name} ({count})"'],
};
CODE_SAMPLES.typescript = CODE_SAMPLES.ts ?? [];
CODE_SAMPLES.py = CODE_SAMPLES.python ?? [];

/** The `[[code:LANG]]` reply: a sentence, a fenced block in LANG, a closing sentence. */
export function codeReplyText(prompt: string, lang: string): string {
  const body = CODE_SAMPLES[lang] ?? ["greet name", "  count = 2", "  return name"];
  return [`Mock code for: ${firstWords(prompt, 6)}.`, "", "```" + lang, ...body, "```", "", "That is the whole example."].join("\n");
}

/** The `[[reasoning]]` text streamed as reasoning before the reply. */
export function reasoningText(prompt: string): string {
  return `Mock reasoning about: ${firstWords(prompt, 6)}. First consider the question, then weigh the options, then answer.`;
}

/** The question the `[[question]]` cue asks (OpenCode's `question` tool input). */
export const MOCK_QUESTION = {
  question: "Which colour should the mock use?",
  header: "Mock colour",
  options: [
    { label: "Red", description: "The warm one" },
    { label: "Blue", description: "The cool one" },
  ],
};

/** Title requests answer with this prefix plus the first words of the prompt. */
export function titleText(prompt: string): string {
  return `Mock title ${firstWords(prompt, 4)}`.trim();
}

/** The reply to a turn whose last message is a tool result. */
export function toolResultText(result: string): string {
  const flat = result.replace(/\s+/g, " ").trim();
  return `Tool finished: ${flat.slice(0, 60)}`;
}

/** OpenCode's title agent has its own system prompt and no tools. */
export function isTitleRequest(request: ChatRequest): boolean {
  const system = request.messages
    .filter((m) => m.role === "system")
    .map(messageText)
    .join("\n");
  if (/title generator/i.test(system)) return true;
  const noTools = !request.tools || request.tools.length === 0;
  return noTools && request.messages.some((m) => m.role === "user" && /^Generate a title for this conversation/i.test(messageText(m)));
}

/**
 * OpenCode 2 opens a subagent's prompt with this line (measured on 2.1.2); dropping it makes a child's
 * reply the same on both generations (`defaultReplyText("Mock subtask: …")`).
 */
const SUBAGENT_PREAMBLE = /^You are a subagent spawned by another session\.\s*/;

function lastUserText(messages: ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === "user") return messageText(message).replace(SUBAGENT_PREAMBLE, "");
  }
  return "";
}

/**
 * The tool call a prompt's cues ask for, named for the request's tool set (1.x or 2.x), by
 * priority: read > bash > shell > write > edit > task-bash > subagent > task (question is the caller's).
 */
function toolCue(cues: Cues, generation: 1 | 2): ToolCallPlan | undefined {
  if (cues.read !== undefined) return { name: "read", args: fileArg(generation, cues.read) };
  if (cues.bash !== undefined) return commandCall(generation, cues.bash, `Run ${firstWords(cues.bash, 4)}`);
  if (cues.shell !== undefined) return shellCall(cues.shell);
  if (cues.write !== undefined) return { name: "write", args: { ...fileArg(generation, cues.write.path), content: cues.write.content } };
  if (cues.edit !== undefined) {
    return { name: "edit", args: { ...fileArg(generation, cues.edit.path), oldString: cues.edit.oldString, newString: cues.edit.newString } };
  }
  // The child prompt carries one command cue of its own, which cannot recurse. (No question variant: OpenCode
  // 1.18.33's `general` sub-agent has no question tool; it answers "unavailable tool 'question'".)
  if (cues.taskBash !== undefined) {
    const childCue = generation === 2 ? `[[shell:${cues.taskBash}]]` : `[[bash:${cues.taskBash}]]`;
    return delegateCall(generation, "run a command", `Mock subtask: run a command ${childCue}`);
  }
  if (cues.subagent !== undefined) {
    const prompt = cues.subagent || "Mock subtask";
    return subagentCall(firstWords(prompt, 4) || "subtask", prompt);
  }
  if (cues.task !== undefined) {
    const description = stripCues(cues.task) || "subtask";
    return delegateCall(generation, description, `Mock subtask: ${description}`);
  }
  return undefined;
}

/** Decide the reply to a chat request: pure, so the whole script is unit-testable. */
export function planReply(request: ChatRequest, defaultWordDelayMs: number): ReplyPlan {
  const messages = request.messages;
  const last = messages[messages.length - 1];
  if (last?.role === "tool") {
    return { kind: "text", reason: "tool-result", text: toolResultText(messageText(last)), wordDelayMs: defaultWordDelayMs };
  }
  const prompt = lastUserText(messages);
  if (isTitleRequest(request)) return { kind: "text", reason: "title", text: titleText(prompt), wordDelayMs: 0 };

  const cues = parseCues(prompt);
  if (cues.error !== undefined) return { kind: "error", status: cues.error, message: `Mock model refused the request (cue error:${cues.error})` };
  const wordDelayMs = cues.slowMs ?? defaultWordDelayMs;
  const call = toolCue(cues, toolGeneration(request));
  if (call) return { kind: "tool", ...call, wordDelayMs };
  if (cues.question) return { kind: "tool", name: "question", args: { questions: [MOCK_QUESTION] }, wordDelayMs };
  const reasoning = cues.reasoning ? { reasoning: reasoningText(prompt) } : {};
  if (cues.html) return { kind: "text", reason: "html", text: HTML_REPLY_TEXT, wordDelayMs, ...reasoning };
  if (cues.code !== undefined) return { kind: "text", reason: "code", text: codeReplyText(prompt, cues.code), wordDelayMs, ...reasoning };
  if (cues.longWords !== undefined) return { kind: "text", reason: "long", text: longReplyText(prompt, cues.longWords), wordDelayMs, ...reasoning };
  return { kind: "text", reason: "reply", text: defaultReplyText(prompt), wordDelayMs, ...reasoning };
}

/** Split text into stream deltas (a word plus its trailing space) whose concatenation is the text. */
export function wordChunks(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? (text ? [text] : []);
}
