/**
 * Tiny REST helpers for tests that drive fleet servers (auth headers included). Each works on both
 * OpenCode lines: a target with `generation: 2` goes to 2.x's `/api/*` routes and gets 2.x shapes
 * (client-v2.ts); the overloads type the answer when the target is known to be 2.x (V2FleetServer).
 */
import type { Message, Part, PermissionRequest, Session, SessionStatus } from "@opencode-ai/sdk/v2";
import type { V2ActiveSession, V2Message, V2Page, V2Permission, V2Session } from "./client-v2.js";
import { v2Ended, v2Text } from "./client-v2.js";

export type { V2ActiveSession, V2Content, V2Message, V2Permission, V2Session, V2ToolContent } from "./client-v2.js";

/** Where to send a request: any FleetServer fits. */
export interface Target {
  url: string;
  headers: Record<string, string>;
  /** 2 = OpenCode 2 routes (default 1). */
  generation?: 1 | 2;
  /** 2.x: the location new sessions and location-scoped routes use (a FleetServer's directory). */
  directory?: string;
}

/** A target known to be OpenCode 2. */
export type V2Target = Target & { generation: 2 };

const isV2 = (target: Target): target is V2Target => target.generation === 2;

/** The directory a 2.x location-scoped call needs; throws when the target has none. */
function locationOf(target: Target, directory?: string): string {
  const dir = directory ?? target.directory;
  if (!dir) throw new Error(`${target.url}: an OpenCode 2 call needs a directory (pass a FleetServer or set target.directory)`);
  return dir;
}

/** A stored message with its parts, as `GET /session/{id}/message` returns it. */
export interface MessageWithParts {
  info: Message;
  parts: Part[];
}

/** JSON request to a server; throws with status and body on a non-2xx answer. 204 → undefined. */
export async function api<T>(
  target: Target,
  path: string,
  init: { method?: string; body?: unknown; timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<T> {
  const method = init.method ?? (init.body === undefined ? "GET" : "POST");
  const res = await fetch(`${target.url}${path}`, {
    method,
    headers: { ...target.headers, ...init.headers, ...(init.body === undefined ? {} : { "content-type": "application/json" }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${target.url}${path} → ${res.status}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Options of createSession; `directory` (2.x only) overrides the target's. */
export interface CreateSessionBody {
  parentID?: string;
  title?: string;
  directory?: string;
}

/** `POST /session` (1.x) or `POST /api/session {location: {directory}}` (2.x). */
export function createSession(target: V2Target, body?: CreateSessionBody): Promise<V2Session>;
export function createSession(target: Target, body?: Omit<CreateSessionBody, "directory">): Promise<Session>;
export async function createSession(target: Target, body: CreateSessionBody = {}): Promise<Session | V2Session> {
  if (!isV2(target)) return api<Session>(target, "/session", { body });
  const { directory, ...rest } = body;
  const created = await api<{ data: V2Session }>(target, "/api/session", {
    body: { ...rest, location: { directory: locationOf(target, directory) } },
  });
  return created.data;
}

/**
 * Send one text prompt and return at once: 1.x `POST /session/{id}/prompt_async`, 2.x `POST /api/session/{id}/prompt`.
 * `timeoutMs` (default 10 s) for callers on a loaded machine (the soak).
 */
export async function promptAsync(target: Target, sessionID: string, text: string, timeoutMs?: number): Promise<void> {
  const limit = timeoutMs === undefined ? {} : { timeoutMs };
  if (isV2(target)) await api<unknown>(target, `/api/session/${sessionID}/prompt`, { body: { text }, ...limit });
  else await api<undefined>(target, `/session/${sessionID}/prompt_async`, { body: { parts: [{ type: "text", text }] }, ...limit });
}

/** Full history of a session, oldest first (2.x pages newest first; this reverses them). */
export function listMessages(target: V2Target, sessionID: string): Promise<V2Message[]>;
export function listMessages(target: Target, sessionID: string): Promise<MessageWithParts[]>;
export async function listMessages(target: Target, sessionID: string): Promise<MessageWithParts[] | V2Message[]> {
  if (!isV2(target)) return api<MessageWithParts[]>(target, `/session/${sessionID}/message`);
  const newestFirst: V2Message[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `?cursor=${encodeURIComponent(cursor)}` : "";
    const page: V2Page<V2Message> = await api<V2Page<V2Message>>(target, `/api/session/${sessionID}/message${query}`);
    newestFirst.push(...page.data);
    cursor = page.data.length > 0 ? page.cursor.next : null;
  } while (cursor);
  return newestFirst.reverse();
}

/** Non-idle sessions of the server: 1.x `GET /session/status`, 2.x `GET /api/session/active`. */
export function sessionStatus(target: V2Target): Promise<Record<string, V2ActiveSession>>;
export function sessionStatus(target: Target): Promise<Record<string, SessionStatus>>;
export async function sessionStatus(target: Target): Promise<Record<string, SessionStatus> | Record<string, V2ActiveSession>> {
  if (!isV2(target)) return api<Record<string, SessionStatus>>(target, "/session/status");
  return (await api<{ data: Record<string, V2ActiveSession> }>(target, "/api/session/active")).data;
}

/** Pending permission requests: 1.x `GET /permission`, 2.x `GET /api/permission/request` of the target's directory. */
export function pendingPermissions(target: V2Target): Promise<V2Permission[]>;
export function pendingPermissions(target: Target): Promise<PermissionRequest[]>;
export async function pendingPermissions(target: Target): Promise<PermissionRequest[] | V2Permission[]> {
  if (!isV2(target)) return api<PermissionRequest[]>(target, "/permission");
  // Permission requests are per location: without the header the server's own cwd is asked.
  const headers = { "x-opencode-directory": locationOf(target) };
  return (await api<{ data: V2Permission[] }>(target, "/api/permission/request", { headers })).data;
}

/** Text of all text parts of the last assistant message ("" if none yet); either generation's history. */
export function lastAssistantText(messages: MessageWithParts[] | V2Message[]): string {
  const v1 = messages.filter((m): m is MessageWithParts => "info" in m);
  if (v1.length < messages.length) return v2Text((messages as V2Message[]).filter((m) => m.type === "assistant").at(-1));
  const last = v1.filter((m) => m.info.role === "assistant").at(-1);
  return (last?.parts ?? []).map((p) => (p.type === "text" ? p.text : "")).join("");
}

/** True when the session is idle and its last turn has finished (2.x: nothing in its inbox, history ends with `idle`). */
export async function isSettled(target: Target, sessionID: string): Promise<boolean> {
  const status = await sessionStatus(target);
  if (status[sessionID]) return false;
  if (isV2(target)) {
    // A prompt waits in the inbox until delivered: the history may still end with the previous turn's idle.
    const inbox = await api<{ data: unknown[] }>(target, `/api/session/${sessionID}/inbox`);
    return inbox.data.length === 0 && v2Ended(await listMessages(target, sessionID));
  }
  const last = (await listMessages(target, sessionID)).at(-1);
  return last?.info.role === "assistant" && last.info.time.completed !== undefined;
}

/** Poll `fn` every 100 ms until it returns something truthy; throws "timed out waiting for <what>". */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 15_000,
): Promise<T> {
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
