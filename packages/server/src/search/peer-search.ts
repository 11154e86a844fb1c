/**
 * Search across machines: this hub's index, plus every signed-in peer hub's (machines mode),
 * asked over HTTP with the peer credential and `local=1` (so two hubs that follow each other do
 * not ask each other back). A peer gets `timeoutMs` to answer; one that is offline, signed out,
 * slow or failing does not hold the page back: its hits are missing and the answer says so in
 * `unanswered`. Peer hits carry the machine's name and the instance id this hub lists them under.
 */
import { Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { request, type Dispatcher } from "undici";
import {
  IndexedSessionSchema,
  SearchResultSchema,
  type IndexedSession,
  type Machine,
  type SearchResponse,
  type SearchResult,
  type UnansweredMachine,
} from "../contract/hub-api.js";
import { peerInstanceId } from "../machines/peer-link.js";
import { encodeCursor, hasMore, mergePages, type FederatedCursor, type SourcePage } from "./federated-page.js";
import type { SearchLogger, SearchService } from "./search-service.js";
import type { SearchRequest } from "./types.js";

/** A peer hub as the search reaches it (machines/peers.ts `searchTargets()`). */
export interface PeerSearchTarget {
  id: string;
  name: string;
  status: Machine["status"];
  /** The peer hub's origin. */
  url: string;
  /** `Bearer <peer credential>`: never logged. */
  authorization: string;
  dispatcher: Dispatcher;
}

/** How long a peer gets to answer before its hits are left out of the page. */
export const PEER_SEARCH_TIMEOUT_MS = 1_500;

/** What the routes call. */
export interface FederatedSearch {
  /** A page over this hub and (unless `localOnly`) its peers. */
  search(req: Omit<SearchRequest, "offset">, cursor: FederatedCursor, localOnly: boolean): Promise<SearchResponse>;
  /** A session as indexed here, else (unless `localOnly`) as the first peer that holds it answers; null: nobody does. */
  session(sessionId: string, localOnly: boolean): Promise<IndexedSession | null>;
}

const PeerAnswer = Type.Object({ results: Type.Array(SearchResultSchema), next: Type.Union([Type.String(), Type.Null()]) });

/** Creates the federated search over `local` and the peers `peers()` lists now. */
export function createFederatedSearch(opts: {
  local: SearchService;
  peers: () => PeerSearchTarget[];
  timeoutMs?: number;
  logger?: SearchLogger;
}): FederatedSearch {
  const timeoutMs = opts.timeoutMs ?? PEER_SEARCH_TIMEOUT_MS;

  /** GETs a peer's path: its JSON, null for a 404; throws words for anything else. */
  async function ask(t: PeerSearchTarget, path: string): Promise<unknown> {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const res = await request(`${t.url}${path}`, {
        dispatcher: t.dispatcher,
        headers: { authorization: t.authorization, accept: "application/json" },
        signal,
      });
      if (res.statusCode === 404) {
        await res.body.dump();
        return null;
      }
      if (res.statusCode !== 200) {
        await res.body.dump();
        throw new Error(res.statusCode === 401 ? "it signed this hub out" : `its hub answered ${res.statusCode}`);
      }
      return await res.body.json();
    } catch (err) {
      if (signal.aborted) throw new Error(`did not answer within ${timeoutMs / 1000} s`);
      throw err;
    }
  }

  /** Peer hits as this hub lists them: the machine's name, the instance id under its machine. */
  const asLocal = (t: PeerSearchTarget, r: SearchResult): SearchResult => ({
    ...r,
    machine: t.name,
    instanceId: r.instanceId === null ? null : peerInstanceId(t.id, r.instanceId),
  });

  const missing = (t: PeerSearchTarget, why: string): UnansweredMachine => ({
    machine: t.name,
    message: `${t.name} ${why}: its sessions are not in these results.`,
  });

  return {
    async search(req, cursor, localOnly) {
      const peers = localOnly ? [] : opts.peers();
      // An instance filter names one machine's instance: only that machine is searched.
      const owner = req.instance === undefined ? undefined : peers.find((t) => req.instance?.startsWith(`m-${t.id}-`));
      const asked = req.instance === undefined ? peers : owner ? [owner] : [];
      const unanswered: UnansweredMachine[] = [];
      const pages: SourcePage[] = [];
      if (cursor.local !== null && !owner) {
        const page = await opts.local.search({ ...req, offset: cursor.local });
        pages.push({ source: "local", results: page.results, more: { total: page.total } });
      }
      const answers = await Promise.all(
        asked.map(async (t): Promise<SourcePage | null> => {
          const at = t.id in cursor.peers ? cursor.peers[t.id] : { cursor: null, skip: 0 };
          // null: this peer gave all its hits (or did not answer) on an earlier page.
          if (at === undefined || at === null) return null;
          if (t.status !== "connected") {
            unanswered.push(missing(t, t.status === "signed-out" ? "signed this hub out" : "is not connected"));
            return null;
          }
          const query = new URLSearchParams({ q: req.q, limit: String(Math.min(100, req.limit + at.skip)), local: "1" });
          if (at.cursor !== null) query.set("cursor", at.cursor);
          if (owner && req.instance) query.set("instance", req.instance.slice(`m-${t.id}-`.length));
          if (req.directory !== undefined) query.set("directory", req.directory);
          if (req.role !== undefined) query.set("role", req.role);
          if (req.since !== undefined) query.set("since", String(req.since));
          try {
            const body = await ask(t, `/api/search?${query}`);
            if (!Value.Check(PeerAnswer, body)) throw new Error("its answer was not a search answer (an older Switchboard?)");
            return { source: t.id, results: body.results.slice(at.skip).map((r) => asLocal(t, r)), more: { next: body.next } };
          } catch (err) {
            const why = err instanceof Error ? err.message : String(err);
            opts.logger?.warn({ machine: t.name, err: why }, "search: a peer machine's hits are missing from a search");
            unanswered.push(missing(t, why));
            return null;
          }
        }),
      );
      for (const p of answers) if (p) pages.push(p);
      const { results, next } = mergePages(cursor, pages, req.limit);
      // A peer that did not answer is not asked again by later pages of this search (its absence was said once).
      for (const t of asked) if (!pages.some((p) => p.source === t.id)) next.peers[t.id] = null;
      if (owner) next.local = null;
      return {
        results,
        next: hasMore(
          next,
          asked.map((t) => t.id),
        )
          ? encodeCursor(next)
          : null,
        unanswered,
      };
    },

    async session(sessionId, localOnly) {
      const here = opts.local.session(sessionId);
      if (here || localOnly) return here;
      for (const t of opts.peers()) {
        if (t.status !== "connected") continue;
        try {
          const body = await ask(t, `/api/search/session/${encodeURIComponent(sessionId)}?local=1`);
          if (body === null) continue;
          if (!Value.Check(IndexedSessionSchema, body)) throw new Error("its answer was not an indexed session");
          return { ...body, machine: t.name, instanceId: body.instanceId === null ? null : peerInstanceId(t.id, body.instanceId) };
        } catch (err) {
          opts.logger?.warn(
            { machine: t.name, err: err instanceof Error ? err.message : String(err) },
            "search: could not read a session from a peer machine",
          );
        }
      }
      return null;
    },
  };
}
