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
});
