/**
 * The one order of instances and directories, shared by the instance tabs and the sidebar's
 * directory groups: by folder name, then full path, then kind and port. It depends only on what an
 * instance is, never on activity or on when it was seen, so nothing jumps while sessions stream or
 * when a server restarts.
 */
import type { Instance } from "@switchboard/server/contract";
import type { InstanceEntry } from "./types";

const KIND_RANK: Record<Instance["kind"], number> = { serve: 0, tui: 1, service: 2, web: 3, other: 4 };

/** The folder name the views show ("/home/ann/api/" → "api"). */
function folder(directory: string): string {
  const parts = directory.replace(/[\\/]+$/, "").split(/[\\/]/);
  return (parts[parts.length - 1] ?? directory).toLowerCase();
}

/** Directories in display order: folder name (case-insensitive), then the full path. */
export function compareDirectories(a: string, b: string): number {
  const byName = folder(a).localeCompare(folder(b), "en");
  if (byName !== 0) return byName;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Instances in display order: directory ({@link compareDirectories}; unknown last), kind, port, id. */
export function compareInstances(a: Instance, b: Instance): number {
  if (a.directory !== b.directory) {
    if (a.directory === null) return 1;
    if (b.directory === null) return -1;
    const byDirectory = compareDirectories(a.directory, b.directory);
    if (byDirectory !== 0) return byDirectory;
  }
  return KIND_RANK[a.kind] - KIND_RANK[b.kind] || a.port - b.port || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The instance entries in display order (a new array). */
export function orderInstances(entries: Iterable<InstanceEntry>): InstanceEntry[] {
  return [...entries].sort((a, b) => compareInstances(a.info, b.info));
}

/**
 * Sidebar directories in display order: those of running instances first, in instance-tab order
 * (so each group's New session button stays put), then the others by {@link compareDirectories}.
 */
export function orderDirectories(directories: Iterable<string>, running: ReadonlySet<string>): string[] {
  return [...new Set(directories)].sort((a, b) => {
    const ra = running.has(a);
    if (ra !== running.has(b)) return ra ? -1 : 1;
    return compareDirectories(a, b);
  });
}
