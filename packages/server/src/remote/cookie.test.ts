import { describe, expect, it } from "vitest";
import { readCookie, readCookies, sessionCookie, SESSION_COOKIE } from "./cookie.js";

describe("session cookie", () => {
  it("reads its value among others", () => {
    expect(readCookie(`a=1; ${SESSION_COOKIE}=abc_-123; b=2`)).toBe("abc_-123");
    expect(readCookie("a=1")).toBeNull();
    expect(readCookie(undefined)).toBeNull();
    expect(readCookie(`x${SESSION_COOKIE}=1`)).toBeNull();
  });

  it("is HttpOnly, SameSite=Strict, path /, Secure only over HTTPS", () => {
    const plain = sessionCookie("v", { secure: false });
    expect(plain).toBe(`${SESSION_COOKIE}=v; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000`);
    expect(sessionCookie("v", { secure: true })).toMatch(/; Secure$/);
  });

  it("reads every value when the name is sent more than once", () => {
    expect(readCookies(`${SESSION_COOKIE}=junk; a=1; ${SESSION_COOKIE}=real`)).toEqual(["junk", "real"]);
    expect(readCookies(undefined)).toEqual([]);
  });
});
