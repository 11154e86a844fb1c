/**
 * The side-by-side benchmark's two OpenCode generations behind one shape: how to seed a long
 * session, fork it, prompt it, read its settled last reply, and where OpenCode's own web app shows
 * a session. 1.18.33 (`opencode serve`) serves its app at `/<base64url(directory)>/session/<id>`;
 * 2.1.2 (`@opencode/cli`) serves a different app at `/server/<base64url(origin)>/session/<id>`,
 * which takes the password as `?auth_token=<base64("opencode:"+password)>` and then drops it from
 * the address bar (measured: /work/shared/opencode-protocol-v2.md §6, and checked by this bench:
 * the app must show the session's last reply or the run fails).
 */
import { api, type V2Message } from "../fleet/client.js";
import { v2Text, type V2Page } from "../fleet/client-v2.js";
import type { FleetServer } from "../fleet/index.js";
import { rest, settledReply, storedMessages, storedText } from "../../e2e/support/rest.js";
import { waitFor } from "../../e2e/support/wait.js";

/** A reply the server has finished storing. */
export interface StoredReply {
  text: string;
  created: number;
  completed: number;
}

/** One OpenCode server of one generation, as the benchmark drives it. */
export interface VersusTarget {
  /** "1.18.33" or "2.1.2" (the server's own version). */
  version: string;
  server: FleetServer;
  createSession(title: string): Promise<string>;
  fork(sessionId: string): Promise<string>;
  prompt(sessionId: string, text: string): Promise<void>;
  /** The last reply once the session is idle and it has completed; undefined before. */
  settled(sessionId: string): Promise<StoredReply | undefined>;
  /** How many messages the session stores. */
  messageCount(sessionId: string): Promise<number>;
  /** OpenCode's own web app, opened on this session. */
  webUrl(sessionId: string): string;
}

/** The 1.x target (`opencode-ai` 1.18.33). */
export function v1Target(server: FleetServer): VersusTarget {
  const dirSegment = Buffer.from(server.directory).toString("base64url");
  return {
    version: server.version,
    server,
    createSession: async (title) => (await rest<{ id: string }>(server, "/session", { title })).id,
    fork: async (id) => (await api<{ id: string }>(server, `/session/${id}/fork`, { body: {}, timeoutMs: 300_000 })).id,
    // A long timeout, not a retry: a prompt that timed out may still have been taken (a loaded machine answers late).
    prompt: (id, text) => api(server, `/session/${id}/prompt_async`, { body: { parts: [{ type: "text", text }] }, timeoutMs: 120_000 }),
    async settled(id) {
      const last = await settledReply(server, id);
      if (!last || last.info.role !== "assistant") return undefined;
      const time = last.info.time;
      return { text: storedText(last), created: time.created, completed: time.completed ?? time.created };
    },
    messageCount: async (id) => (await storedMessages(server, id)).length,
    webUrl: (id) => `${server.url}/${dirSegment}/session/${id}`,
  };
}

/** The 2.x target (`@opencode/cli` 2.1.2 `serve`, password set by the fleet). */
export function v2Target(server: FleetServer): VersusTarget {
  if (!server.password) throw new Error("an OpenCode 2 server always has a password");
  const token = encodeURIComponent(Buffer.from(`opencode:${server.password}`).toString("base64"));
  const origin = Buffer.from(server.url).toString("base64url");
  const data = async <T>(path: string, body?: unknown): Promise<T> =>
    (await api<{ data: T }>(server, path, body === undefined ? {} : { body, timeoutMs: 60_000 })).data;
  /** The newest page of a session's history, newest first. */
  const newest = (id: string, limit: number) => api<V2Page<V2Message>>(server, `/api/session/${id}/message?limit=${limit}`);
  return {
    version: server.version,
    server,
    createSession: async (title) => (await data<{ id: string }>("/api/session", { title, location: { directory: server.directory } })).id,
    fork: async (id) => (await api<{ data: { id: string } }>(server, `/api/session/${id}/fork`, { body: {}, timeoutMs: 300_000 })).data.id,
    prompt: async (id, text) => void (await api(server, `/api/session/${id}/prompt`, { body: { text }, timeoutMs: 120_000 })),
    async settled(id) {
      if (id in (await data<Record<string, unknown>>("/api/session/active"))) return undefined;
      if ((await data<unknown[]>(`/api/session/${id}/inbox`)).length > 0) return undefined;
      // A finished turn ends with its `idle` marker right after the assistant message.
      const [idle, last] = (await newest(id, 2)).data;
      if (idle?.type !== "idle" || last?.type !== "assistant") return undefined;
      return { text: v2Text(last), created: last.time.created, completed: last.time.completed ?? last.time.created };
    },
    async messageCount(id) {
      let count = 0;
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
        const page: V2Page<V2Message> = await api<V2Page<V2Message>>(server, `/api/session/${id}/message?limit=200${query}`);
        count += page.data.filter((m) => m.type === "user" || m.type === "assistant").length;
        cursor = page.data.length > 0 ? page.cursor.next : null;
      } while (cursor);
      return count;
    },
    webUrl: (id) => `${server.url}/server/${origin}/session/${id}?auth_token=${token}`,
  };
}

/** A seeded long session: its id, its stored size and its last reply's text. */
export interface LongSession {
  id: string;
  messages: number;
  lastReply: string;
}

/** Mark in the last prompt of a seeded session: the probe finds the last reply by `Mock reply to: openmark final`. */
export const OPEN_MARK = "openmark final";

/**
 * Seeds `turns` reply turns (long text, code, reasoning + text, short replies, in turn), the last
 * one a 180-word reply carrying OPEN_MARK: one prompt at a time, each waited for.
 */
export async function seedLongSession(target: VersusTarget, turns: number, onTurn?: (turn: number) => void): Promise<LongSession> {
  const id = await target.createSession("versus bench: long session");
  const kinds = ["[[long:220]]", "[[code:ts]]", "[[reasoning]] [[long:120]]", "[[long:60]]"];
  for (let turn = 0; turn < turns; turn++) {
    const text = turn === turns - 1 ? `${OPEN_MARK} [[long:180]] [[slow:0]]` : `turn ${turn} ${kinds[turn % kinds.length]} [[slow:0]]`;
    await target.prompt(id, text);
    await waitFor("the seeded turn to finish", () => target.settled(id), 60_000, 30);
    onTurn?.(turn);
  }
  const last = await target.settled(id);
  if (!last) throw new Error("seeding stored nothing");
  return { id, messages: await target.messageCount(id), lastReply: last.text };
}
