/** What views may do (WorkspaceActions): each request goes to the session's owner. */
import { batch } from "solid-js";
import { ApiError } from "../api/api-error";
import type { PromptPart } from "../api/opencode-client";
import { newMessageId, newPartId } from "../store/ids";
import { makeTuiClients, toastAnswered } from "../api/tui-client";
import { lastAgent, lastModel } from "../store/last-model";
import { ownerOf, whyNoOwner } from "../store/ownership";
import type { Message, Part, PromptExtras, Session, SessionEntry, WorkspaceActions } from "../store/types";
import type { EngineContext, LiveInstance } from "./engine-types";
import { PAGE_SIZE } from "./resync";
import { makeSessionActions } from "./session-actions";

const REPLY_WORDS = { once: "allowed once", always: "always allowed", reject: "rejected" } as const;

/** Messages per page (see resync.ts), re-exported for the views. */
export { PAGE_SIZE };

/** Builds the actions over the engine's context. */
export function makeWorkspaceActions(ctx: EngineContext): WorkspaceActions {
  const { state, mutations } = ctx;
  /** TUI clients of the instances this page answered for (the toast after a reply). */
  const tuiClients = makeTuiClients();

  const sessionEntry = (sessionId: string): SessionEntry => {
    const entry = state.sessions[sessionId];
    if (!entry) throw new Error("This session is no longer listed by any running OpenCode.");
    return entry;
  };

  /** The connected instance that owns the session, or an Error saying why there is none. */
  const owner = (sessionId: string): { live: LiveInstance; entry: SessionEntry } => {
    const entry = sessionEntry(sessionId);
    const id = ownerOf(entry, state.instances);
    if (!id) throw new Error(whyNoOwner(entry, state.instances, state.unreachable) ?? "No running OpenCode can take this.");
    const live = ctx.instance(id);
    if (!live) throw new Error(notConnected(id));
    return { live, entry };
  };

  /** For reading history any instance that knows the session will do (they share one database). */
  const reader = (sessionId: string): LiveInstance => {
    const entry = sessionEntry(sessionId);
    const id = ownerOf(entry, state.instances);
    const live = (id ? ctx.instance(id) : undefined) ?? entry.seenBy.map((x) => ctx.instance(x)).find(Boolean);
    if (!live) throw new Error(whyNoOwner(entry, state.instances, state.unreachable) ?? notConnected(id ?? ""));
    return live;
  };

  const notConnected = (id: string): string => {
    const info = state.instances[id]?.info;
    const where = info ? `OpenCode at :${info.port}` : "That OpenCode";
    if (info?.status === "auth-required") return `${where} asks for a password — enter it on its tab first.`;
    return `${where} is not connected yet — try again in a moment.`;
  };

  const dir = (live: LiveInstance, entry: SessionEntry) => ctx.directoryFor(live, entry.info.directory);

  /** Sends a prompt to `live`, shown at once as an optimistic message that the server's copy replaces. */
  const prompt = async (live: LiveInstance, entry: SessionEntry, sessionId: string, text: string, extras: PromptExtras = {}): Promise<void> => {
    const messageID = newMessageId();
    const messages = state.messages[sessionId] ?? [];
    // Placeholders until the server's copy (same id) replaces it; without a choice agent/model are the server's.
    const message: Message = {
      id: messageID,
      sessionID: sessionId,
      role: "user",
      time: { created: ctx.now() },
      agent: extras.agent ?? lastAgent(messages) ?? "build",
      model: { ...(extras.model ?? lastModel(entry.info, messages, "prompts") ?? { providerID: "", modelID: "" }) },
    };
    const wire: PromptPart[] = [
      ...(text !== "" || !extras.files?.length ? [{ id: newPartId(), type: "text" as const, text }] : []),
      ...(extras.files ?? []).map((f) => ({ id: newPartId(), type: "file" as const, mime: f.mime, url: f.url, filename: f.filename })),
    ];
    const parts: Part[] = wire.map((p) => ({ ...p, id: p.id ?? newPartId(), sessionID: sessionId, messageID }));
    mutations.addOptimisticMessage(sessionId, message, parts);
    let stored: string | void;
    try {
      const body = {
        messageID,
        parts: wire,
        ...(extras.agent ? { agent: extras.agent } : {}),
        ...(extras.model ? { model: extras.model } : {}),
        ...(extras.delivery ? { delivery: extras.delivery } : {}),
      };
      stored = await live.client.promptAsync(sessionId, body, dir(live, entry));
    } catch (err) {
      mutations.removeMessage(sessionId, messageID);
      throw err;
    }
    // Servers keep our id (so the server's copy replaces the optimistic one in place); should one
    // store it under another id, the optimistic copy moves there in the same batch, never shown twice.
    if (typeof stored === "string" && stored !== messageID) moveOptimistic(sessionId, message, parts, stored);
  };

  const moveOptimistic = (sessionId: string, message: Message, parts: Part[], id: string) =>
    batch(() => {
      mutations.removeMessage(sessionId, message.id);
      if ((state.messages[sessionId] ?? []).some((m) => m.id === id)) return;
      mutations.addOptimisticMessage(
        sessionId,
        { ...message, id },
        parts.map((p) => ({ ...p, messageID: id })),
      );
    });

  /** Instance id → a session `startSession` created whose first prompt failed (reused, so a retry leaves nothing behind). */
  const unprompted = new Map<string, string>();

  return {
    async sendPrompt(sessionId, text, extras) {
      const { live, entry } = owner(sessionId);
      await prompt(live, entry, sessionId, text, extras);
    },

    async startSession(instanceId, text, extras) {
      const live = ctx.instance(instanceId);
      if (!live) throw new Error(notConnected(instanceId));
      let sessionId = unprompted.get(instanceId);
      if (sessionId === undefined || !state.sessions[sessionId]) {
        const session = await live.client.createSession();
        mutations.upsertSession(instanceId, session);
        sessionId = session.id;
        unprompted.set(instanceId, sessionId);
      }
      // The instance the user chose runs it, even when another one serves the same directory.
      await prompt(live, sessionEntry(sessionId), sessionId, text, extras);
      unprompted.delete(instanceId);
      return sessionId;
    },

    async abort(sessionId) {
      const { live, entry } = owner(sessionId);
      await live.client.abort(sessionId, dir(live, entry));
    },

    async replyPermission(sessionId, requestId, reply) {
      const { live, entry } = owner(sessionId);
      await live.client.replyPermission(requestId, reply, { sessionId, directory: dir(live, entry) });
      // The person at that TUI sees the request vanish; say why.
      if (live.info.kind === "tui" && live.adapter.capabilities.tuiControl)
        toastAnswered(tuiClients(live.info), live.info, `Switchboard: ${REPLY_WORDS[reply]} (${entry.info.title || sessionId})`);
    },

    async replyQuestion(sessionId, requestId, answers) {
      const { live, entry } = owner(sessionId);
      const request = state.questions[sessionId]?.find((q) => q.id === requestId);
      await live.client.replyQuestion(requestId, answers, { sessionId, directory: dir(live, entry), request });
    },

    async rejectQuestion(sessionId, requestId) {
      const { live, entry } = owner(sessionId);
      await live.client.rejectQuestion(requestId, { sessionId, directory: dir(live, entry) });
    },

    async createSession(instanceId): Promise<Session> {
      const live = ctx.instance(instanceId);
      if (!live) throw new Error(notConnected(instanceId));
      const session = await live.client.createSession();
      mutations.upsertSession(instanceId, session);
      return session;
    },

    async openSession(sessionId) {
      ctx.shownSessions.add(sessionId);
      if (!state.sessions[sessionId]) await ctx.sessionKnown(sessionId);
      const live = reader(sessionId);
      const entry = sessionEntry(sessionId);
      await ctx.loadAndApply(
        live,
        () => live.client.messages(sessionId, { limit: PAGE_SIZE, directory: dir(live, entry) }),
        (page) => {
          live.normalizer.learnPage?.(sessionId, page.messages);
          mutations.reconcileMessages(live.info.id, sessionId, page, "latest");
        },
        (page) => [page],
      );
      ctx.markSeen(sessionId);
    },

    async loadOlder(sessionId) {
      const cursor = state.historyCursor[sessionId];
      if (!cursor) return false;
      const live = reader(sessionId);
      const page = await live.client.messages(sessionId, {
        limit: PAGE_SIZE,
        before: cursor,
        directory: dir(live, sessionEntry(sessionId)),
      });
      // Old messages do not stream, so no events need replaying over this page.
      mutations.reconcileMessages(live.info.id, sessionId, page, "older");
      return page.cursor !== null;
    },

    showSessions(sessionIds) {
      const keep = new Set(sessionIds);
      for (const id of [...ctx.shownSessions]) if (!keep.has(id)) ctx.shownSessions.delete(id);
      for (const id of keep) ctx.shownSessions.add(id);
    },

    async submitCredentials(instanceId, password, username) {
      try {
        await ctx.hub.submitCredentials(instanceId, password, username);
      } catch (err) {
        if (err instanceof ApiError) console.error("credentials:", err.detail);
        throw err;
      }
    },

    session(sessionId) {
      const resolve = () => {
        const { live, entry } = owner(sessionId);
        const busy = (state.status[sessionId]?.type ?? "idle") !== "idle";
        const directory = dir(live, entry);
        const abort = () => live.client.abort(sessionId, directory);
        return { instance: live.info, ops: live.ops, directory, session: entry.info, busy, abort };
      };
      return makeSessionActions(sessionId, { resolve, state, mutations });
    },
  };
}
