import { describe, expect, it } from "vitest";
import { parseServerUrl, urlServerId } from "./server-url.js";

describe("parseServerUrl", () => {
  it("takes http://host:port and normalizes it to the origin", () => {
    expect(parseServerUrl(" http://10.0.0.2:4096/ ")).toEqual({ ok: true, value: { origin: "http://10.0.0.2:4096", host: "10.0.0.2", port: 4096 } });
    expect(parseServerUrl("http://[::1]:5000")).toEqual({ ok: true, value: { origin: "http://[::1]:5000", host: "[::1]", port: 5000 } });
  });

  it("refuses what OpenCode does not serve or what would leak the password", () => {
    expect(parseServerUrl("https://x:1")).toMatchObject({ ok: false, message: expect.stringMatching(/plain http/) });
    expect(parseServerUrl("http://opencode:pw@x:1")).toMatchObject({ ok: false, message: expect.stringMatching(/Password field/) });
    expect(parseServerUrl("http://x:1/session")).toMatchObject({ ok: false, message: expect.stringMatching(/without a path/) });
    expect(parseServerUrl("x:1")).toMatchObject({ ok: false });
    expect(parseServerUrl("not a url")).toMatchObject({ ok: false, message: expect.stringMatching(/not a URL/) });
  });

  it("gives each origin its own id, never one of the scan's 12-character ids", () => {
    const a = urlServerId("http://10.0.0.2:4096");
    expect(a).toMatch(/^url-[A-Za-z0-9_-]{12}$/);
    expect(urlServerId("http://10.0.0.2:4097")).not.toBe(a);
    expect(urlServerId("http://10.0.0.2:4096")).toBe(a);
  });
});
