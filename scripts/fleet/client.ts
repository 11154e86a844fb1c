/** Tiny REST helpers for tests that drive fleet servers (auth headers included). */
import type { Message, Part, PermissionRequest, Session, SessionStatus } from "@opencode-ai/sdk/v2";

/** Where to send a request: any FleetServer fits. */
export interface Target {
  url: string;
  headers: Record<string, string>;
}

/** A stored message with its parts, as `GET /session/{id}/message` returns it. */
export interface MessageWithParts {
  info: Message;
  parts: Part[];
}

/** JSON request to a server; throws with status and body on a non-2xx answer. 204 → undefined. */
export async function api<T>(target: Target, path: string, init: { method?: string; body?: unknown; timeoutMs?: number } = {}): Promise<T> {
  const method = init.method ?? (init.body === undefined ? "GET" : "POST");
  const res = await fetch(`${target.url}${path}`, {
    method,
    headers: { ...target.headers, ...(init.body === undefined ? {} : { "content-type": "application/json" }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${target.url}${path} → ${res.status}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** `POST /session`. */
export function createSession(target: Target, body: { parentID?: string; title?: string } = {}): Promise<Session> {
  return api<Session>(target, "/session", { body });
}

/** `POST /session/{id}/prompt_async` with one text part (answers 204 at once). */
export async function promptAsync(target: Target, sessionID: string, text: string): Promise<void> {
  await api<undefined>(target, `/session/${sessionID}/prompt_async`, { body: { parts: [{ type: "text", text }] } });
}

/** Full history of a session, oldest first. */
export function listMessages(target: Target, sessionID: string): Promise<MessageWithParts[]> {
  return api<MessageWithParts[]>(target, `/session/${sessionID}/message`);
}

/** Non-idle sessions of the server. */
export function sessionStatus(target: Target): Promise<Record<string, SessionStatus>> {
  return api<Record<string, SessionStatus>>(target, "/session/status");
}

/** Pending permission requests. */
export function pendingPermissions(target: Target): Promise<PermissionRequest[]> {
  return api<PermissionRequest[]>(target, "/permission");
}

/** Text of all text parts of the last assistant message ("" if none yet). */
export function lastAssistantText(messages: MessageWithParts[]): string {
  const last = messages.filter((m) => m.info.role === "assistant").at(-1);
  return (last?.parts ?? []).map((p) => (p.type === "text" ? p.text : "")).join("");
}

/** True when the session is idle and its last assistant message has finished. */
export async function isSettled(target: Target, sessionID: string): Promise<boolean> {
  const status = await sessionStatus(target);
  if (status[sessionID]) return false;
  const last = (await listMessages(target, sessionID)).at(-1);
  return last?.info.role === "assistant" && last.info.time.completed !== undefined;
}

/** Poll `fn` every 100 ms until it returns something truthy; throws "timed out waiting for <what>". */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < until) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ""}`);
}
