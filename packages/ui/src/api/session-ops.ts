/**
 * Session actions on one OpenCode server (1.18 routes, checked against its `GET /doc`):
 * rename, archive, delete, fork, revert/unrevert, summarize (compact), per-turn diffs and the
 * full history (for export). Same auth and errors-in-words as the main client.
 */
import type { FileDiff, MarkdownExport, Message, ModelRef, Part, Session } from "../store/types";
import { isFileDiff } from "../store/guards";
import { ApiError } from "./api-error";
import { makeRequester, type OpenCodeTarget, type RequesterOptions } from "./opencode-request";
import { sessionMarkdown, exportFilename } from "./session-markdown";

// The shapes the store keeps are declared in store/ (the ground floor); re-exported for this module's users.
export type { FileDiff, MarkdownExport, ModelRef } from "../store/types";
export { isFileDiff };

/** REST session actions for one server; `directory` is only ever one that server already serves. */
export interface SessionOps {
  /** PATCH /session/{id} {title}. */
  rename(sessionId: string, title: string, directory?: string | null): Promise<void>;
  /** PATCH /session/{id} {time:{archived}}: archived = now; unarchive sends 0 (the server ignores null). */
  setArchived(sessionId: string, archived: boolean, directory?: string | null): Promise<void>;
  /** DELETE /session/{id}. */
  remove(sessionId: string, directory?: string | null): Promise<void>;
  /** POST /session/{id}/fork {messageID?}: a new session holding the history before `messageID` (all of it without one). */
  fork(sessionId: string, messageID?: string | null, directory?: string | null): Promise<Session>;
  /** POST /session/{id}/revert {messageID, partID?}: undoes that message and everything after it (files too). */
  revert(sessionId: string, messageID: string, directory?: string | null, partID?: string): Promise<void>;
  /** POST /session/{id}/unrevert: restores what the last revert undid. */
  unrevert(sessionId: string, directory?: string | null): Promise<void>;
  /** POST /session/{id}/summarize {providerID, modelID}: compacts the session with that model. */
  summarize(sessionId: string, model: ModelRef, directory?: string | null): Promise<void>;
  /** GET /session/{id}/diff[?messageID=]: files changed by one turn (the whole-session form may answer []). */
  diff(sessionId: string, opts?: { messageID?: string | null; directory?: string | null }): Promise<FileDiff[]>;
  /** GET /session/{id}/message with no limit: the whole history, oldest first. */
  allMessages(sessionId: string, directory?: string | null): Promise<Array<{ info: Message; parts: Part[] }>>;
  /** The whole session as a markdown document (title, then each message). */
  exportMarkdown(session: Session, directory?: string | null): Promise<MarkdownExport>;
}

/** Creates the session actions for one server. */
export function makeSessionOps(target: OpenCodeTarget, options: RequesterOptions = {}): SessionOps {
  const { who, url, getJson, sendJson, post } = makeRequester(target, options);
  const path = (id: string, rest = "") => `session/${encodeURIComponent(id)}${rest}`;
  const patch = (id: string, body: unknown, what: string, directory?: string | null) =>
    sendJson<Session>("PATCH", url(path(id), { directory }), what, body);

  const ops: SessionOps = {
    async rename(id, title, directory) {
      await patch(id, { title: cleanTitle(title) }, "to rename the session", directory);
    },
    async setArchived(id, archived, directory) {
      const what = archived ? "to archive the session" : "to unarchive the session";
      await patch(id, { time: { archived: archived ? Date.now() : 0 } }, what, directory);
    },
    async remove(id, directory) {
      await sendJson<unknown>("DELETE", url(path(id), { directory }), "to delete the session");
    },
    fork(id, messageID, directory) {
      return sendJson<Session>("POST", url(path(id, "/fork"), { directory }), "to fork the session", messageID ? { messageID } : {});
    },
    async revert(id, messageID, directory, partID) {
      const body = partID ? { messageID, partID } : { messageID };
      await sendJson<Session>("POST", url(path(id, "/revert"), { directory }), "to undo the turn", body);
    },
    async unrevert(id, directory) {
      await sendJson<Session>("POST", url(path(id, "/unrevert"), { directory }), "to redo the turn");
    },
    async summarize(id, model, directory) {
      if (!model.providerID || !model.modelID) {
        throw new ApiError("Compacting needs a model, and this session has none yet — send a prompt first.", null, "summarize: no model");
      }
      await post(url(path(id, "/summarize"), { directory }), "to compact the session", {
        providerID: model.providerID,
        modelID: model.modelID,
      });
    },
    async diff(id, opts = {}) {
      const list = await getJson<unknown>(url(path(id, "/diff"), { messageID: opts.messageID, directory: opts.directory }), "to list changed files");
      if (!Array.isArray(list))
        throw new ApiError(`${who} answered the changed files in an unexpected shape`, null, JSON.stringify(list).slice(0, 300));
      return list.filter(isFileDiff);
    },
    async allMessages(id, directory) {
      const list = await getJson<unknown>(url(path(id, "/message"), { directory }), "to load the history");
      if (!Array.isArray(list)) throw new ApiError(`${who} answered the history in an unexpected shape`, null, JSON.stringify(list).slice(0, 300));
      return list as Array<{ info: Message; parts: Part[] }>;
    },
    async exportMarkdown(session, directory) {
      const messages = await ops.allMessages(session.id, directory);
      return { filename: exportFilename(session), markdown: sessionMarkdown(session, messages) };
    },
  };
  return ops;
}

/** A trimmed, non-empty session title; throws with words otherwise. */
export function cleanTitle(title: string): string {
  const clean = title.trim();
  if (!clean) throw new ApiError("A session title cannot be empty.", null, "rename: empty title");
  return clean;
}
