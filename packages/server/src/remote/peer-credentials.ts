/**
 * Long-lived credentials this hub hands to peer Switchboards (another machine's hub that redeemed
 * one of our sign-in links). Unlike browser sessions they survive a restart, so a peer reconnects
 * on its own: they are kept as SHA-256 digests in peer-credentials.json (state folder, 0600).
 * A credential lives the sign-in lifetime (--session-ttl, 30 days by default) counted from its last
 * use, so one in use never runs out while a forgotten peer's does. `kill -USR2` (rotation) revokes
 * them all, like every device, and a peer that forgets this machine revokes its own; revocations
 * are announced so the gate closes the peers' open streams at once.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { readState, writeState } from "../machines/state-file.js";
import { MAX_SESSION_TTL_MS, newSecret } from "./auth-state.js";

const FILE = "peer-credentials.json";
const digest = (secret: string): string => createHash("sha256").update(secret).digest("hex");

/** A credential's public id, the same on both hubs (the peer names it without sending it). */
export function peerCredentialId(secret: string): string {
  return `peer-${digest(secret).slice(0, 12)}`;
}

/**
 * The proof that a hub holds the credential `id` names, for a challenge sent to it at `host`
 * (the Host header it was reached by): keyed with the credential's digest, which the holder (B)
 * keeps and the peer (A) can compute, and bound to the host so a hub relaying the challenge to
 * the real holder from another address gets a proof A refuses.
 */
export function peerProof(key: { secret: string } | { digest: string }, nonce: string, host: string): string {
  const k = "secret" in key ? digest(key.secret) : key.digest;
  return createHmac("sha256", k).update(`switchboard-peer-proof\n${nonce}\n${host.toLowerCase()}`).digest("hex");
}

/** Compares two proofs in constant time. */
export function sameProof(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

interface Stored {
  id: string;
  digest: string;
  createdAt: number;
  /** Absent in files written before credentials expired: counted from createdAt then. */
  lastUsedAt?: number;
}

/** What a bearer credential is. */
export type PeerCheck = { status: "valid"; id: string } | { status: "expired" } | { status: "unknown" };

/** The peer credential store. */
export interface PeerCredentials {
  /** Mints a credential and persists its digest; returns the secret (handed to the peer once). */
  mint(): Promise<string>;
  /** Looks a bearer up; a valid one is renewed (its lifetime starts again). */
  check(secret: string): PeerCheck;
  /** Renews the credentials `inUse` says are in use (a peer's open instance stream makes no new requests). */
  renew(inUse: (id: string) => boolean): void;
  /** The proof for a challenge (peerProof), or null when `id` names no live credential. */
  prove(id: string, nonce: string, host: string): string | null;
  /** Revokes one credential (the peer forgot this machine); false when it is unknown. */
  revoke(id: string): Promise<boolean>;
  /** Revokes every credential (rotation); returns the revoked ids. */
  revokeAll(): Promise<string[]>;
  onRevoke(listener: (ids: readonly string[]) => void): () => void;
}

/** Options: the lifetime (--session-ttl), a clock for tests, and where a failed write is told. */
export interface PeerCredentialOptions {
  ttlMs?: number;
  now?: () => number;
  onSaveError?: (err: unknown) => void;
}

/** Loads the store from the state folder. */
export async function loadPeerCredentials(dir: string, opts: PeerCredentialOptions = {}): Promise<PeerCredentials> {
  const ttlMs = Math.min(opts.ttlMs ?? MAX_SESSION_TTL_MS, MAX_SESSION_TTL_MS);
  const now = opts.now ?? Date.now;
  const file = await readState<{ credentials?: Stored[] }>(dir, FILE, {});
  let stored: Stored[] = file.credentials ?? [];
  const listeners = new Set<(ids: readonly string[]) => void>();
  // One write at a time (renewals are not awaited): overlapping writes would share a temporary file.
  let writing: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => {
    const next = writing.then(() => writeState(dir, FILE, { credentials: stored }));
    writing = next.catch(() => undefined);
    return next;
  };
  const lastUse = (s: Stored): number => s.lastUsedAt ?? s.createdAt;
  const expired = (s: Stored, t: number): boolean => lastUse(s) + ttlMs <= t;
  // A renewal is written at most this often: a use per request must not mean a write per request,
  // and losing the last few minutes of use to a crash shortens a 30-day lifetime by minutes only.
  const persistEveryMs = Math.min(ttlMs / 10, 3_600_000);
  let persistedAt = now();
  const touch = (s: Stored, t: number): void => {
    s.lastUsedAt = t;
    if (t - persistedAt < persistEveryMs) return;
    persistedAt = t;
    save().catch((err: unknown) => opts.onSaveError?.(err));
  };
  const announce = (ids: readonly string[]): void => {
    if (ids.length > 0) for (const l of listeners) l(ids);
  };
  return {
    async mint() {
      const secret = newSecret();
      const t = now();
      // Expired credentials are kept (so their peer hears "expired", not "unknown") until a
      // lifetime past their end, then dropped here: the file stays as small as the live peers.
      stored = [
        ...stored.filter((s) => lastUse(s) + 2 * ttlMs > t),
        { id: peerCredentialId(secret), digest: digest(secret), createdAt: t, lastUsedAt: t },
      ];
      await save();
      return secret;
    },
    check(secret) {
      const d = digest(secret);
      const found = stored.find((s) => s.digest === d);
      if (!found) return { status: "unknown" };
      const t = now();
      if (expired(found, t)) return { status: "expired" };
      touch(found, t);
      return { status: "valid", id: found.id };
    },
    renew(inUse) {
      const t = now();
      for (const s of stored) if (!expired(s, t) && inUse(s.id)) touch(s, t);
    },
    prove(id, nonce, host) {
      const found = stored.find((s) => s.id === id);
      return found && !expired(found, now()) ? peerProof({ digest: found.digest }, nonce, host) : null;
    },
    async revoke(id) {
      if (!stored.some((s) => s.id === id)) return false;
      stored = stored.filter((s) => s.id !== id);
      await save();
      announce([id]);
      return true;
    },
    async revokeAll() {
      const ids = stored.map((s) => s.id);
      stored = [];
      await save();
      announce(ids);
      return ids;
    },
    onRevoke(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** This machine as peers see it: a random id kept in machine.json, and a name (--machine-name, else the host name). */
export async function loadMachineIdentity(dir: string, name: string): Promise<{ id: string; name: string }> {
  const saved = await readState<{ id?: string }>(dir, "machine.json", {});
  if (typeof saved.id === "string" && /^[A-Za-z0-9_-]{8,64}$/.test(saved.id)) return { id: saved.id, name };
  const id = newSecret().slice(0, 16);
  await writeState(dir, "machine.json", { id });
  return { id, name };
}
