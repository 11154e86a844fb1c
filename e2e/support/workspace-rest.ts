/** REST calls the workspace browser tests make straight to fleet servers (to arrange state and read the server's truth). */
import type { Message, Part, PermissionRequest, Session, SessionStatus } from "@opencode-ai/sdk/v2";

/** Where a request goes: any FleetServer fits. */
export interface RestTarget {
  url: string;
  headers: Record<string, string>;
}

/** One stored message with its parts (`GET /session/{id}/message`). */
export interface StoredMessage {
  info: Message;
  parts: Part[];
}

/** JSON request (POST when `body` is given); throws with status and body excerpt on non-2xx. An empty body resolves undefined. */
export async function rest<T>(target: RestTarget, path: string, body?: unknown): Promise<T> {
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

/** `POST /session` on this server (it streams the creation; the session gets the server's launch directory). */
export function createSession(target: RestTarget, title?: string): Promise<Session> {
  return rest<Session>(target, "/session", title ? { title } : {});
}

/** The whole stored history of a session, oldest first. */
export function storedMessages(target: RestTarget, sessionId: string): Promise<StoredMessage[]> {
  return rest<StoredMessage[]>(target, `/session/${sessionId}/message`);
}

/** Non-idle sessions of a server. */
export function sessionStatus(target: RestTarget): Promise<Record<string, SessionStatus>> {
  return rest<Record<string, SessionStatus>>(target, "/session/status");
}

/** Pending permission requests of a server. */
export function pendingPermissions(target: RestTarget): Promise<PermissionRequest[]> {
  return rest<PermissionRequest[]>(target, "/permission");
}

/** Concatenated text parts of one stored message. */
export function textOf(message: StoredMessage | undefined): string {
  return (message?.parts ?? []).map((p) => (p.type === "text" ? p.text : "")).join("");
}

/** The last assistant message once it has completed and the session is idle; undefined before that. */
export async function settledReply(target: RestTarget, sessionId: string): Promise<StoredMessage | undefined> {
  const status = await sessionStatus(target);
  if (status[sessionId] && status[sessionId].type !== "idle") return undefined;
  const last = (await storedMessages(target, sessionId)).at(-1);
  return last?.info.role === "assistant" && last.info.time.completed !== undefined ? last : undefined;
}

/** Adds `count` user messages without running the model (`noReply`), one after another so they keep their order. */
export async function seedUserMessages(target: RestTarget, sessionId: string, count: number, text: (i: number) => string): Promise<void> {
  for (let i = 0; i < count; i++) {
    await rest<unknown>(target, `/session/${sessionId}/message`, { noReply: true, parts: [{ type: "text", text: text(i) }] });
  }
}
