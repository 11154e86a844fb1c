/**
 * Pure model of the Changes panel: which files a session changed (the server's whole-session answer,
 * else every turn's `summary.diffs` merged by file), and each file's patch parsed with jsdiff into
 * rows for the unified and the split view.
 */
import { parsePatch } from "diff";
import type { FileDiff } from "../../api/session-ops";
import type { Message } from "../../store/types";

/** One line of a unified diff. `oldNo`/`newNo` are 1-based line numbers on each side. */
export interface DiffRow {
  kind: "hunk" | "context" | "add" | "del";
  text: string;
  oldNo: number | null;
  newNo: number | null;
}

/** One row of the split view: the old side on the left, the new side on the right. */
export interface SplitRow {
  hunk?: string;
  left: DiffRow | null;
  right: DiffRow | null;
}

/** A changed file as the panel lists it: its changes from one or several turns. */
export interface ChangedFile {
  /** Path relative to the session directory. */
  file: string;
  status: "added" | "deleted" | "modified";
  additions: number;
  deletions: number;
  /** Patches in turn order (one per turn that touched the file). */
  patches: Array<{ turnId: string | null; patch: string }>;
}

/** A turn (user message) that changed files, for the scope picker. */
export interface ChangedTurn {
  messageId: string;
  label: string;
  files: FileDiff[];
}

/** Parses a unified patch into rows; a patch jsdiff cannot read gives no rows (the caller says so). */
export function diffRows(patch: string): DiffRow[] {
  let parsed;
  try {
    parsed = parsePatch(patch);
  } catch {
    return [];
  }
  const rows: DiffRow[] = [];
  for (const file of parsed) {
    for (const hunk of file.hunks) {
      rows.push({ kind: "hunk", text: `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`, oldNo: null, newNo: null });
      let oldNo = hunk.oldStart;
      let newNo = hunk.newStart;
      for (const line of hunk.lines) {
        const mark = line[0];
        const text = line.slice(1);
        if (mark === "+") rows.push({ kind: "add", text, oldNo: null, newNo: newNo++ });
        else if (mark === "-") rows.push({ kind: "del", text, oldNo: oldNo++, newNo: null });
        else if (mark === " ") rows.push({ kind: "context", text, oldNo: oldNo++, newNo: newNo++ });
        // "\ No newline at end of file" says nothing a reader needs here.
      }
    }
  }
  return rows;
}

/** Pairs deletions with the additions that follow them, so changed lines sit side by side. */
export function splitRows(rows: readonly DiffRow[]): SplitRow[] {
  const out: SplitRow[] = [];
  let dels: DiffRow[] = [];
  let adds: DiffRow[] = [];
  const flush = () => {
    for (let i = 0; i < Math.max(dels.length, adds.length); i++) out.push({ left: dels[i] ?? null, right: adds[i] ?? null });
    dels = [];
    adds = [];
  };
  for (const row of rows) {
    if (row.kind === "del") {
      if (adds.length > 0) flush();
      dels.push(row);
    } else if (row.kind === "add") adds.push(row);
    else {
      flush();
      out.push(row.kind === "hunk" ? { hunk: row.text, left: null, right: null } : { left: row, right: row });
    }
  }
  flush();
  return out;
}

/** A path relative to the session directory (servers send relative paths; older ones absolute). */
export function relativePath(file: string, directory: string): string {
  const dir = directory.replace(/[\\/]+$/, "");
  if (dir && (file.startsWith(`${dir}/`) || file.startsWith(`${dir}\\`))) return file.slice(dir.length + 1);
  return file;
}

/**
 * The turns of a session that changed files, oldest first (from each user message's `summary.diffs`).
 * Turns from `revertFrom` on (the session's `revert.messageID`: Undo took them back) changed nothing.
 */
export function changedTurns(messages: readonly Message[], revertFrom?: string): ChangedTurn[] {
  const turns: ChangedTurn[] = [];
  let n = 0;
  for (const m of messages) {
    if (m.role !== "user") continue;
    if (revertFrom !== undefined && m.id >= revertFrom) break;
    n++;
    const diffs = (m.summary?.diffs ?? []).filter((d): d is FileDiff => typeof d.file === "string");
    if (diffs.length === 0) continue;
    turns.push({ messageId: m.id, label: m.summary?.title || `Turn ${n}`, files: diffs });
  }
  return turns;
}

/**
 * The files to list. `whole` is the server's whole-session answer (GET /diff or `session.diff`);
 * when it is empty (1.18.33 answers [] there) the turns' own diffs are merged by file.
 */
export function changedFiles(
  whole: readonly FileDiff[],
  turns: readonly { messageId: string | null; files: readonly FileDiff[] }[],
  directory: string,
): ChangedFile[] {
  const sources = whole.length > 0 ? [{ messageId: null, files: whole }] : turns;
  const byFile = new Map<string, ChangedFile>();
  for (const turn of sources) {
    for (const d of turn.files) {
      const file = relativePath(d.file, directory);
      const status = d.status ?? "modified";
      const seen = byFile.get(file);
      if (!seen) {
        byFile.set(file, {
          file,
          status,
          additions: d.additions,
          deletions: d.deletions,
          patches: [{ turnId: turn.messageId, patch: d.patch ?? "" }],
        });
        continue;
      }
      seen.additions += d.additions;
      seen.deletions += d.deletions;
      seen.patches.push({ turnId: turn.messageId, patch: d.patch ?? "" });
      // Added then changed is still new to the session; changed then deleted is gone.
      if (status === "deleted") seen.status = seen.status === "added" ? "added" : "deleted";
    }
  }
  return [...byFile.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Lines above which a file's diff starts collapsed. */
export const COLLAPSE_LINES = 300;
