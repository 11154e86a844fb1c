/**
 * The folder browser of "New session in…" (local mode only): the folders under the user's home,
 * by a home-relative path. Hidden folders (a segment starting with ".") and anything outside home
 * (`..`, absolute paths, symlinks that leave it) are refused, so the page can only walk the
 * user's own visible tree.
 */
import { readdir, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";

/** One folder of a listing; `path` is home-relative. */
export interface FolderItem {
  name: string;
  path: string;
}

/** A folder and the folders in it. */
export interface FolderListing {
  /** Home-relative ("" = home itself). */
  path: string;
  absolute: string;
  /** Home-relative parent, or null at home. */
  parent: string | null;
  folders: FolderItem[];
}

/** A request the browser refuses, in words. */
export class FolderRefused extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404,
  ) {
    super(message);
  }
}

/** How many folders one listing returns at most (a huge folder is cut, sorted by name). */
export const FOLDER_LIMIT = 500;

/** Checks a home-relative path's shape (no absolute path, no `..`, no hidden segment); returns its segments. */
export function checkRelative(path: string): string[] {
  if (isAbsolute(path) || /^[a-zA-Z]:/.test(path)) throw new FolderRefused("The folder browser takes paths relative to your home folder.", 400);
  const segments = path.split(/[\\/]+/).filter((s) => s !== "" && s !== ".");
  for (const s of segments) {
    if (s === "..") throw new FolderRefused("The folder browser stays inside your home folder.", 403);
    if (s.startsWith(".")) throw new FolderRefused("Hidden folders are not offered.", 403);
  }
  return segments;
}

/** Lists the visible folders of `path` under `home`. */
export async function listFolders(home: string, path: string): Promise<FolderListing> {
  const segments = checkRelative(path);
  const realHome = await realpath(home);
  let absolute: string;
  try {
    absolute = await realpath(join(realHome, ...segments));
  } catch {
    throw new FolderRefused(`There is no folder ~/${segments.join("/")}.`, 404);
  }
  const rel = relative(realHome, absolute);
  if (rel.startsWith("..") || isAbsolute(rel)) throw new FolderRefused("That folder is outside your home folder.", 403);
  if (!(await stat(absolute)).isDirectory()) throw new FolderRefused(`~/${segments.join("/")} is not a folder.`, 404);
  const entries = await readdir(absolute, { withFileTypes: true });
  const here = rel.split(sep).filter(Boolean).join("/");
  const folders = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith("."))
    .map((e) => e.name)
    .sort((a, b) => a.localeCompare(b))
    .slice(0, FOLDER_LIMIT)
    .map((name) => ({ name, path: here ? `${here}/${name}` : name }));
  const parent = here ? here.split("/").slice(0, -1).join("/") : null;
  return { path: here, absolute, parent, folders };
}
