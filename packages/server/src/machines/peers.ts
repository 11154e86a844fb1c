/**
 * Peer Switchboards (hub federation). Adding one redeems its one-time sign-in link server to
 * server and trades the session for a long-lived peer credential, kept in peers.json (state
 * folder, 0600) and never handed to the browser. The hub then follows the peer's
 * /api/instances/stream and lists its instances under its machine; the relay forwards the page's
 * requests to the peer's own relay with that credential. A peer that stops answering keeps its
 * instances listed and is retried; one that signed us out is shown "signed-out" until added again.
 */
import { rootCertificates } from "node:tls";
import { createParser } from "eventsource-parser";
import { Agent, request, type Dispatcher } from "undici";
import type { Instance, InstancesDocument, Machine } from "../contract/hub-api.js";
import type { DiscoveryLogger } from "../discovery/registry.js";
import type { PeerSearchTarget } from "../search/peer-search.js";
import type { InstanceSource, Upstream } from "./federation.js";
import { provesCredential, refusalWords, revokeCredential } from "./peer-calls.js";
import { ownInstances, parsePeerLink, peerInstance } from "./peer-link.js";
import { readState, writeState } from "./state-file.js";

interface SavedPeer {
  id: string;
  name: string;
  url: string;
  credential: string;
}

interface Peer {
  saved: SavedPeer;
  status: Machine["status"];
  error: string | null;
  instances: Instance[];
  stop: AbortController;
}

/** Why adding a machine failed (the route maps it to a status). */
export type AddPeerResult =
  { ok: true; machine: Machine } | { ok: false; reason: "bad-link" | "refused" | "unreachable" | "duplicate"; message: string };

/** What removing a machine did: `revoked` when that machine revoked our credential too; `message` in words. */
export type RemovePeerResult = { found: false } | { found: true; revoked: boolean; message: string };

/** The peers source. */
export interface Peers extends InstanceSource {
  start(): Promise<void>;
  /** Each peer as the search fan-out asks it (search/peer-search.ts): the credential stays on the server. */
  searchTargets?(): PeerSearchTarget[];
  add(link: string): Promise<AddPeerResult>;
  /**
   * Switchboards announced on the LAN (--mdns): a machine that is offline here and announced by its
   * id at another address is followed there, once that hub proves it holds our credential.
   */
  relocate(nearby: ReadonlyArray<{ id?: string; url: string }>): void;
  /** Forgets a machine and asks it to revoke our credential (best effort: it may not answer). */
  remove(id: string): Promise<RemovePeerResult>;
}

export const PEERS_FILE = "peers.json";
const RETRY_MS = 1_000;
const MAX_RETRY_MS = 10_000;

/** Creates the peers source; `ca` is a private CA (PEM) the peers' TLS certificates chain to (--peer-ca). */
export function createPeers(opts: { dir: string; logger: DiscoveryLogger; ca?: Buffer; selfId?: string }): Peers {
  const peers = new Map<string, Peer>();
  const listeners = new Set<() => void>();
  // The private CA is trusted besides the public ones (a `ca` alone would replace them, and a peer
  // with a public certificate would stop being trusted).
  const ca = opts.ca ? [...rootCertificates, opts.ca.toString("utf8")] : undefined;
  const dispatcher: Dispatcher = new Agent({ ...(ca ? { connect: { ca } } : {}), keepAliveTimeout: 10_000 });
  let stopped = false;

  const changed = (): void => {
    for (const l of listeners) l();
  };
  const save = (): Promise<void> => writeState(opts.dir, PEERS_FILE, { peers: [...peers.values()].map((p) => p.saved) });
  const machineOf = (p: Peer): Machine => ({ id: p.saved.id, name: p.saved.name, url: p.saved.url, status: p.status, error: p.error });
  const setState = (p: Peer, status: Machine["status"], error: string | null): void => {
    if (p.status === status && p.error === error) return;
    if (p.status !== status) opts.logger.info({ machine: p.saved.name, status, error }, "peer machine state");
    p.status = status;
    p.error = error;
    changed();
  };

  async function follow(peer: Peer): Promise<void> {
    let failures = 0;
    while (!peer.stop.signal.aborted && !stopped) {
      try {
        const res = await request(`${peer.saved.url}/api/instances/stream`, {
          dispatcher,
          headers: { accept: "text/event-stream", authorization: `Bearer ${peer.saved.credential}` },
          signal: peer.stop.signal,
          headersTimeout: 10_000,
          bodyTimeout: 40_000, // the peer sends a heartbeat every 15 s
        });
        if (res.statusCode === 401) {
          const said = await refusalWords(res.body);
          setState(peer, "signed-out", `${peer.saved.name} signed this hub out: ${said ?? "pair again with a new sign-in link."}`);
          return;
        }
        if (res.statusCode !== 200) {
          await res.body.dump();
          throw new Error(`its hub answered ${res.statusCode}`);
        }
        const parser = createParser({
          onEvent: (event) => {
            const doc = JSON.parse(event.data) as InstancesDocument;
            failures = 0;
            peer.instances = ownInstances(doc.instances).map((i) => peerInstance(i, { id: peer.saved.id, name: peer.saved.name }));
            peer.status = "connected";
            peer.error = null;
            changed();
          },
        });
        for await (const chunk of res.body) parser.feed(Buffer.from(chunk as Uint8Array).toString("utf8"));
        throw new Error("its instance stream ended");
      } catch (err) {
        if (peer.stop.signal.aborted || stopped) return;
        failures++;
        setState(peer, "offline", `${peer.saved.name} does not answer (${err instanceof Error ? err.message : String(err)}); retrying.`);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_MS * failures, MAX_RETRY_MS)).unref());
    }
  }

  function track(saved: SavedPeer): void {
    const before = peers.get(saved.id);
    before?.stop.abort();
    const peer: Peer = { saved, status: "connecting", error: null, instances: before?.instances ?? [], stop: new AbortController() };
    peers.set(saved.id, peer);
    changed();
    void follow(peer);
  }

  const checking = new Set<string>();
  async function followMoved(peer: Peer, origin: string): Promise<void> {
    const key = `${peer.saved.id} ${origin}`;
    if (checking.has(key)) return;
    checking.add(key);
    try {
      const refused = await provesCredential(dispatcher, origin, peer.saved);
      if (refused !== null) {
        opts.logger.warn(
          { machine: peer.saved.name, url: origin, why: refused },
          "a LAN announcement named this machine at another address, which did not prove it holds our credential; ignored",
        );
        return;
      }
      // Still the same peer, still lost (a re-pair or a reconnection may have happened meanwhile).
      if (peers.get(peer.saved.id) !== peer || peer.status !== "offline") return;
      opts.logger.info({ machine: peer.saved.name, from: peer.saved.url, to: origin }, "machine moved; following it to its new address");
      track({ ...peer.saved, url: origin });
      await save();
    } finally {
      checking.delete(key);
    }
  }

  /** Redeems the link (303 + session cookie), then trades the session for a peer credential. */
  async function pair(origin: string, link: string): Promise<{ ok: true; saved: SavedPeer } | Extract<AddPeerResult, { ok: false }>> {
    let cookie: string | null;
    try {
      const res = await request(link, {
        dispatcher,
        method: "GET",
        headers: { "user-agent": "Switchboard peer" },
        headersTimeout: 10_000,
        bodyTimeout: 10_000,
      });
      const body = await res.body.text();
      if (res.statusCode === 401 || res.statusCode === 429) {
        const message = (() => {
          try {
            return (JSON.parse(body) as { message?: string }).message;
          } catch {
            return body.trim();
          }
        })();
        return { ok: false, reason: "refused", message: `That machine refused the link: ${message ?? res.statusCode}` };
      }
      const setCookie = res.headers["set-cookie"];
      cookie =
        (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [])
          .map((c) => c.split(";")[0] ?? "")
          .find((c) => c.startsWith("switchboard_session=")) ?? null;
      if (res.statusCode !== 303 || cookie === null)
        return { ok: false, reason: "refused", message: `${origin} did not answer like a Switchboard in remote mode (status ${res.statusCode}).` };
    } catch (err) {
      return { ok: false, reason: "unreachable", message: `${origin} did not answer: ${err instanceof Error ? err.message : String(err)}.` };
    }
    try {
      const res = await request(`${origin}/api/remote/peer`, {
        dispatcher,
        method: "POST",
        headers: { cookie },
        headersTimeout: 10_000,
        bodyTimeout: 10_000,
      });
      const answer = (await res.body.json()) as { ok?: boolean; credential?: string; machine?: { id?: string; name?: string }; message?: string };
      if (
        res.statusCode !== 200 ||
        typeof answer.credential !== "string" ||
        typeof answer.machine?.id !== "string" ||
        typeof answer.machine.name !== "string"
      ) {
        return {
          ok: false,
          reason: "refused",
          message: `${origin} did not hand out a peer credential: ${answer.message ?? `status ${res.statusCode}`} (is it a Switchboard with machines support?)`,
        };
      }
      if (answer.machine.id === opts.selfId) return { ok: false, reason: "duplicate", message: "That link is this machine's own Switchboard." };
      return { ok: true, saved: { id: answer.machine.id, name: answer.machine.name, url: origin, credential: answer.credential } };
    } catch (err) {
      return { ok: false, reason: "unreachable", message: `${origin} did not answer: ${err instanceof Error ? err.message : String(err)}.` };
    }
  }

  return {
    instances: () => [...peers.values()].flatMap((p) => p.instances),
    machines: () => [...peers.values()].map(machineOf),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    owns: (id) => [...peers.values()].some((p) => p.instances.some((i) => i.id === id)),
    searchTargets: () =>
      [...peers.values()].map((p) => ({
        id: p.saved.id,
        name: p.saved.name,
        status: p.status,
        url: p.saved.url,
        authorization: `Bearer ${p.saved.credential}`,
        dispatcher,
      })),
    upstream(instance): Upstream {
      const peer = [...peers.values()].find((p) => p.instances.some((i) => i.id === instance.id));
      return { authorization: peer ? `Bearer ${peer.saved.credential}` : null, dispatcher };
    },
    async start() {
      const file = await readState<{ peers?: SavedPeer[] }>(opts.dir, PEERS_FILE, {});
      for (const saved of file.peers ?? []) track(saved);
    },
    relocate(nearby) {
      for (const n of nearby) {
        const peer = n.id === undefined ? undefined : peers.get(n.id);
        if (!peer || peer.status !== "offline" || peer.saved.url === n.url) continue;
        void followMoved(peer, n.url).catch((err: unknown) =>
          opts.logger.warn({ err: err instanceof Error ? err.message : String(err) }, "following a moved machine failed"),
        );
      }
    },
    async add(raw) {
      const parsed = parsePeerLink(raw);
      if (!parsed.ok) return { ok: false, reason: "bad-link", message: parsed.message };
      const paired = await pair(parsed.origin, parsed.link);
      if (!paired.ok) return paired;
      // The same machine (its machine.json id) paired again, from a new address or not: one entry,
      // with the new address and credential, and the old credential revoked there (best effort).
      const before = peers.get(paired.saved.id)?.saved;
      track(paired.saved);
      await save();
      opts.logger.info(
        { machine: paired.saved.name, url: paired.saved.url, moved: before !== undefined && before.url !== paired.saved.url },
        before ? "machine paired again" : "machine added",
      );
      if (before && before.credential !== paired.saved.credential) {
        const revoked = await revokeCredential(dispatcher, paired.saved.url, before.credential);
        if (!revoked.revoked) opts.logger.warn({ machine: before.name, why: revoked.words }, "the previous credential was not revoked there");
      }
      return { ok: true, machine: machineOf(peers.get(paired.saved.id) as Peer) };
    },
    async remove(id) {
      const peer = peers.get(id);
      if (!peer) return { found: false };
      peer.stop.abort();
      peers.delete(id);
      await save();
      changed();
      const { name, url, credential } = peer.saved;
      const revoked = await revokeCredential(dispatcher, url, credential);
      opts.logger.info({ machine: name, revoked: revoked.revoked }, "machine removed");
      return {
        found: true,
        revoked: revoked.revoked,
        message: revoked.revoked
          ? `${name} is forgotten; it ${revoked.words}`
          : `${name} is forgotten here, but it ${revoked.words} Its copy of the credential stays there until \`kill -USR2\` on it, or until it expires unused.`,
      };
    },
    async stop() {
      stopped = true;
      for (const p of peers.values()) p.stop.abort();
      await dispatcher.close().catch(() => undefined);
    },
  };
}
