/**
 * The workbench's calls on one OpenCode 2 server, for one folder (sent in `x-opencode-directory`):
 * `/api/model` (`limit`), `/api/fs/list?path=`, `/api/fs/read/<path>` (raw bytes),
 * `/api/vcs/status` and `/api/vcs/diff?mode=working`.
 */
import type { RequesterOptions } from "../../api/opencode-request";
import { isFileDiff } from "../../api/session-ops";
import { asFileMark, asFolderEntry, contextOf, sortEntries, type WorkbenchApi } from "../../api/workbench-api";
import { send } from "../../api/http";
import { makeRequester } from "../../api/opencode-request";
import type { AdapterTarget } from "../types";
import { asList, DIRECTORY_HEADER, makeV2Requester } from "./request";

/** Creates the API for `target`, bound to `directory` (null: the server's own folder). */
export function makeV2WorkbenchApi(target: AdapterTarget, directory: string | null, options: RequesterOptions = {}): WorkbenchApi {
  const api = makeV2Requester(target, options);
  const at = { directory };
  const list = async (path: string, what: string, query?: Record<string, string>) =>
    asList(await api.call<unknown>("GET", path, what, { ...at, ...(query ? { query } : {}) }), api.who, what);
  return {
    async contextLimit(providerID, modelID) {
      const models = await list("model", "to list models");
      return contextOf(
        models.find(
          (m) =>
            typeof m === "object" &&
            m !== null &&
            (m as { providerID?: unknown }).providerID === providerID &&
            ((m as { id?: unknown }).id === modelID || (m as { modelID?: unknown }).modelID === modelID),
        ),
      );
    },
    async listFolder(path) {
      return sortEntries((await list("fs/list", "to list the folder", path ? { path } : undefined)).flatMap((e) => asFolderEntry(e) ?? []));
    },
    async readFile(path) {
      // Raw bytes, not JSON: read as text through the plain requester (auth header, errors in words).
      const base = makeRequester(target, options);
      const spec = base.spec("GET", base.url(`api/fs/read/${path.split("/").map(encodeURIComponent).join("/")}`), "to read the file");
      const res = await send(base.fetchImpl, directory ? { ...spec, headers: { ...spec.headers, [DIRECTORY_HEADER]: directory } } : spec);
      return res.text();
    },
    async fileMarks() {
      return (await list("vcs/status", "to read the git status")).flatMap((m) => asFileMark(m) ?? []);
    },
    async workingDiff() {
      return (await list("vcs/diff", "to list uncommitted changes", { mode: "working" })).filter(isFileDiff);
    },
  };
}
