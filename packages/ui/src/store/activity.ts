/**
 * The activity overview and the sub-agent lines: what each session is doing now (busy, waiting for
 * the user, finished but unread, errored), since when, and its current tool or step. Pure.
 */
import { idTime } from "./id-time";
import { ownerOf } from "./ownership";
import type { AssistantMessage, Message, Part, State, ToolPart } from "./types";

/** What a session needs or does, most urgent first. */
export type ActivityKind = "waiting" | "errored" | "busy" | "unread";

/** Urgency order of {@link ActivityKind} (lower = more urgent). */
export const ACTIVITY_ORDER: Record<ActivityKind, number> = { waiting: 0, errored: 1, busy: 2, unread: 3 };

/** One session in the overview. */
export interface ActivityRow {
  sessionId: string;
  kind: ActivityKind;
  title: string;
  directory: string;
  /** The instance running it, or null. */
  instanceId: string | null;
  /** Epoch ms the current state began (turn start, oldest pending request, error, last update). */
  since: number | null;
  /** The current tool or step in words ("bash: npm test", "writing"), or null. */
  step: string | null;
  /** A retry countdown is running (busy kind). */
  retry: boolean;
  /** The session is a sub-agent's (has a parent). */
  child: boolean;
}

/** The newest assistant message of a session, or null. */
function lastAssistant(messages: readonly Message[]): AssistantMessage | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as Message;
    if (m.role === "assistant") return m;
  }
  return null;
}

/** A short words-only summary of a tool call (its title, command or path). */
function toolWords(part: ToolPart): string {
  const state = part.state;
  const title = "title" in state && typeof state.title === "string" && state.title ? state.title : null;
  const input = state.input;
  const detail =
    title ??
    (typeof input["command"] === "string" ? input["command"] : null) ??
    (typeof input["description"] === "string" ? input["description"] : null) ??
    (typeof input["filePath"] === "string" ? input["filePath"] : null);
  const flat = detail ? detail.replace(/\s+/g, " ").trim() : "";
  return flat ? `${part.tool}: ${flat.length > 80 ? `${flat.slice(0, 79)}…` : flat}` : part.tool;
}

/** What a running session is doing now: its running tool, else thinking/writing, else null. */
export function currentStep(state: State, sessionId: string): string | null {
  const assistant = lastAssistant(state.messages[sessionId] ?? []);
  if (!assistant || assistant.time.completed !== undefined) return null;
  const parts: readonly Part[] = state.parts[assistant.id] ?? [];
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i] as Part;
    if (part.type === "tool" && (part.state.status === "running" || part.state.status === "pending")) return toolWords(part);
  }
  const last = parts[parts.length - 1];
  if (last?.type === "reasoning") return "thinking";
  if (last?.type === "text") return "writing";
  if (last?.type === "tool") return "reading the tool's result";
  return null;
}

/** True when the session's newest turn ended in an error (not a user abort) and nothing came since. */
export function isErrored(state: State, sessionId: string): boolean {
  if (state.status[sessionId]) return false;
  const messages = state.messages[sessionId] ?? [];
  const last = messages[messages.length - 1];
  const errors = state.sessionErrors[sessionId] ?? [];
  const lastError = errors[errors.length - 1];
  if (lastError && lastError.name !== "MessageAbortedError" && lastError.afterMessageId === (last?.id ?? null)) return true;
  return last?.role === "assistant" && last.error !== undefined && last.error.name !== "MessageAbortedError";
}

/** When the running turn started: its user message, else the newest assistant message. */
function turnStart(state: State, sessionId: string): number | null {
  const messages = state.messages[sessionId] ?? [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as Message;
    if (m.role === "user") return m.time.created;
  }
  return lastAssistant(messages)?.time.created ?? null;
}

/** The activity of one session, or null when it is idle and read. */
export function activityOf(state: State, sessionId: string, isUnread: (id: string) => boolean, now: number): ActivityRow | null {
  const entry = state.sessions[sessionId];
  if (!entry || entry.info.time.archived) return null;
  const permissions = state.permissions[sessionId] ?? [];
  const questions = state.questions[sessionId] ?? [];
  const status = state.status[sessionId];
  const base = {
    sessionId,
    title: entry.info.title || "Untitled session",
    directory: entry.info.directory,
    instanceId: ownerOf(entry, state.instances),
    step: status ? currentStep(state, sessionId) : null,
    retry: status?.type === "retry",
    child: entry.info.parentID !== undefined,
  };
  if (permissions.length + questions.length > 0) {
    const asked = [...permissions, ...questions].map((r) => idTime(r.id, now)).filter((t): t is number => t !== null);
    const first = permissions[0];
    const command = first?.metadata["command"];
    const what = typeof command === "string" && command ? command : (first?.patterns.join(", ") ?? "");
    const step = first ? `${first.permission}${what ? `: ${what}` : ""}` : `question: ${questions[0]?.questions[0]?.question ?? ""}`;
    return { ...base, kind: "waiting", since: asked.length > 0 ? Math.min(...asked) : null, step };
  }
  if (status) return { ...base, kind: "busy", since: turnStart(state, sessionId) };
  if (isErrored(state, sessionId)) {
    const errors = state.sessionErrors[sessionId] ?? [];
    return { ...base, kind: "errored", since: errors[errors.length - 1]?.at ?? entry.info.time.updated, step: null };
  }
  // Unread history in a folder no server runs in is not activity (nothing can happen there).
  if (isUnread(sessionId) && base.instanceId !== null) return { ...base, kind: "unread", since: entry.info.time.updated, step: null };
  return null;
}

/** Every session that is busy, waiting, errored or unread. */
export function activityRows(state: State, isUnread: (id: string) => boolean, now: number): ActivityRow[] {
  const rows: ActivityRow[] = [];
  for (const id of Object.keys(state.sessions)) {
    const row = activityOf(state, id, isUnread, now);
    if (row) rows.push(row);
  }
  return rows;
}

/** Columns the overview sorts by. */
export type ActivitySortKey = "state" | "session" | "instance" | "elapsed";

/** Sorts rows by a column (ties: most urgent, then longest waiting, then id) without mutating them. */
export function sortActivity(
  rows: readonly ActivityRow[],
  key: ActivitySortKey,
  direction: "asc" | "desc",
  label: (row: ActivityRow) => string,
): ActivityRow[] {
  const sign = direction === "asc" ? 1 : -1;
  const byState = (a: ActivityRow, b: ActivityRow) => ACTIVITY_ORDER[a.kind] - ACTIVITY_ORDER[b.kind];
  // Longest running first; rows without a start time last.
  const byElapsed = (a: ActivityRow, b: ActivityRow) => (a.since === b.since ? 0 : a.since === null ? 1 : b.since === null ? -1 : a.since - b.since);
  const primary = (a: ActivityRow, b: ActivityRow): number => {
    if (key === "state") return byState(a, b);
    if (key === "session") return a.title.localeCompare(b.title);
    if (key === "instance") return label(a).localeCompare(label(b));
    return byElapsed(a, b);
  };
  return [...rows].sort((a, b) => sign * primary(a, b) || byState(a, b) || byElapsed(a, b) || (a.sessionId < b.sessionId ? -1 : 1));
}
