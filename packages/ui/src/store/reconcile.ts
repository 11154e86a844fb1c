/**
 * Resync after a (re)connect: OpenCode streams have no resume, so the store is made equal to the
 * instance's fresh answers. Pure, in place on a plain State (runs inside Solid's `produce`).
 */
import { isUsable } from "./ownership";
import { mergeById, replaceFields, searchById } from "./sorted";
import { optimisticIds, removeMessageData, removeSessionData, upsertSessionEntry } from "./state-ops";
import type { InstanceSnapshot, Message, MessagePage, Part, State } from "./types";

/**
 * Reconciles one instance's snapshot. `snapshot.sessions` must be the full list of its directory:
 * sessions of that directory that only this instance knew and that are missing are removed.
 */
export function reconcileInstance(state: State, instanceId: string, snapshot: InstanceSnapshot): void {
  const listed = new Set(snapshot.sessions.map((s) => s.id));
  for (const [id, entry] of Object.entries(state.sessions)) {
    if (entry.info.directory !== snapshot.directory || listed.has(id)) continue;
    const seenBy = entry.seenBy.filter((x) => x !== instanceId);
    if (seenBy.length === 0) removeSessionData(state, id);
    else if (seenBy.length !== entry.seenBy.length) entry.seenBy = seenBy;
  }
  for (const info of snapshot.sessions) upsertSessionEntry(state, instanceId, info);

  // Status and pending requests live in the memory of the process running the session, so this
  // instance speaks for its directory's sessions and the ones it streamed, unless another usable
  // instance is running them (that instance's own resync covers those).
  const speaksFor = (sessionId: string): boolean => {
    const entry = state.sessions[sessionId];
    if (!entry) return true;
    const live = entry.liveOwner;
    if (live && live.instanceId !== instanceId && isUsable(state.instances[live.instanceId])) return false;
    return entry.info.directory === snapshot.directory || entry.seenBy.includes(instanceId);
  };

  for (const id of Object.keys(state.status)) {
    if (!(id in snapshot.status) && speaksFor(id)) delete state.status[id];
  }
  for (const [id, status] of Object.entries(snapshot.status)) {
    if (status.type === "idle") delete state.status[id];
    else state.status[id] = status;
  }
  replaceRequests(state.permissions, snapshot.permissions, speaksFor);
  replaceRequests(state.questions, snapshot.questions, speaksFor);
}

function replaceRequests<T extends { id: string; sessionID: string }>(
  map: Record<string, T[]>,
  fresh: readonly T[],
  speaksFor: (sessionId: string) => boolean,
): void {
  const grouped: Record<string, T[]> = {};
  for (const request of fresh) (grouped[request.sessionID] ??= []).push(request);
  for (const id of Object.keys(map)) {
    if (!(id in grouped) && speaksFor(id)) delete map[id];
  }
  for (const [id, list] of Object.entries(grouped)) map[id] = list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Merges a page of a session's messages. "latest": from the page's first message onward the store
 * becomes the page (plus optimistic messages the server has not stored yet); older messages stay.
 * "older": the page's range becomes the page. Each page message's parts are replaced by the page's,
 * so streamed text equals the server's text exactly, with nothing doubled.
 */
export function reconcileMessages(state: State, instanceId: string, sessionId: string, page: MessagePage, mode: "latest" | "older"): void {
  const optimistic = optimisticIds(state);
  const incoming = [...page.messages].sort((a, b) => (a.info.id < b.info.id ? -1 : a.info.id > b.info.id ? 1 : 0));
  const first = incoming[0]?.info.id;
  const last = incoming[incoming.length - 1]?.info.id;
  const list = (state.messages[sessionId] ??= []);
  const hadOlder = first !== undefined && list.length > 0 && (list[0] as Message).id < first;

  const pageIds = new Set(incoming.map((m) => m.info.id));
  const inRange = (id: string): boolean =>
    mode === "latest" ? first === undefined || id >= first : first !== undefined && last !== undefined && id >= first && id <= last;
  for (const message of [...list]) {
    if (inRange(message.id) && !pageIds.has(message.id) && !optimistic[message.id]) {
      removeMessageData(state, sessionId, message.id);
    }
  }

  const added: Message[] = [];
  for (const { info, parts } of incoming) {
    const found = searchById(list, info.id);
    if (found.found) replaceFields(list[found.index] as Message, info);
    else added.push(info);
    replaceParts(state, info.id, parts);
    delete optimistic[info.id];
  }
  // One assignment, not a splice per new message: in a Solid store a splice near the front rewrites
  // every later index, so each older page cost 50 × the loaded history in signal writes (~150,000
  // per page 3,000 messages back; the longest frames while paging back).
  if (added.length > 0) state.messages[sessionId] = mergeById(list, added);

  if (mode === "older" || !hadOlder) state.historyCursor[sessionId] = page.cursor;
  const entry = state.sessions[sessionId];
  if (entry && !entry.seenBy.includes(instanceId)) entry.seenBy.push(instanceId);
}

/** Makes a message's parts equal `parts`, keeping the identity of parts that stay (no remounts). */
function replaceParts(state: State, messageId: string, parts: readonly Part[]): void {
  const optimistic = optimisticIds(state);
  const sorted = [...parts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const existing = state.parts[messageId] ?? [];
  for (const part of existing) delete optimistic[part.id];
  const byId = new Map(existing.map((p) => [p.id, p]));
  const next = sorted.map((part) => {
    const old = byId.get(part.id);
    if (!old) return { ...part };
    replaceFields(old, part);
    return old;
  });
  state.parts[messageId] = next;
}
