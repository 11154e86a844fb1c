import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadMachineIdentity, loadPeerCredentials } from "./peer-credentials.js";

const dirs: string[] = [];
const fresh = (): string => {
  const d = mkdtempSync(join(tmpdir(), "sb-peer-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("peer credentials", () => {
  it("survive a restart as digests (0600), and rotation revokes them all and announces it", async () => {
    const dir = fresh();
    const store = await loadPeerCredentials(dir);
    const secret = await store.mint();
    expect(store.check(secret)).toMatchObject({ status: "valid", id: expect.stringMatching(/^peer-/) });
    expect(store.check("guess")).toEqual({ status: "unknown" });
    const file = join(dir, "peer-credentials.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).not.toContain(secret);

    const reloaded = await loadPeerCredentials(dir);
    expect(reloaded.check(secret).status).toBe("valid");
    const revoked: string[][] = [];
    reloaded.onRevoke((ids) => revoked.push([...ids]));
    expect(await reloaded.revokeAll()).toHaveLength(1);
    expect(revoked).toHaveLength(1);
    expect(reloaded.check(secret).status).toBe("unknown");
    expect((await loadPeerCredentials(dir)).check(secret).status).toBe("unknown");
  });

  it("expire a lifetime after their last use; a use or an open stream renews them, across restarts", async () => {
    const dir = fresh();
    let t = 1_000_000;
    const day = 24 * 3600 * 1000;
    const store = await loadPeerCredentials(dir, { ttlMs: 7 * day, now: () => t });
    const used = await store.mint();
    const streaming = await store.mint();
    const idle = await store.mint();
    const streamingId = (store.check(streaming) as { id: string }).id;
    t += 6 * day;
    expect(store.check(used).status).toBe("valid");
    store.renew((id) => id === streamingId);
    t += 6 * day; // 12 days after minting, 6 after the last use
    expect(store.check(used).status).toBe("valid");
    expect(store.check(streaming).status).toBe("valid");
    expect(store.check(idle)).toEqual({ status: "expired" });
    // The renewal reaches the file (written at most every ttl/10, not awaited): a restart keeps it.
    const file = join(dir, "peer-credentials.json");
    await vi.waitFor(() => {
      const saved = JSON.parse(readFileSync(file, "utf8")) as { credentials: Array<{ lastUsedAt: number }> };
      expect(Math.max(...saved.credentials.map((c) => c.lastUsedAt))).toBe(t);
    });
    t += 6 * day;
    const reloaded = await loadPeerCredentials(dir, { ttlMs: 7 * day, now: () => t });
    expect(reloaded.check(used).status).toBe("valid");
    // Past twice the lifetime an expired credential is dropped when the next one is minted.
    t += 8 * day;
    expect(reloaded.check(idle)).toEqual({ status: "expired" });
    await reloaded.mint();
    expect(reloaded.check(idle)).toEqual({ status: "unknown" });
  });

  it("revokes one credential (the peer forgot this machine) and announces it", async () => {
    const store = await loadPeerCredentials(fresh());
    const one = await store.mint();
    const other = await store.mint();
    const id = (store.check(one) as { id: string }).id;
    const revoked: string[][] = [];
    store.onRevoke((ids) => revoked.push([...ids]));
    expect(await store.revoke(id)).toBe(true);
    expect(await store.revoke(id)).toBe(false);
    expect(revoked).toEqual([[id]]);
    expect(store.check(one).status).toBe("unknown");
    expect(store.check(other).status).toBe("valid");
  });

  it("keeps this machine's id across restarts; the name is the one given", async () => {
    const dir = fresh();
    const first = await loadMachineIdentity(dir, "laptop");
    expect(first.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(await loadMachineIdentity(dir, "renamed")).toEqual({ id: first.id, name: "renamed" });
  });
});
