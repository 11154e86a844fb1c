/**
 * Hub A's calls to a peer hub beside pairing and following (peers.ts): asking it to revoke our
 * credential, and asking a hub that claims to be a peer at a new address to prove it holds our
 * credential without sending it there. Each answers in words; nothing throws.
 */
import { randomBytes } from "node:crypto";
import { request, type Dispatcher } from "undici";
import { peerCredentialId, peerProof, sameProof } from "../remote/peer-credentials.js";

/** The `message` of a hub's JSON refusal, if it sent one. */
export async function refusalWords(body: Dispatcher.ResponseData["body"]): Promise<string | null> {
  const text = await body.text().catch(() => "");
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    return typeof message === "string" && message ? message : null;
  } catch {
    return null;
  }
}

/** Asks the peer at `origin` to revoke `credential` (DELETE /api/remote/peer); what it did, in words whose subject is the peer. */
export async function revokeCredential(dispatcher: Dispatcher, origin: string, credential: string): Promise<{ revoked: boolean; words: string }> {
  try {
    const res = await request(`${origin}/api/remote/peer`, {
      dispatcher,
      method: "DELETE",
      headers: { authorization: `Bearer ${credential}` },
      headersTimeout: 5_000,
      bodyTimeout: 5_000,
    });
    const said = await refusalWords(res.body);
    if (res.statusCode === 200) return { revoked: true, words: "revoked this hub's credential." };
    // Signed out or expired there already: nothing of it is left to revoke.
    if (res.statusCode === 401) return { revoked: true, words: "had already signed this hub out." };
    return { revoked: false, words: `did not revoke this hub's credential (${said ?? `status ${res.statusCode}`}).` };
  } catch (err) {
    return { revoked: false, words: `did not answer (${err instanceof Error ? err.message : String(err)}).` };
  }
}

/**
 * Null when the hub at `origin` is machine `peer.id` holding `peer.credential`: it must answer a
 * fresh challenge with the proof (peerProof) bound to the address asked; else why not. The
 * credential itself is never sent: an announcement proves nothing, and anyone can announce
 * another machine's id.
 */
export async function provesCredential(dispatcher: Dispatcher, origin: string, peer: { id: string; credential: string }): Promise<string | null> {
  const nonce = randomBytes(32).toString("base64url");
  try {
    const res = await request(`${origin}/api/remote/peer/proof`, {
      dispatcher,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: peerCredentialId(peer.credential), nonce }),
      headersTimeout: 5_000,
      bodyTimeout: 5_000,
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) return `it answered ${res.statusCode}`;
    const answer = JSON.parse(text) as { proof?: unknown; machine?: { id?: unknown } };
    const expected = peerProof({ secret: peer.credential }, nonce, new URL(origin).host);
    const proven = answer.machine?.id === peer.id && typeof answer.proof === "string" && sameProof(answer.proof, expected);
    return proven ? null : "its proof is wrong";
  } catch (err) {
    return `no proof (${err instanceof Error ? err.message : String(err)})`;
  }
}
