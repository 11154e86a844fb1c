/**
 * REST calls to one OpenCode server, straight from the browser (each port is its own origin;
 * OpenCode allows CORS from localhost). Covers both the current protocol and legacy 1.0.x.
 */
import type { Message, MessagePage, Part, PermissionRequest, QuestionRequest, Session, SessionStatus } from "../store/types";
import { ApiError } from "./api-error";
import { readJson, send, type FetchLike } from "./http";
import { authTokenFrom, makeRequester, type OpenCodeTarget } from "./opencode-request";
import { acceptedWithin } from "./accepted-within";

export type { OpenCodeTarget };
export { authTokenFrom };

/** A part of a prompt (text, or a file: `file://` or a data URL); `id` lets the optimistic copy merge with the server's. */
export type PromptPart = { id?: string; type: "text"; text: string } | { id?: string; type: "file"; mime: string; url: string; filename?: string };

/** REST client for one OpenCode server. `directory` is only ever a directory that server already serves. */
export interface OpenCodeClient {
  /** GET /session?directory=D: sessions of D, newest first. */
  listSessions(directory: string): Promise<Session[]>;
  /** GET /session/status: only non-idle sessions (legacy 1.0.x has none to list: {}). */
  sessionStatus(): Promise<Record<string, SessionStatus>>;
  /**
   * GET /permission: pending requests (legacy 1.0.x cannot list them: []). `directories`: the
   * folders to ask about where requests are kept per folder (2.x); 1.x lists them all at once.
   */
  listPermissions(directories?: readonly string[]): Promise<PermissionRequest[]>;
  /** GET /question: pending questions (legacy 1.0.x has no questions: []); `directories` as for permissions. */
  listQuestions(directories?: readonly string[]): Promise<QuestionRequest[]>;
  /** The newest `limit` messages older than `before` (a cursor from a previous page), oldest first. */
  messages(sessionId: string, opts: { limit: number; before?: string | null; directory?: string | null }): Promise<MessagePage>;
  createSession(opts?: { directory?: string | null; parentID?: string; title?: string }): Promise<Session>;
  /**
   * Starts a prompt and resolves once the server accepted it (the reply streams as events), with
   * the id the server stored the message under when it says (2.x); it keeps `messageID` when it can.
   */
  promptAsync(
    sessionId: string,
    body: {
      messageID: string;
      parts: PromptPart[];
      agent?: string;
      model?: { providerID: string; modelID: string };
      /** While the session runs: wait for the turn to end, or steer it (2.x; 1.x always queues). */
      delivery?: "steer" | "queue";
    },
    directory?: string | null,
  ): Promise<string | void>;
  abort(sessionId: string, directory?: string | null): Promise<void>;
  replyPermission(requestId: string, reply: "once" | "always" | "reject", ctx: { sessionId: string; directory?: string | null }): Promise<void>;
  /** Answers a question; `ctx.request` is the pending question itself (2.x forms answer by field key). */
  replyQuestion(requestId: string, answers: string[][], ctx: QuestionContext): Promise<void>;
  rejectQuestion(requestId: string, ctx: QuestionContext): Promise<void>;
  /** Marks the session's finished turn seen (2.x keeps its TUI's unread on the server); absent where the server keeps none. */
  markViewed?(sessionId: string): Promise<void>;
}

/** Where a question lives: its session, the directory to send, and the question as listed. */
export interface QuestionContext {
  sessionId: string;
  directory?: string | null;
  request?: QuestionRequest;
}

export interface OpenCodeClientOptions {
  fetchImpl?: FetchLike;
  timeoutMs?: number;
  /** Legacy `POST /session/{id}/message` blocks until the reply ends: no error by then counts as accepted. */
  legacyAcceptMs?: number;
}

/** How many sessions `GET /session` returns when no `limit` is given (measured on 1.18.33). */
const SERVER_SESSION_PAGE = 100;
/** The `limit` that asks for every session of a directory. */
const ALL_SESSIONS = 100_000;

/** Legacy servers have no `before`; this cursor prefix means "load the whole history older than this id". */
export const LEGACY_CURSOR_PREFIX = "legacy:";

/**
 * OpenCode's `before` cursor is base64url(JSON {id, time}) of the oldest message of the page
 * (checked against 1.2.27 and 1.18.33); we build the same when the X-Next-Cursor header is not readable.
 */
export function cursorFor(message: Message): string {
  const json = JSON.stringify({ id: message.id, time: message.time.created });
  return btoa(json).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Creates the client. */
export function makeOpenCodeClient(target: OpenCodeTarget, options: OpenCodeClientOptions = {}): OpenCodeClient {
  const legacyAcceptMs = options.legacyAcceptMs ?? 2_000;
  const { who, legacy, fetchImpl, url, spec, getJson, post } = makeRequester(target, options);
  const sid = (id: string) => encodeURIComponent(id);

  const legacyPrompt = (sessionId: string, body: unknown, directory?: string | null) =>
    // The request runs until the reply is complete; once accepted its later failure shows as session.error.
    acceptedWithin(post(url(`session/${sid(sessionId)}/message`, { directory }), "the prompt", body), legacyAcceptMs, `${who}: legacy prompt`);

  return {
    async listSessions(directory) {
      const first = await getJson<Session[]>(url("session", { directory }), "to list sessions");
      // OpenCode 1.2+ answers at most 100 sessions unless asked for more; a full page means there may be more.
      if (legacy || !Array.isArray(first) || first.length < SERVER_SESSION_PAGE) return first;
      return getJson<Session[]>(url("session", { directory, limit: ALL_SESSIONS }), "to list sessions");
    },
    sessionStatus: async () => (legacy ? {} : getJson<Record<string, SessionStatus>>(url("session/status"), "to report session status")),
    listPermissions: async () => (legacy ? [] : getJson<PermissionRequest[]>(url("permission"), "to list permission requests")),
    listQuestions: async () => (legacy ? [] : getJson<QuestionRequest[]>(url("question"), "to list questions")),

    async messages(sessionId, { limit, before, directory }) {
      const path = `session/${sid(sessionId)}/message`;
      if (before?.startsWith(LEGACY_CURSOR_PREFIX)) {
        // 1.0.x has no `before`: read the whole history and keep what is older than the loaded window.
        const olderThan = before.slice(LEGACY_CURSOR_PREFIX.length);
        const all = await getJson<Array<{ info: Message; parts: Part[] }>>(url(path, { directory }), "to load messages");
        const cut = all.findIndex((m) => m.info.id === olderThan);
        return { messages: cut >= 0 ? all.slice(0, cut) : all.filter((m) => m.info.id < olderThan), cursor: null };
      }
      const s = spec("GET", url(path, { limit, before: legacy ? null : before, directory }), "to load messages");
      const res = await send(fetchImpl, s);
      const messages = await readJson<Array<{ info: Message; parts: Part[] }>>(res, s);
      if (!Array.isArray(messages)) throw new ApiError(`${who} answered the message list in an unexpected shape`, res.status, s.url);
      const header = res.headers.get("x-next-cursor");
      const oldest = messages[0]?.info;
      let cursor: string | null = header || null;
      // Without a readable header, a full page means there may be more.
      if (!cursor && oldest && messages.length >= limit) cursor = legacy ? `${LEGACY_CURSOR_PREFIX}${oldest.id}` : cursorFor(oldest);
      return { messages, cursor };
    },

    async createSession(opts = {}) {
      const body: Record<string, string> = {};
      if (opts.parentID) body.parentID = opts.parentID;
      if (opts.title) body.title = opts.title;
      const s = spec("POST", url("session", { directory: opts.directory }), "to create a session", body);
      return readJson<Session>(await send(fetchImpl, s), s);
    },

    async promptAsync(sessionId, { delivery: _queued, ...body }, directory) {
      // 1.x has no delivery choice: a prompt sent while busy waits for the turn.
      if (legacy) return legacyPrompt(sessionId, body, directory);
      await post(url(`session/${sid(sessionId)}/prompt_async`, { directory }), "the prompt", body);
    },

    async abort(sessionId, directory) {
      await post(url(`session/${sid(sessionId)}/abort`, { directory }), "to stop the session");
    },

    async replyPermission(requestId, reply, ctx) {
      if (legacy) {
        const u = url(`session/${sid(ctx.sessionId)}/permissions/${sid(requestId)}`, { directory: ctx.directory });
        await post(u, "the permission reply", { response: reply });
        return;
      }
      await post(url(`permission/${sid(requestId)}/reply`, { directory: ctx.directory }), "the permission reply", { reply });
    },

    async replyQuestion(requestId, answers, ctx) {
      await post(url(`question/${sid(requestId)}/reply`, { directory: ctx.directory }), "the answer", { answers });
    },

    async rejectQuestion(requestId, ctx) {
      await post(url(`question/${sid(requestId)}/reject`, { directory: ctx.directory }), "to dismiss the question");
    },
  };
}
