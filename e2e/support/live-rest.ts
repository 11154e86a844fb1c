/** Minimal REST calls the live-instances browser tests make to fleet servers directly (not through the page). */
import type { Message, Part, Session, SessionStatus } from "@opencode-ai/sdk/v2";

/** Where a request goes: a FleetServer fits. */
export interface RestTarget {
  url: string;
  headers: Record<string, string>;
}

/** A stored message with its parts (`GET /session/{id}/message`). */
export interface StoredMessage {
  info: Message;
  parts: Part[];
}

async function call<T>(target: RestTarget, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${target.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { ...target.headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${body === undefined ? "GET" : "POST"} ${target.url}${path} → ${res.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** `POST /session`. */
export function createSession(target: RestTarget, title: string): Promise<Session> {
  return call<Session>(target, "/session", { title });
}

/** `POST /session/{id}/prompt_async` with one text part; the server answers 204 at once. */
export async function promptAsync(target: RestTarget, sessionId: string, text: string): Promise<void> {
  await call<undefined>(target, `/session/${sessionId}/prompt_async`, { parts: [{ type: "text", text }] });
}

/** The session's whole stored history, oldest first. */
export function storedMessages(target: RestTarget, sessionId: string): Promise<StoredMessage[]> {
  return call<StoredMessage[]>(target, `/session/${sessionId}/message`);
}

/** True when the session is idle and its last message is a finished assistant reply. */
export async function isSettled(target: RestTarget, sessionId: string): Promise<boolean> {
  const status = await call<Record<string, SessionStatus>>(target, "/session/status");
  if (status[sessionId] && status[sessionId].type !== "idle") return false;
  const last = (await storedMessages(target, sessionId)).at(-1);
  return last?.info.role === "assistant" && last.info.time.completed !== undefined;
}

/** Text of a stored message's text parts, joined as the timeline test reads them. */
export function storedText(message: StoredMessage): string {
  return message.parts
    .map((p) => (p.type === "text" ? p.text.trim() : null))
    .filter((t): t is string => t !== null)
    .join("\n");
}
