/**
 * OpenCode 1.x terminals (`/pty`, checked against 1.18.33's `GET /doc`): the folder goes in
 * `?directory=`, and the WebSocket takes the password as `?auth_token=` (a browser WebSocket
 * cannot send headers). Through the relay the events URL carries no token: the hub adds it.
 */
import { ApiError } from "../../api/api-error";
import { authTokenFrom, makeRequester, type RequesterOptions } from "../../api/opencode-request";
import { ptyOrThrow, ptysFrom, webSocketUrl, type PtyApi } from "../pty";
import type { AdapterTarget } from "../types";

/** The PTY routes of a 1.x server for `directory` (null: the server's own folder). */
export function makeV1PtyApi(target: AdapterTarget, directory: string | null, options: RequesterOptions = {}): PtyApi {
  const base = makeRequester(target, options);
  const path = (id?: string, tail = "") => base.url(id ? `pty/${encodeURIComponent(id)}${tail}` : "pty", { directory });
  return {
    async list() {
      const raw = await base.getJson<unknown>(path(), "to list terminals");
      if (!Array.isArray(raw))
        throw new ApiError(`${base.who} answered the terminal list in an unexpected shape`, null, JSON.stringify(raw ?? null).slice(0, 300));
      return ptysFrom(raw);
    },
    create: async (title) => ptyOrThrow(await base.sendJson<unknown>("POST", path(), "to start a terminal", { title }), base.who, "the new terminal"),
    async resize(id, size) {
      await base.sendJson<unknown>("PUT", path(id), "to resize the terminal", { size });
    },
    async remove(id) {
      await base.sendJson<unknown>("DELETE", path(id), "to close the terminal");
    },
    async connectUrl(id) {
      const url = new URL(webSocketUrl(path(id, "/connect")));
      const token = authTokenFrom(target.eventsUrl);
      if (token) url.searchParams.set("auth_token", token);
      return url.toString();
    },
  };
}
