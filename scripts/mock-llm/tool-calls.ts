import type { ChatRequest } from "./chat-types.js";

/**
 * Which OpenCode tool set a request offers. 1.x sends `bash`, `task` and file tools taking
 * `filePath`; 2.x sends `shell`, `subagent` and file tools taking `path` (measured on 2.1.2).
 * A request with neither (title calls, hand-made tests) counts as 1.x.
 */
export type ToolGeneration = 1 | 2;

/** The tool set a request offers, judged by its tool names. */
export function toolGeneration(request: ChatRequest): ToolGeneration {
  const names = new Set((request.tools ?? []).map((tool) => tool.function.name));
  const v2 = (names.has("shell") && !names.has("bash")) || (names.has("subagent") && !names.has("task"));
  return v2 ? 2 : 1;
}

/** Every tool name the mock can call (both generations). */
export type ToolName = "read" | "bash" | "shell" | "task" | "subagent" | "question" | "write" | "edit";

/** A tool call before streaming: its name and JSON arguments. */
export interface ToolCallPlan {
  name: ToolName;
  args: Record<string, unknown>;
}

/** 2.x's `shell` takes only the command (workdir, timeout and background are optional). */
export function shellCall(command: string): ToolCallPlan {
  return { name: "shell", args: { command } };
}

/** A command run: 1.x `bash {command, description}`, 2.x `shell {command}`. */
export function commandCall(generation: ToolGeneration, command: string, description: string): ToolCallPlan {
  return generation === 2 ? shellCall(command) : { name: "bash", args: { command, description } };
}

/** 2.x's `subagent` with the `general` agent (the one 1.x's `task` uses too). */
export function subagentCall(description: string, prompt: string): ToolCallPlan {
  return { name: "subagent", args: { agent: "general", description, prompt } };
}

/** A sub-agent run: 1.x `task {description, prompt, subagent_type}`, 2.x `subagent {agent, description, prompt}`. */
export function delegateCall(generation: ToolGeneration, description: string, prompt: string): ToolCallPlan {
  return generation === 2 ? subagentCall(description, prompt) : { name: "task", args: { description, prompt, subagent_type: "general" } };
}

/** The file argument of read/write/edit: 1.x `filePath`, 2.x `path`. */
export function fileArg(generation: ToolGeneration, path: string): Record<string, string> {
  return generation === 2 ? { path } : { filePath: path };
}
