/**
 * Secrets of remote mode, in memory only: one-time sign-in tokens (in the link the hub prints) and
 * the sessions they turn into (the cookie). Tokens and sessions are kept as SHA-256 digests, so a
 * lookup compares digests, never the secret itself.
 */
import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes, base64url (43 characters). */
export function newSecret(random: (size: number) => Buffer = randomBytes): string {
  return random(32).toString("base64url");
}

const digest = (secret: string): string => createHash("sha256").update(secret).digest("hex");

/** What the hub's remote gate asks. */
export interface RemoteAuth {
  /** Mints a one-time sign-in token (for the printed link). */
  mintToken(): string;
  /** Spends a sign-in token: a new session secret for the cookie, or null if unknown or already used. */
  redeem(token: string): string | null;
  /** True when the cookie's session is one this hub handed out and has not revoked. */
  verify(session: string): boolean;
  /** Revokes every session and unspent token, and mints a fresh token. */
  rotate(): string;
  /** How many sessions are live (for the log). */
  sessionCount(): number;
}

/** The in-memory RemoteAuth; `random` is injectable for tests. */
export function createRemoteAuth(random?: (size: number) => Buffer): RemoteAuth {
  const tokens = new Set<string>();
  const sessions = new Set<string>();
  const mintToken = (): string => {
    const token = newSecret(random);
    tokens.add(digest(token));
    return token;
  };
  return {
    mintToken,
    redeem(token) {
      if (token.length < 32 || !tokens.delete(digest(token))) return null;
      const session = newSecret(random);
      sessions.add(digest(session));
      return session;
    },
    verify: (session) => session.length >= 32 && sessions.has(digest(session)),
    rotate() {
      tokens.clear();
      sessions.clear();
      return mintToken();
    },
    sessionCount: () => sessions.size,
  };
}
