/**
 * Long-lived credentials this hub hands to peer Switchboards (another machine's hub that redeemed
 * one of our sign-in links). Unlike browser sessions they survive a restart, so a peer reconnects
 * on its own: they are kept as SHA-256 digests in peer-credentials.json (state folder, 0600).
 * `kill -USR2` (rotation) revokes them all, like every device; revocations are announced so the
 * gate closes the peers' open streams at once.
 */
import { createHash } from "node:crypto";
import { readState, writeState } from "../machines/state-file.js";
import { newSecret } from "./auth-state.js";

const FILE = "peer-credentials.json";
const digest = (secret: string): string => createHash("sha256").update(secret).digest("hex");

interface Stored {
  id: string;
  digest: string;
  createdAt: number;
}

/** What a bearer credential is. */
export type PeerCheck = { status: "valid"; id: string } | { status: "unknown" };

/** The peer credential store. */
export interface PeerCredentials {
  /** Mints a credential and persists its digest; returns the secret (handed to the peer once). */
  mint(): Promise<string>;
  check(secret: string): PeerCheck;
  /** Revokes every credential (rotation); returns the revoked ids. */
  revokeAll(): Promise<string[]>;
  onRevoke(listener: (ids: readonly string[]) => void): () => void;
}

/** Loads the store from the state folder. */
export async function loadPeerCredentials(dir: string): Promise<PeerCredentials> {
  const file = await readState<{ credentials?: Stored[] }>(dir, FILE, {});
  let stored: Stored[] = file.credentials ?? [];
  const listeners = new Set<(ids: readonly string[]) => void>();
  const save = (): Promise<void> => writeState(dir, FILE, { credentials: stored });
  return {
    async mint() {
      const secret = newSecret();
      stored = [...stored, { id: `peer-${digest(secret).slice(0, 12)}`, digest: digest(secret), createdAt: Date.now() }];
      await save();
      return secret;
    },
    check(secret) {
      const d = digest(secret);
      const found = stored.find((s) => s.digest === d);
      return found ? { status: "valid", id: found.id } : { status: "unknown" };
    },
    async revokeAll() {
      const ids = stored.map((s) => s.id);
      stored = [];
      await save();
      for (const l of listeners) l(ids);
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
