/** Pure text helpers of the timeline (no DOM, no reactivity). */

/** "$0.0012" under a dollar (model turns are cheap), "$1.25" above. */
export function formatCost(cost: number): string {
  if (!Number.isFinite(cost) || cost <= 0) return "$0";
  return cost < 1 ? `$${cost.toFixed(4)}` : `$${cost.toFixed(2)}`;
}

/** 950 → "950", 12_345 → "12.3k", 2_500_000 → "2.5M". */
export function formatCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 2 : 1).replace(/\.?0+$/, "")}k`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, "")}M`;
}

/** 850 → "850ms", 3_200 → "3.2s", 95_000 → "1m 35s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1).replace(/\.0$/, "")}s`;
  const m = Math.floor(ms / 60_000);
  return `${m}m ${Math.round((ms % 60_000) / 1000)}s`;
}

/** Tokens of a step or message, as one short line. */
export interface TokenCounts {
  input: number;
  output: number;
  reasoning: number;
  cache: { read: number; write: number };
}

/** "1.2k in · 56 out · 12 reasoning · cache 100r/0w" (zero reasoning and cache omitted). */
export function formatTokens(t: TokenCounts): string {
  const bits = [`${formatCount(t.input)} in`, `${formatCount(t.output)} out`];
  if (t.reasoning > 0) bits.push(`${formatCount(t.reasoning)} reasoning`);
  if (t.cache.read > 0 || t.cache.write > 0) bits.push(`cache ${formatCount(t.cache.read)} read / ${formatCount(t.cache.write)} write`);
  return bits.join(" · ");
}

/** Last segment of a path or URL ("/a/b/c.ts" → "c.ts"). */
export function lastSegment(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, "");
  const at = Math.max(trimmed.lastIndexOf("/"), trimmed.lastIndexOf("\\"));
  return at >= 0 ? trimmed.slice(at + 1) || path : trimmed || path;
}

/** True for http: and https: URLs only (file parts may carry data: or file: URLs we must not link). */
export function isWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

/** A short one-line gist of a tool's input, used when the tool has no title yet. */
export function toolInputGist(input: Record<string, unknown>): string {
  for (const key of ["command", "filePath", "path", "pattern", "url", "description", "query"]) {
    const v = input[key];
    if (typeof v === "string" && v.trim()) return v.length > 120 ? `${v.slice(0, 119)}…` : v;
  }
  return "";
}

/**
 * Words for why a model step ended, or null when it ended normally: "stop" (answered) and
 * "tool-calls" (it called tools, shown above) need none; the AI SDK's other reasons are explained.
 */
export function stepEndWords(reason: string | undefined): string | null {
  switch (reason) {
    case undefined:
    case "":
    case "stop":
    case "tool-calls":
      return null;
    case "length":
      return "cut off: the model reached its output limit";
    case "content-filter":
      return "stopped by the provider's content filter";
    case "error":
      return "ended with an error";
    default:
      return `ended: ${reason}`;
  }
}
