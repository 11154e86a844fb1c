/**
 * Reading sessions and messages from one OpenCode server, per protocol (1.x `/session…`, 2.x
 * `/api/session…`), already turned into what the index stores. Credentials come from the
 * instance's eventsUrl (`?auth_token=`, the hub's own value) and go out only as its Authorization
 * header, to that server; they are never logged or put in an error message.
 */
import { fetch } from "undici";
import type { Instance } from "../contract/hub-api.js";
import { extractV1, extractV2 } from "./extract.js";
import { arr, at, num, obj, str } from "./json-shape.js";
import type { IndexedMessage } from "./types.js";

/** A session as a server lists it: what decides whether its messages must be fetched again. */
export interface SourceSession {
  sessionId: string;
  directory: string;
  title: string;
  /** time.updated: moves whenever the session or its messages change. */
  updated: number;
}

/** One server's sessions, as the indexer reads them. */
export interface SessionSource {
  /** Every session the server lists, a page at a time. */
  listSessions(signal: AbortSignal): AsyncGenerator<SourceSession[]>;
  /** One session; null when the server no longer has it. */
  session(sessionId: string, signal: AbortSignal): Promise<SourceSession | null>;
  /** The whole history ("all", a page at a time) or only the newest page, oldest first. */
  messages(sessionId: string, which: "all" | "newest", signal: AbortSignal): Promise<IndexedMessage[]>;
}

/** Messages per request: a page parses in a few milliseconds, so reading a long history never stalls the hub. */
export const PAGE = 100;
/** The newest page refetched after an event: a turn rarely adds more. */
export const NEWEST = 30;
const REQUEST_TIMEOUT_MS = 15_000;
/** The `limit` that asks a 1.x server for every session of its directory. */
const ALL_SESSIONS = 100_000;

/** The Authorization header for an instance (from `auth_token` in its eventsUrl); none for open servers. */
export function authHeaders(instance: Pick<Instance, "eventsUrl">): Record<string, string> {
  if (!instance.eventsUrl) return {};
  const token = new URL(instance.eventsUrl).searchParams.get("auth_token");
  return token ? { authorization: `Basic ${token}` } : {};
}

/** The reader for an instance's protocol. */
export function createSessionSource(instance: Pick<Instance, "url" | "eventsUrl" | "protocol">): SessionSource {
  const headers = { accept: "application/json", ...authHeaders(instance) };
  const get = (path: string, signal: AbortSignal) => getJson(`${instance.url}${path}`, headers, signal);
  return instance.protocol === "v2" ? v2Source(get) : v1Source(get, instance.protocol === "legacy");
}

type Get = (path: string, signal: AbortSignal) => Promise<{ status: number; body: unknown; nextCursor: string | null }>;

/** 1.x; 1.0.x honours `limit` but sends no X-Next-Cursor, so its whole history is one request without a limit. */
function v1Source(get: Get, legacy: boolean): SessionSource {
  return {
    async *listSessions(signal) {
      // Without a limit 1.18 answers only the newest 100 sessions (measured; see ui's opencode-client).
      const { body } = await get(`/session?limit=${ALL_SESSIONS}`, signal);
      yield arr(body).flatMap((s) => v1Session(s) ?? []);
    },
    async session(id, signal) {
      const { status, body } = await get(`/session/${encodeURIComponent(id)}`, signal);
      return status === 404 ? null : v1Session(body);
    },
    async messages(id, which, signal) {
      const pages: unknown[][] = [];
      let before: string | null = null;
      do {
        const limit = which === "newest" ? `limit=${NEWEST}` : legacy ? "" : `limit=${PAGE}`;
        const query: string = `${limit}${before ? `&before=${encodeURIComponent(before)}` : ""}`;
        const res = await get(`/session/${encodeURIComponent(id)}/message${query ? `?${query}` : ""}`, signal);
        pages.unshift(arr(res.body));
        before = which === "all" ? res.nextCursor : null;
      } while (before);
      return pages.flat().flatMap(extractV1);
    },
  };
}

function v2Source(get: Get): SessionSource {
  return {
    async *listSessions(signal) {
      let cursor: string | null = null;
      do {
        const res = await get(`/api/session?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, signal);
        const page = arr(at(res.body, "data"));
        yield page.flatMap((s) => v2Session(s) ?? []);
        cursor = page.length > 0 ? (str(at(res.body, "cursor", "next")) ?? null) : null;
      } while (cursor);
    },
    async session(id, signal) {
      const { status, body } = await get(`/api/session/${encodeURIComponent(id)}`, signal);
      return status === 404 ? null : v2Session(at(body, "data"));
    },
    async messages(id, which, signal) {
      const newestFirst: unknown[] = [];
      let cursor: string | null = null;
      do {
        const res = await get(
          `/api/session/${encodeURIComponent(id)}/message?limit=${which === "all" ? PAGE : NEWEST}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
          signal,
        );
        const page = arr(at(res.body, "data"));
        newestFirst.push(...page);
        cursor = which === "all" && page.length > 0 ? (str(at(res.body, "cursor", "next")) ?? null) : null;
      } while (cursor);
      return newestFirst.reverse().flatMap(extractV2);
    },
  };
}

function v1Session(s: unknown): SourceSession | null {
  const id = str(at(s, "id"));
  if (!id) return null;
  return { sessionId: id, directory: str(at(s, "directory")) ?? "", title: str(at(s, "title")) ?? "", updated: num(at(s, "time", "updated")) ?? 0 };
}

function v2Session(s: unknown): SourceSession | null {
  const id = str(at(s, "id"));
  if (!id) return null;
  return {
    sessionId: id,
    directory: str(at(s, "location", "directory")) ?? "",
    title: str(at(s, "title")) ?? "",
    updated: num(at(s, "time", "updated")) ?? 0,
  };
}

async function getJson(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<{ status: number; body: unknown; nextCursor: string | null }> {
  const res = await fetch(url, { headers, signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]) });
  const path = new URL(url).pathname;
  if (res.status === 404) {
    await res.body?.cancel();
    return { status: 404, body: null, nextCursor: null };
  }
  if (!res.ok) {
    const text = (await res.text()).slice(0, 200);
    throw new Error(`GET ${path} answered ${res.status}${text ? `: ${text}` : ""}`);
  }
  const body: unknown = await res.json();
  if (obj(body) === undefined && !Array.isArray(body)) throw new Error(`GET ${path} did not answer JSON`);
  return { status: res.status, body, nextCursor: res.headers.get("x-next-cursor") };
}
