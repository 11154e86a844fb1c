/**
 * The page's REST client (`OpenCodeClient`) for one OpenCode 2 server (`/api/*`, measured on
 * 2.1.2). Answers are turned into the store's records by B1's pure mappers (records.ts).
 * "This instance's sessions": a `serve` started in a folder lists that folder's sessions (as 1.x
 * does); the background service serves every folder, so it lists all of them.
 */
import { ApiError } from "../../api/api-error";
import type { OpenCodeClient, PromptPart } from "../../api/opencode-client";
import type { RequesterOptions } from "../../api/opencode-request";
import type { MessagePage, PermissionRequest, QuestionRequest, Session } from "../../store/types";
import type { AdapterTarget } from "../types";
import { formAnswer, messagesFromV2, permissionFromV2, questionFromForm, sessionFromV2, statusFromActive } from "./records";
import { chooseAgentModel } from "./choose";
import { asList, makeV2Requester, seg, type V2Requester } from "./request";

/** Sessions per `GET /api/session` page. */
export const SESSION_PAGE = 100;
/** At most this many sessions are listed (newest activity first): a service may hold a user's whole history. */
export const MAX_SESSIONS = 2_000;

/** The fields of a raw 2.x session the client itself needs (the viewed mark). */
interface RawSessionBits {
  time?: { idle?: number; viewed?: number };
}

/** True when the target is 2.x's background service (it serves every folder). */
export const servesEveryFolder = (target: AdapterTarget): boolean => target.kind === "service";

/** Creates the client. */
export function makeV2Client(target: AdapterTarget, options: RequesterOptions = {}): OpenCodeClient & { readonly api: V2Requester } {
  const api = makeV2Requester(target, options);
  const { who } = api;

  const rawSession = (id: string) => api.call<RawSessionBits>("GET", `session/${seg(id)}`, "to read the session");

  /** Pending items of a location-scoped list, per folder; a folder the server no longer knows (404) is skipped, not fatal. */
  async function perFolder<T>(path: string, what: string, directories: readonly string[] | undefined, map: (raw: unknown) => T | null) {
    const folders = [...new Set(directories?.length ? directories : [target.directory ?? ""])];
    const lists = await Promise.all(
      folders.map(async (directory) => {
        try {
          return asList(await api.call<unknown>("GET", path, what, { directory: directory || null }), who, what);
        } catch (err) {
          if (err instanceof ApiError && err.status === 404) {
            console.warn(`${who}: ${directory} is not a folder it serves (${err.detail})`);
            return [];
          }
          throw err;
        }
      }),
    );
    const byId = new Map<string, T>();
    for (const raw of lists.flat()) {
      const item = map(raw);
      const id = item && (item as { id?: unknown }).id;
      if (item && typeof id === "string") byId.set(id, item);
    }
    return [...byId.values()];
  }

  const formOf = async (sessionId: string, requestId: string): Promise<QuestionRequest> => {
    const form = questionFromForm(await api.call<unknown>("GET", `session/${seg(sessionId)}/form/${seg(requestId)}`, "to read the question"));
    if (!form) throw new ApiError(`${who} answered the question in an unexpected shape`, null, requestId);
    return form;
  };

  return {
    api,
    async listSessions(directory) {
      const sessions: Session[] = [];
      let cursor: string | null = null;
      const query = servesEveryFolder(target) ? {} : { directory };
      do {
        const page: { data?: unknown; cursor?: { next?: string | null } } = await api.raw("GET", "session", "to list sessions", {
          query: { ...query, limit: SESSION_PAGE, cursor },
        });
        const data = asList(page?.data, who, "the session list");
        for (const raw of data) {
          const session = sessionFromV2(raw);
          if (session) sessions.push(session);
        }
        cursor = data.length >= SESSION_PAGE ? (page.cursor?.next ?? null) : null;
      } while (cursor && sessions.length < MAX_SESSIONS);
      return sessions;
    },

    sessionStatus: async () => statusFromActive(await api.call<unknown>("GET", "session/active", "to report session status")),

    listPermissions: (directories) =>
      perFolder<PermissionRequest>("permission/request", "to list permission requests", directories, permissionFromV2),
    listQuestions: (directories) => perFolder<QuestionRequest>("form", "to list questions", directories, questionFromForm),

    async messages(sessionId, { limit, before }): Promise<MessagePage> {
      const page: { data?: unknown; cursor?: { next?: string | null } } = await api.raw(
        "GET",
        `session/${seg(sessionId)}/message`,
        "to load messages",
        {
          query: { limit, cursor: before },
        },
      );
      const data = asList(page?.data, who, "the message list");
      // Newest first on the wire; a full page may have older ones behind its `next` cursor.
      return { messages: messagesFromV2(data, sessionId), cursor: data.length >= limit ? (page.cursor?.next ?? null) : null };
    },

    async createSession(opts = {}) {
      const directory = opts.directory ?? target.directory ?? null;
      const body = {
        ...(directory ? { location: { directory } } : {}),
        ...(opts.parentID ? { parentID: opts.parentID } : {}),
        ...(opts.title ? { title: opts.title } : {}),
      };
      const session = sessionFromV2(await api.call<unknown>("POST", "session", "to create a session", { body }));
      if (!session) throw new ApiError(`${who} answered the new session in an unexpected shape`, null, "POST /api/session");
      return session;
    },

    async promptAsync(sessionId, body) {
      await chooseAgentModel(api, sessionId, body.agent, body.model);
      const text = body.parts
        .filter((p): p is Extract<PromptPart, { type: "text" }> => p.type === "text")
        .map((p) => p.text)
        .join("\n");
      const files = body.parts
        .filter((p): p is Extract<PromptPart, { type: "file" }> => p.type === "file")
        .map((f) => ({ uri: f.url, ...(f.filename ? { name: f.filename } : {}) }));
      // Our message id is kept (measured), so the optimistic copy and the server's are one message.
      const item = await api.call<{ id?: unknown }>("POST", `session/${seg(sessionId)}/prompt`, "the prompt", {
        body: { id: body.messageID, text, ...(files.length ? { files } : {}), ...(body.delivery ? { delivery: body.delivery } : {}) },
      });
      return typeof item?.id === "string" ? item.id : undefined;
    },

    async abort(sessionId) {
      await api.call("POST", `session/${seg(sessionId)}/interrupt`, "to stop the session");
    },

    async replyPermission(requestId, reply, ctx) {
      await api.call("POST", `session/${seg(ctx.sessionId)}/permission/${seg(requestId)}/reply`, "the permission reply", {
        body: { decision: reply },
      });
    },

    async replyQuestion(requestId, answers, ctx) {
      const form = ctx.request ?? (await formOf(ctx.sessionId, requestId));
      await api.call("POST", `session/${seg(ctx.sessionId)}/form/${seg(requestId)}/reply`, "the answer", {
        body: { answer: formAnswer(form, answers) },
      });
    },

    async rejectQuestion(requestId, ctx) {
      await api.call("DELETE", `session/${seg(ctx.sessionId)}/form/${seg(requestId)}`, "to dismiss the question");
    },

    async markViewed(sessionId) {
      const time = (await rawSession(sessionId)).time;
      // The TUI marks a turn seen with the session's idle time; nothing to do when that is already marked.
      if (typeof time?.idle !== "number" || (typeof time.viewed === "number" && time.viewed >= time.idle)) return;
      await api.call("POST", `session/${seg(sessionId)}/view`, "the viewed mark", { body: { idle: time.idle } });
    },
  };
}
