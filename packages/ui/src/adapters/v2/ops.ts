/**
 * Session actions (`SessionOps`) on one OpenCode 2 server (measured on 2.1.2): rename and archive
 * are one PATCH, undo stages a revert (files restored at once) and redo clears it, compact,
 * per-session diffs, and the whole history for export.
 */
import { ApiError } from "../../api/api-error";
import type { RequesterOptions } from "../../api/opencode-request";
import { cleanTitle, isFileDiff, type SessionOps } from "../../api/session-ops";
import { exportFilename, sessionMarkdown } from "../../api/session-markdown";
import type { Message, Part } from "../../store/types";
import type { AdapterTarget } from "../types";
import { messagesFromV2, sessionFromV2 } from "./records";
import { asList, makeV2Requester, seg } from "./request";

/** Messages per page when reading a whole history. */
const HISTORY_PAGE = 200;

/** Creates the session actions for one 2.x server. */
export function makeV2SessionOps(target: AdapterTarget, options: RequesterOptions = {}): SessionOps {
  const api = makeV2Requester(target, options);
  const path = (id: string, rest = "") => `session/${seg(id)}${rest}`;

  const ops: SessionOps = {
    async rename(id, title) {
      await api.call("PATCH", path(id), "to rename the session", { body: { title: cleanTitle(title) } });
    },
    async setArchived(id, archived) {
      await api.call("PATCH", path(id), archived ? "to archive the session" : "to unarchive the session", { body: { archived } });
    },
    async remove(id) {
      await api.call("DELETE", path(id), "to delete the session");
    },
    async fork(id, messageID) {
      const fork = sessionFromV2(
        await api.call<unknown>("POST", path(id, "/fork"), "to fork the session", { body: messageID ? { before: messageID } : {} }),
      );
      if (!fork) throw new ApiError(`${api.who} answered the fork in an unexpected shape`, null, `POST /api/session/${id}/fork`);
      return fork;
    },
    async revert(id, messageID) {
      // 2.x stages the revert (the files come back at once); a later stage moves it, `DELETE revert` undoes it.
      await api.call("POST", path(id, "/revert/stage"), "to undo the turn", { body: { messageID } });
    },
    async unrevert(id) {
      await api.call("DELETE", path(id, "/revert"), "to redo the turn");
    },
    async summarize(id) {
      // 2.x compacts with the session's own model; no model to name.
      await api.call("POST", path(id, "/compact"), "to compact the session", { body: {} });
    },
    async diff(id, opts = {}) {
      const list = asList(
        await api.call<unknown>("GET", path(id, "/diff"), "to list changed files", { query: { from: opts.messageID } }),
        api.who,
        "the changed files",
      );
      return list.filter(isFileDiff);
    },
    async allMessages(id) {
      const all: unknown[] = [];
      let cursor: string | null = null;
      do {
        const page: { data?: unknown; cursor?: { next?: string | null } } = await api.raw("GET", path(id, "/message"), "to load the history", {
          query: { limit: HISTORY_PAGE, cursor },
        });
        const data = asList(page?.data, api.who, "the history");
        all.push(...data);
        cursor = data.length >= HISTORY_PAGE ? (page.cursor?.next ?? null) : null;
      } while (cursor);
      return messagesFromV2(all, id) as Array<{ info: Message; parts: Part[] }>;
    },
    async exportMarkdown(session) {
      const messages = await ops.allMessages(session.id);
      return { filename: exportFilename(session), markdown: sessionMarkdown(session, messages) };
    },
  };
  return ops;
}
