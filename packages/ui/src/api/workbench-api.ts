/**
 * The workbench's REST calls to one OpenCode 1.x server for one folder: a model's context window
 * (`GET /config/providers`), the folder's files (`GET /file?path=`, `GET /file/content?path=`),
 * their git state (`GET /vcs/status`; 1.0.x: `GET /file/status`) and the uncommitted changes
 * (`GET /vcs/diff?mode=git`). Shapes measured on 1.18.33.
 */
import { isRecord, str } from "../store/guards";
import { makeRequester, type OpenCodeTarget, type RequesterOptions } from "./opencode-request";
import { isFileDiff, type FileDiff } from "./session-ops";

/** One entry of a folder listing; `path` is relative to the session folder, without a trailing slash. */
export interface FolderEntry {
  name: string;
  path: string;
  type: "file" | "directory";
}

/** A changed file's git mark. */
export interface FileMark {
  path: string;
  status: "added" | "deleted" | "modified";
}

/** The workbench's calls, bound to one folder. */
export interface WorkbenchApi {
  /** The model's context window in tokens, or null when the server does not say. */
  contextLimit(providerID: string, modelID: string): Promise<number | null>;
  /** The entries of folder `path` ("" = the session folder), folders first. */
  listFolder(path: string): Promise<FolderEntry[]>;
  /** A file's text. */
  readFile(path: string): Promise<string>;
  /** Files git reports as changed. */
  fileMarks(): Promise<FileMark[]>;
  /** The folder's uncommitted changes. */
  workingDiff(): Promise<FileDiff[]>;
}

/** Orders a listing: folders first, then by name; hidden `.git` left out. */
export function sortEntries(entries: FolderEntry[]): FolderEntry[] {
  return entries
    .filter((e) => e.name !== ".git")
    .sort((a, b) => (a.type === b.type ? a.name.localeCompare(b.name) : a.type === "directory" ? -1 : 1));
}

/** Reads one listing entry of either generation (`path` may end with "/"). */
export function asFolderEntry(value: unknown): FolderEntry | null {
  if (!isRecord(value)) return null;
  const path = str(value.path)?.replace(/\/+$/, "");
  const type = value.type === "directory" ? "directory" : value.type === "file" ? "file" : null;
  if (!path || !type) return null;
  return { name: str(value.name) ?? path.split("/").pop() ?? path, path, type };
}

/** Reads one git mark (`{file|path, status}`). */
export function asFileMark(value: unknown): FileMark | null {
  if (!isRecord(value)) return null;
  const path = str(value.file) ?? str(value.path);
  const status = value.status;
  if (!path || (status !== "added" && status !== "deleted" && status !== "modified")) return null;
  return { path, status };
}

/** The context window in a model record (`limit.context`, or a bare number). */
export function contextOf(model: unknown): number | null {
  if (!isRecord(model)) return null;
  const limit = model.limit;
  if (typeof limit === "number" && limit > 0) return limit;
  return isRecord(limit) && typeof limit.context === "number" && limit.context > 0 ? limit.context : null;
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Creates the 1.x API for `target`, bound to `directory` (null: the server's own folder). */
export function makeWorkbenchApi(target: OpenCodeTarget, directory: string | null, options: RequesterOptions = {}): WorkbenchApi {
  const { url, getJson, legacy } = makeRequester(target, options);
  const at = (path: string, query: Record<string, string> = {}) => url(path, { ...query, directory });
  return {
    async contextLimit(providerID, modelID) {
      const answer = await getJson<{ providers?: unknown }>(at("config/providers"), "to list models");
      const provider = list(answer.providers).find((p) => isRecord(p) && p.id === providerID);
      return isRecord(provider) && isRecord(provider.models) ? contextOf(provider.models[modelID]) : null;
    },
    async listFolder(path) {
      // 1.18 answers nothing for an empty path: the root is ".".
      const answer = await getJson<unknown>(at("file", { path: path || "." }), "to list the folder");
      return sortEntries(list(answer).flatMap((e) => asFolderEntry(e) ?? []));
    },
    async readFile(path) {
      const answer = await getJson<{ content?: unknown }>(at("file/content", { path }), "to read the file");
      return typeof answer.content === "string" ? answer.content : "";
    },
    async fileMarks() {
      const answer = await getJson<unknown>(at(legacy ? "file/status" : "vcs/status"), "to read the git status");
      return list(answer).flatMap((m) => asFileMark(m) ?? []);
    },
    async workingDiff() {
      const answer = await getJson<unknown>(at("vcs/diff", { mode: "git" }), "to list uncommitted changes");
      return list(answer).filter(isFileDiff);
    },
  };
}
