import { describe, expect, it, vi } from "vitest";
import { makeTuiClient } from "./tui-client";

const TUI = { url: "http://127.0.0.1:5123", port: 5123, kind: "tui" as const, eventsUrl: "http://127.0.0.1:5123/global/event?auth_token=dTpw" };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("makeTuiClient", () => {
  it("a TUI whose routes refuse an empty body (400) supports both actions; asked once", async () => {
    const fetchImpl = vi.fn(async () => json(400, { name: "BadRequest", data: { message: 'Missing key\n  at ["sessionID"]' } }));
    const client = makeTuiClient(TUI, fetchImpl);
    expect(await client.supported()).toBe(true);
    expect(await client.supported()).toBe(true);
    expect(fetchImpl).toHaveBeenCalledTimes(2);
    expect(fetchImpl).toHaveBeenCalledWith("http://127.0.0.1:5123/tui/select-session", expect.objectContaining({ method: "POST", body: "{}" }));
  });

  it("hides the actions where a route is missing, for servers that are not TUIs, and when the probe fails", async () => {
    const html = vi.fn(async () => new Response("<html>", { status: 200, headers: { "content-type": "text/html" } }));
    expect(await makeTuiClient(TUI, html).supported()).toBe(false);
    const legacy = vi.fn(async () => json(500, { name: "UnknownError" }));
    expect(await makeTuiClient(TUI, legacy).supported()).toBe(false);
    const serve = vi.fn(async () => json(400, {}));
    expect(await makeTuiClient({ ...TUI, kind: "serve" }, serve).supported()).toBe(false);
    expect(serve).not.toHaveBeenCalled();
    vi.spyOn(console, "error").mockImplementation(() => {});
    const down = vi.fn(async () => {
      throw new TypeError("fetch failed");
    });
    expect(await makeTuiClient(TUI, down).supported()).toBe(false);
  });

  it("selects a session and shows a toast with the server's credentials", async () => {
    const fetchImpl = vi.fn(async (_url: string, _init?: RequestInit) => new Response(JSON.stringify(true), { status: 200 }));
    const client = makeTuiClient(TUI, fetchImpl);
    await client.selectSession("ses_1");
    await client.showToast("hello");
    const [selectUrl, selectInit] = fetchImpl.mock.calls[0] ?? [];
    expect(selectUrl).toBe("http://127.0.0.1:5123/tui/select-session");
    expect(JSON.parse(String(selectInit?.body))).toEqual({ sessionID: "ses_1" });
    expect((selectInit?.headers as Record<string, string>).authorization).toBe("Basic dTpw");
    expect(JSON.parse(String(fetchImpl.mock.calls[1]?.[1]?.body))).toMatchObject({ message: "hello", variant: "info" });
  });
});
