/**
 * REST calls the browser tests make straight to fleet servers, to arrange state and to read the
 * server's own truth. Built on the fleet's client (scripts/fleet/client.ts) so there is one HTTP helper.
 */
import {
  api,
  createSession as createFleetSession,
  listMessages,
  sessionStatus,
  type MessageWithParts,
  type Target,
} from "../../scripts/fleet/client.js";
import type { Session } from "@opencode-ai/sdk/v2";

export { isSettled, pendingPermissions, promptAsync, sessionStatus } from "../../scripts/fleet/client.js";

/** Where a request goes: any FleetServer fits. */
export type RestTarget = Target;
/** One stored message with its parts (`GET /session/{id}/message`). */
export type StoredMessage = MessageWithParts;

/** The whole stored history of a session, oldest first. */
export const storedMessages = listMessages;

/** JSON request (POST when `body` is given); throws with status and body excerpt on non-2xx. */
export function rest<T>(target: RestTarget, path: string, body?: unknown): Promise<T> {
  return api<T>(target, path, body === undefined ? {} : { body });
}

/** `POST /session` on this server (the session gets the server's launch directory). */
export function createSession(target: RestTarget, title?: string): Promise<Session> {
  return createFleetSession(target, title ? { title } : {});
}

/** Concatenated text parts of one stored message. */
export function textOf(message: StoredMessage | undefined): string {
  return (message?.parts ?? []).map((p) => (p.type === "text" ? p.text : "")).join("");
}

/** Text of a stored message's text parts, trimmed and joined by newlines, as the timeline shows them. */
export function storedText(message: StoredMessage): string {
  return message.parts
    .map((p) => (p.type === "text" ? p.text.trim() : null))
    .filter((t): t is string => t !== null)
    .join("\n");
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
