/** Git marks for the tree: a file's own mark, and a folder's when something inside it changed. Pure. */
import type { FileMark } from "../../../api/workbench-api";

/** One-letter marks as git shows them. */
export const MARK_LETTER: Record<FileMark["status"], string> = { added: "A", deleted: "D", modified: "M" };

/** path → mark, plus every ancestor folder of a changed file → "modified". */
export function markIndex(marks: readonly FileMark[]): Map<string, FileMark["status"]> {
  const index = new Map<string, FileMark["status"]>();
  for (const m of marks) {
    index.set(m.path, m.status);
    const parts = m.path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join("/");
      if (!index.has(folder)) index.set(folder, "modified");
    }
  }
  return index;
}

/** The extension a file's name gives the highlighter ("ts" for "a/b.ts", the name itself for "Makefile"). */
export function languageOf(path: string): string {
  const name = path.split("/").pop() ?? path;
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1) : name;
}
