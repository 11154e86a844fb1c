/** Pure text helpers shared by the navigation views (no DOM, no reactivity). */

/** Last path segment of a directory ("/home/ann/api" → "api"); "/" stays "/". */
export function basename(directory: string): string {
  const trimmed = directory.replace(/[\\/]+$/, "");
  if (trimmed === "") return directory === "" ? "" : "/";
  const at = Math.max(trimmed.lastIndexOf("/"), trimmed.lastIndexOf("\\"));
  return trimmed.slice(at + 1);
}

/** Replaces a leading home directory with "~" so long paths fit a sidebar header. */
export function shortenHome(directory: string, home: string | null): string {
  if (home && home !== "/" && (directory === home || directory.startsWith(`${home}/`))) {
    return `~${directory.slice(home.length)}`;
  }
  return directory;
}

/**
 * Guesses the user's home from a set of absolute paths (the browser cannot ask the OS):
 * /home/NAME, /Users/NAME or /root when every path sits under it.
 */
export function guessHome(directories: readonly string[]): string | null {
  for (const dir of directories) {
    const match = /^(\/home\/[^/]+|\/Users\/[^/]+|\/root)(?:\/|$)/.exec(dir);
    if (match?.[1]) return match[1];
  }
  return null;
}

/** "just now", "45s ago", "2m ago", "3h ago", "4d ago", then a date. */
export function formatRelative(then: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 10) return "just now";
  if (seconds < 60) return `${seconds}s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ago`;
  const days = Math.floor(hours / 24);
  if (days < 30) return `${days}d ago`;
  return new Date(then).toISOString().slice(0, 10);
}

/** Whole seconds until `at` (never negative), rounded up so "in 1s" shows until the moment passes. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}
