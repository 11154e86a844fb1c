/**
 * OpenCode 2 shapes and routes for the fleet's REST helpers (client.ts dispatches here for
 * `generation: 2` targets). Shapes as measured on 2.1.2 (/work/shared/opencode-protocol-v2.md §4);
 * only the fields tests read are typed.
 */

/** A 2.x session (`{data: Session}` of `POST /api/session`, `GET /api/session/{id}`). */
export interface V2Session {
  id: string;
  parentID?: string;
  projectID: string;
  agent?: string;
  title?: string;
  outcome?: "succeeded" | "failed" | "interrupted";
  time: { created: number; updated: number; idle?: number; viewed?: number; archived?: number };
  location: { directory: string };
}

/** A tool call inside an assistant message. */
export interface V2ToolContent {
  type: "tool";
  id: string;
  name: string;
  state: {
    status: "streaming" | "running" | "completed" | "error";
    input: Record<string, unknown>;
    content?: { type: string; text?: string }[];
    metadata?: Record<string, unknown>;
  };
}

/** One item of an assistant message's `content`. */
export type V2Content = { type: "text"; text: string } | { type: "reasoning"; text?: string } | V2ToolContent;

/**
 * A stored 2.x message. Messages are flat, each with its own `type`: `user{text}`,
 * `assistant{agent, content, finish}`, `idle{outcome}` (end of a turn), `shell`, `synthetic`, …
 */
export interface V2Message {
  id: string;
  type: string;
  time: { created: number; completed?: number };
  text?: string;
  agent?: string;
  content?: V2Content[];
  finish?: string;
  outcome?: "succeeded" | "failed" | "interrupted";
}

/** A pending 2.x permission request. */
export interface V2Permission {
  id: string;
  sessionID: string;
  action: string;
  resources: string[];
  save: string[];
}

/** What `GET /api/session/active` lists per busy session. */
export interface V2ActiveSession {
  type: string;
}

/** A page of a 2.x list route. */
export interface V2Page<T> {
  data: T[];
  cursor: { previous: string | null; next: string | null };
}

/** Text of an assistant message's text items. */
export function v2Text(message: V2Message | undefined): string {
  if (message?.type !== "assistant") return "";
  return (message.content ?? []).map((c) => (c.type === "text" ? c.text : "")).join("");
}

/** True when a history (oldest first) ends with a turn's `idle` marker right after an assistant message. */
export function v2Ended(messages: V2Message[]): boolean {
  return messages.at(-1)?.type === "idle" && messages.at(-2)?.type === "assistant";
}
