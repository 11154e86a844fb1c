/**
 * The "Needs you" inbox: every pending permission and question of every session (child sessions at any
 * depth included), newest first, with where it lives. Pure; views wrap it in createMemo.
 */
import { idTime } from "./id-time";
import { ownerOf } from "./ownership";
import type { PermissionRequest, QuestionRequest, Session, State } from "./types";

/** One link of a session's parent chain (root first); `title` is null for a parent no instance listed. */
export interface ChainLink {
  id: string;
  title: string | null;
}

interface ItemBase {
  /** The request id (`data-attention-id`). */
  id: string;
  sessionId: string;
  /** The instance answers go to (the session's owner), or null when none runs it. */
  instanceId: string | null;
  /** The session's directory (its project), or null when the session is not listed. */
  directory: string | null;
  /** Root first, ending with the session itself. */
  chain: ChainLink[];
  /** Epoch ms the request was made (from its id), or null when unknown. */
  askedAt: number | null;
}

/** A pending request as the inbox shows it. */
export type AttentionItem =
  (ItemBase & { kind: "permission"; request: PermissionRequest }) | (ItemBase & { kind: "question"; request: QuestionRequest });

/** How deep a parent chain is followed (a cycle in bad data must not hang the page). */
const MAX_DEPTH = 32;

/** The session's ancestry, root first, ending with the session itself. */
export function parentChain(state: State, sessionId: string): ChainLink[] {
  const chain: ChainLink[] = [];
  const seen = new Set<string>();
  let id: string | undefined = sessionId;
  while (id !== undefined && !seen.has(id) && chain.length < MAX_DEPTH) {
    seen.add(id);
    const info: Session | undefined = state.sessions[id]?.info;
    chain.push({ id, title: info ? info.title : null });
    id = info?.parentID;
  }
  return chain.reverse();
}

/** Every pending permission and question, newest first (ties: permission before question, then id). */
export function attentionItems(state: State, now: number = Date.now()): AttentionItem[] {
  const items: AttentionItem[] = [];
  const base = (sessionId: string, requestId: string): ItemBase => {
    const entry = state.sessions[sessionId];
    return {
      id: requestId,
      sessionId,
      instanceId: entry ? ownerOf(entry, state.instances) : null,
      directory: entry?.info.directory ?? null,
      chain: parentChain(state, sessionId),
      askedAt: idTime(requestId, now),
    };
  };
  for (const [sessionId, list] of Object.entries(state.permissions)) {
    for (const request of list) items.push({ ...base(sessionId, request.id), kind: "permission", request });
  }
  for (const [sessionId, list] of Object.entries(state.questions)) {
    for (const request of list) items.push({ ...base(sessionId, request.id), kind: "question", request });
  }
  return items.sort(newestFirst);
}

function newestFirst(a: AttentionItem, b: AttentionItem): number {
  const ta = a.askedAt ?? 0;
  const tb = b.askedAt ?? 0;
  if (ta !== tb) return tb - ta;
  if (a.kind !== b.kind) return a.kind === "permission" ? -1 : 1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** How many requests are pending (the button's and the title's count); cheaper than building items. */
export function attentionTotal(state: State): number {
  let total = 0;
  for (const list of Object.values(state.permissions)) total += list.length;
  for (const list of Object.values(state.questions)) total += list.length;
  return total;
}

/** Ids of every session below `sessionId` (children, grandchildren…), from the parentID links. */
export function descendantIds(state: State, sessionId: string): string[] {
  const children = new Map<string, string[]>();
  for (const entry of Object.values(state.sessions)) {
    const parent = entry.info.parentID;
    if (!parent) continue;
    const list = children.get(parent);
    if (list) list.push(entry.info.id);
    else children.set(parent, [entry.info.id]);
  }
  const out: string[] = [];
  const queue = [...(children.get(sessionId) ?? [])];
  const seen = new Set<string>([sessionId]);
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
    queue.push(...(children.get(id) ?? []));
  }
  return out;
}

/**
 * How many things need the user (the title's `(N)`): every pending request, plus every top-level
 * session that finished a turn the user has not looked at (`isUnread`: the same rule as the list and tabs).
 */
export function needsYouCount(state: State, isUnread: (sessionId: string) => boolean): number {
  let count = attentionTotal(state);
  for (const entry of Object.values(state.sessions)) {
    const id = entry.info.id;
    if (entry.info.parentID !== undefined || entry.info.time.archived || state.status[id]) continue;
    if ((state.permissions[id]?.length ?? 0) + (state.questions[id]?.length ?? 0) > 0) continue;
    if (isUnread(id)) count++;
  }
  return count;
}
