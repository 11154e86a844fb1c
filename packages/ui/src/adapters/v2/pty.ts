/**
 * OpenCode 2 terminals (`/api/pty`, opencode-protocol-v2.md §4.1, measured on 2.1.2): the folder
 * goes in `x-opencode-directory`; the WebSocket needs no Basic auth but a one-minute ticket from
 * `POST /api/pty/{id}/connect-token` (only with `x-opencode-ticket: 1`), and its folder as
 * `location[directory]`.
 */
import { ApiError } from "../../api/api-error";
import type { RequesterOptions } from "../../api/opencode-request";
import { ptyOrThrow, ptysFrom, webSocketUrl, type PtyApi } from "../pty";
import type { AdapterTarget } from "../types";
import { asList, makeV2Requester, seg } from "./request";

/** The PTY routes of a 2.x server for `directory` (null: the instance's own folder). */
export function makeV2PtyApi(target: AdapterTarget, directory: string | null, options: RequesterOptions = {}): PtyApi {
  const api = makeV2Requester(target, options);
  const folder = directory ?? target.directory ?? null;
  return {
    async list() {
      return ptysFrom(asList(await api.call<unknown>("GET", "pty", "to list terminals", { directory: folder }), api.who, "the terminal list"));
    },
    create: async (title) =>
      ptyOrThrow(await api.call<unknown>("POST", "pty", "to start a terminal", { directory: folder, body: { title } }), api.who, "the new terminal"),
    async resize(id, size) {
      await api.call("PUT", `pty/${seg(id)}`, "to resize the terminal", { directory: folder, body: { size } });
    },
    async remove(id) {
      await api.call("DELETE", `pty/${seg(id)}`, "to close the terminal", { directory: folder });
    },
    async connectUrl(id) {
      const answer = await api.call<{ ticket?: unknown }>("POST", `pty/${seg(id)}/connect-token`, "a terminal ticket", {
        directory: folder,
        headers: { "x-opencode-ticket": "1" },
      });
      if (typeof answer?.ticket !== "string")
        throw new ApiError(`${api.who} answered the terminal ticket in an unexpected shape`, null, JSON.stringify(answer ?? null).slice(0, 300));
      const url = new URL(webSocketUrl(new URL(`api/pty/${seg(id)}/connect`, `${target.url}/`).toString()));
      url.searchParams.set("ticket", answer.ticket);
      if (folder) url.searchParams.set("location[directory]", folder);
      return url.toString();
    },
  };
}
