/**
 * A session's token and cost sums over its assistant messages, and how full the model's context
 * window is (the last finished reply's tokens: what the next request starts from). Pure.
 */
import type { Message } from "../../../store/types";

/** Sums of one session. */
export interface ContextSums {
  input: number;
  output: number;
  reasoning: number;
  cacheRead: number;
  cacheWrite: number;
  cost: number;
  /** Assistant messages summed. */
  replies: number;
  /** Tokens of the last reply that has any (input, output, reasoning and cache), 0 when none. */
  lastContext: number;
  /** The model of the last reply, for its context window. */
  model: { providerID: string; modelID: string } | null;
}

const n = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) ? value : 0);

/** Sums the assistant messages (tolerates missing token fields: a reply still streaming has none). */
export function contextSums(messages: readonly Message[]): ContextSums {
  const sums: ContextSums = { input: 0, output: 0, reasoning: 0, cacheRead: 0, cacheWrite: 0, cost: 0, replies: 0, lastContext: 0, model: null };
  for (const m of messages) {
    if (m.role !== "assistant") continue;
    const t = m.tokens as Partial<typeof m.tokens> | undefined;
    const used = { input: n(t?.input), output: n(t?.output), reasoning: n(t?.reasoning), read: n(t?.cache?.read), write: n(t?.cache?.write) };
    sums.input += used.input;
    sums.output += used.output;
    sums.reasoning += used.reasoning;
    sums.cacheRead += used.read;
    sums.cacheWrite += used.write;
    sums.cost += n(m.cost);
    sums.replies += 1;
    const total = used.input + used.output + used.reasoning + used.read + used.write;
    if (total > 0) sums.lastContext = total;
    if (m.providerID && m.modelID) sums.model = { providerID: m.providerID, modelID: m.modelID };
  }
  return sums;
}

/** The share of the window used, 0–1 (capped), or null without a known window. */
export function contextShare(used: number, limit: number | null | undefined): number | null {
  if (!limit || limit <= 0) return null;
  return Math.min(1, used / limit);
}

/** "$0.0123", "$1.20", "$0" — small costs keep their digits. */
export function formatCost(cost: number): string {
  if (cost === 0) return "$0";
  if (cost < 0.01) return `$${cost.toPrecision(2)}`;
  return `$${cost.toFixed(2)}`;
}

/** "1,234" / "12.3k" / "1.2M". */
export function formatTokens(count: number): string {
  if (count < 10_000) return count.toLocaleString("en-US");
  if (count < 1_000_000) return `${(count / 1000).toFixed(1)}k`;
  return `${(count / 1_000_000).toFixed(1)}M`;
}

/**
 * A session's cost for a tooltip: the sum over its loaded messages, else the total the server
 * keeps on the session (2.x `cost`); null when neither is known (1.x before the session is opened).
 */
export function sessionCost(info: { cost?: unknown } | undefined, messages: readonly Message[] | undefined): number | null {
  if (messages?.some((m) => m.role === "assistant")) return contextSums(messages).cost;
  return typeof info?.cost === "number" ? info.cost : null;
}
