import { describe, expect, it } from "vitest";
import { createRemoteAuth, newSecret } from "./auth-state.js";

describe("newSecret", () => {
  it("is 32 random bytes in base64url", () => {
    const s = newSecret();
    expect(s).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newSecret()).not.toBe(s);
  });
});

describe("createRemoteAuth", () => {
  it("turns a sign-in token into a session exactly once", () => {
    const auth = createRemoteAuth();
    const token = auth.mintToken();
    const session = auth.redeem(token);
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session).not.toBe(token);
    expect(auth.verify(session as string)).toBe(true);
    expect(auth.redeem(token)).toBeNull();
    expect(auth.verify(token)).toBe(false);
  });

  it("knows nothing it did not hand out", () => {
    const auth = createRemoteAuth();
    auth.mintToken();
    expect(auth.redeem("x".repeat(43))).toBeNull();
    expect(auth.redeem("")).toBeNull();
    expect(auth.verify("")).toBe(false);
    expect(auth.verify("y".repeat(43))).toBe(false);
  });

  it("rotation revokes every session and unspent token", () => {
    const auth = createRemoteAuth();
    const spare = auth.mintToken();
    const session = auth.redeem(auth.mintToken()) as string;
    const fresh = auth.rotate();
    expect(auth.verify(session)).toBe(false);
    expect(auth.redeem(spare)).toBeNull();
    expect(auth.sessionCount()).toBe(0);
    expect(auth.verify(auth.redeem(fresh) as string)).toBe(true);
  });

  it("tells spent and revoked secrets from ones it never handed out", () => {
    const auth = createRemoteAuth();
    const token = auth.mintToken();
    expect(auth.tokenState(token)).toBe("live");
    const session = auth.redeem(token) as string;
    expect(auth.tokenState(token)).toBe("spent");
    expect(auth.tokenState("q".repeat(43))).toBe("unknown");
    const spare = auth.mintToken();
    auth.burn(spare);
    expect(auth.tokenState(spare)).toBe("spent");
    expect(auth.redeem(spare)).toBeNull();
    expect(auth.check(session).status).toBe("valid");
    auth.rotate();
    expect(auth.check(session)).toEqual({ status: "revoked" });
    expect(auth.check("q".repeat(43))).toEqual({ status: "unknown" });
  });

  it("lists devices, signs one out, and tells every listener which sessions ended", () => {
    const auth = createRemoteAuth();
    const ended: string[][] = [];
    auth.onRevoke((ids) => ended.push([...ids]));
    const phone = auth.redeem(auth.mintToken(), { device: "Chrome on Android", address: "192.168.1.7" }) as string;
    const laptop = auth.redeem(auth.mintToken(), { device: "Firefox on Linux", address: "192.168.1.8" }) as string;
    const list = auth.sessions();
    expect(list.map((s) => s.device)).toEqual(["Chrome on Android", "Firefox on Linux"]);
    expect(JSON.stringify(list)).not.toContain(phone);
    const phoneId = (list[0] as { id: string }).id;
    expect(auth.revoke(phoneId)).toBe(true);
    expect(auth.revoke(phoneId)).toBe(false);
    expect(ended).toEqual([[phoneId]]);
    expect(auth.verify(phone)).toBe(false);
    expect(auth.verify(laptop)).toBe(true);
    auth.rotate();
    expect(ended).toHaveLength(2);
    expect(auth.sessions()).toEqual([]);
  });

  it("ends a session at its lifetime, on expire() or at the next check", () => {
    let t = 1_000_000;
    const auth = createRemoteAuth({ ttlMs: 60_000, now: () => t });
    const ended: string[] = [];
    auth.onRevoke((ids) => ended.push(...ids));
    const a = auth.redeem(auth.mintToken()) as string;
    const b = auth.redeem(auth.mintToken()) as string;
    expect(auth.sessions()[0]?.expiresAt).toBe(t + 60_000);
    t += 59_999;
    expect(auth.expire()).toBe(0);
    expect(auth.verify(a)).toBe(true);
    t += 1;
    expect(auth.check(a)).toEqual({ status: "revoked" });
    expect(auth.expire()).toBe(1);
    expect(auth.verify(b)).toBe(false);
    expect(ended).toHaveLength(2);
  });

  it("never lives longer than 30 days", () => {
    expect(createRemoteAuth({ ttlMs: 90 * 24 * 3600 * 1000 }).ttlMs).toBe(30 * 24 * 3600 * 1000);
  });
});
