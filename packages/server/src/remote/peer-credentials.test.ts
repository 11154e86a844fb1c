import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
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

  it("keeps this machine's id across restarts; the name is the one given", async () => {
    const dir = fresh();
    const first = await loadMachineIdentity(dir, "laptop");
    expect(first.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(await loadMachineIdentity(dir, "renamed")).toEqual({ id: first.id, name: "renamed" });
  });
});
