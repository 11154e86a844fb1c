/** Text helpers of the attention views (pure). */
import type { ChainLink } from "../../store/attention";

/** "8s", "4m", "2h 5m", "3d": how long something has been waiting or running. */
export function formatElapsed(since: number, now: number): string {
  const seconds = Math.max(0, Math.floor((now - since) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours}h` : `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d`;
}

/** A chain link as words: its title, or a short id for a parent no instance listed. */
export function linkTitle(link: ChainLink): string {
  if (link.title !== null) return link.title || "Untitled session";
  return `session …${link.id.slice(-6)}`;
}

/** The document title with the count in front while anything needs the user. */
export function titleWithCount(base: string, count: number): string {
  const bare = base.replace(/^\(\d+\) /, "");
  return count > 0 ? `(${count}) ${bare}` : bare;
}

/** An SVG favicon (the app mark) with a badge carrying the count, as a data: URL. */
export function faviconHref(count: number): string {
  const mark = "<rect x='1' y='2' width='14' height='12' rx='2' fill='#5b8def'/><rect x='3' y='4' width='4' height='8' rx='1' fill='white'/>";
  const label = count > 9 ? "9+" : String(count);
  const badge =
    count > 0
      ? `<circle cx='11.5' cy='4.5' r='4.5' fill='#d9730d'/><text x='11.5' y='7' font-size='${count > 9 ? 5 : 7}' font-family='sans-serif' font-weight='700' fill='white' text-anchor='middle'>${label}</text>`
      : "";
  return `data:image/svg+xml,${encodeURIComponent(`<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'>${mark}${badge}</svg>`)}`;
}

/** Equal string lists (a memo's `equals`, so keyed lists rerender only when their ids change). */
export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
