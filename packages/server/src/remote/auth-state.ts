/**
 * Secrets of remote mode, in memory only: one-time sign-in tokens (in the link the hub prints) and
 * the sessions they turn into (the cookie). Tokens and sessions are kept as SHA-256 digests, so a
 * lookup compares digests, never the secret itself. A session lives `ttlMs` (30 days by default,
 * --session-ttl) and ends earlier when its device is signed out or everything is rotated; every
 * end is announced to onRevoke listeners (the gate closes that session's open streams).
 * Spent and revoked secrets are remembered in a bounded LRU, so a device presenting one is told
 * "signed out" or "link used" instead of being counted as a guess.
 */
import { createHash, randomBytes } from "node:crypto";
import { LRUCache } from "lru-cache";

/** 32 random bytes, base64url (43 characters). */
export function newSecret(random: (size: number) => Buffer = randomBytes): string {
  return random(32).toString("base64url");
}

const digest = (secret: string): string => createHash("sha256").update(secret).digest("hex");

/** The default and longest session lifetime: 30 days. */
export const MAX_SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
/** How many spent/revoked secrets are remembered (beyond that, the oldest are treated as unknown). */
const REMEMBERED_ENDS = 10_000;

/** One signed-in device, as the page lists it (no secret in it). */
export interface RemoteSession {
  /** Public id (for listing and signing out one device); not the cookie. */
  id: string;
  /** Browser and system, from the User-Agent at sign-in. */
  device: string;
  /** Client address at sign-in. */
  address: string;
  signedInAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

/** What a cookie value is. */
export type SessionCheck = { status: "valid"; session: RemoteSession } | { status: "revoked" } | { status: "unknown" };

/** What a sign-in token is. */
export type TokenState = "live" | "spent" | "unknown";

/** What the hub's remote gate asks. */
export interface RemoteAuth {
  /** The session lifetime in ms. */
  readonly ttlMs: number;
  /** Mints a one-time sign-in token (for the printed link). */
  mintToken(): string;
  /** Whether a token is unspent, was spent or revoked, or was never handed out. */
  tokenState(token: string): TokenState;
  /** Spends a sign-in token: a new session secret for the cookie, or null if unknown or already used. */
  redeem(token: string, device?: { device: string; address: string }): string | null;
  /** Voids an unspent token without a session (a link presented while its address was locked out). */
  burn(token: string): void;
  /** Looks up a cookie value; a valid one has its lastSeenAt updated. */
  check(session: string): SessionCheck;
  /** True when the cookie's session is one this hub handed out and has not revoked or expired. */
  verify(session: string): boolean;
  /** The live sessions, oldest first. */
  sessions(): RemoteSession[];
  /** Signs one device out; false when no live session has that id. */
  revoke(id: string): boolean;
  /** Ends the sessions past their lifetime (the gate calls it every second); returns how many. */
  expire(): number;
  /** Revokes every session and unspent token, and mints a fresh token. */
  rotate(): string;
  /** How many sessions are live (for the log). */
  sessionCount(): number;
  /** Called with the ids of sessions that ended (sign-out, rotation, expiry); returns an unsubscribe. */
  onRevoke(listener: (ids: readonly string[]) => void): () => void;
}

/** Options of createRemoteAuth; `random` and `now` are injectable for tests. */
export interface RemoteAuthOptions {
  ttlMs?: number;
  random?: (size: number) => Buffer;
  now?: () => number;
}

/** The in-memory RemoteAuth. */
export function createRemoteAuth(opts: RemoteAuthOptions = {}): RemoteAuth {
  const ttlMs = Math.min(opts.ttlMs ?? MAX_SESSION_TTL_MS, MAX_SESSION_TTL_MS);
  const now = opts.now ?? Date.now;
  const tokens = new Set<string>();
  /** Live sessions by the digest of their secret. */
  const live = new Map<string, RemoteSession>();
  /** Digests of spent tokens and ended sessions. */
  const ended = new LRUCache<string, "token" | "session">({ max: REMEMBERED_ENDS });
  const listeners = new Set<(ids: readonly string[]) => void>();

  const mintToken = (): string => {
    const token = newSecret(opts.random);
    tokens.add(digest(token));
    return token;
  };
  const end = (keys: readonly string[]): void => {
    const ids: string[] = [];
    for (const key of keys) {
      const session = live.get(key);
      if (!session) continue;
      live.delete(key);
      ended.set(key, "session");
      ids.push(session.id);
    }
    if (ids.length > 0) for (const listener of listeners) listener(ids);
  };
  const spend = (key: string): boolean => {
    if (!tokens.delete(key)) return false;
    ended.set(key, "token");
    return true;
  };
  const check = (session: string): SessionCheck => {
    if (session.length < 32) return { status: "unknown" };
    const key = digest(session);
    const found = live.get(key);
    if (found && found.expiresAt <= now()) end([key]);
    else if (found) {
      found.lastSeenAt = now();
      return { status: "valid", session: found };
    }
    return ended.get(key) === "session" ? { status: "revoked" } : { status: "unknown" };
  };
  return {
    ttlMs,
    mintToken,
    tokenState(token) {
      if (token.length < 32) return "unknown";
      const key = digest(token);
      if (tokens.has(key)) return "live";
      return ended.get(key) === "token" ? "spent" : "unknown";
    },
    redeem(token, device) {
      if (token.length < 32 || !spend(digest(token))) return null;
      const secret = newSecret(opts.random);
      const t = now();
      live.set(digest(secret), {
        id: newSecret(opts.random).slice(0, 16),
        device: device?.device ?? "unknown device",
        address: device?.address ?? "",
        signedInAt: t,
        lastSeenAt: t,
        expiresAt: t + ttlMs,
      });
      return secret;
    },
    burn(token) {
      if (token.length >= 32) spend(digest(token));
    },
    check,
    verify: (session) => check(session).status === "valid",
    sessions: () => [...live.values()].sort((a, b) => a.signedInAt - b.signedInAt),
    revoke(id) {
      const key = [...live].find(([, s]) => s.id === id)?.[0];
      if (key === undefined) return false;
      end([key]);
      return true;
    },
    expire() {
      const t = now();
      const due = [...live].filter(([, s]) => s.expiresAt <= t).map(([key]) => key);
      end(due);
      return due.length;
    },
    rotate() {
      for (const key of tokens) ended.set(key, "token");
      tokens.clear();
      end([...live.keys()]);
      return mintToken();
    },
    sessionCount: () => live.size,
    onRevoke(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
