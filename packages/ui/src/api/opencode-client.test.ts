import { describe, expect, it, vi } from "vitest";
import type { Message } from "../store/types";
import { ApiError } from "./api-error";
import { fakeFetch } from "./fake-fetch";
import { authTokenFrom, cursorFor, makeOpenCodeClient, type OpenCodeTarget } from "./opencode-client";

const json = (value: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(value), { status: 200, headers: { "content-type": "application/json" }, ...init });

const global4096: OpenCodeTarget = { url: "http://127.0.0.1:4096", port: 4096, protocol: "global", eventsUrl: "http://127.0.0.1:4096/global/event" };
const legacy5000: OpenCodeTarget = { url: "http://127.0.0.1:5000", port: 5000, protocol: "legacy", eventsUrl: "http://127.0.0.1:5000/event" };

function msg(id: string, created: number): { info: Message; parts: [] } {
  return { info: { id, sessionID: "ses_1", role: "user", time: { created } } as Message, parts: [] };
}

describe("makeOpenCodeClient", () => {
  it("lists sessions of a directory and the pending lists", async () => {
    const { fetchImpl, calls } = fakeFetch(() => json([]));
    const c = makeOpenCodeClient(global4096, { fetchImpl });
    await c.listSessions("/home/dev/my project");
    await c.sessionStatus();
    await c.listPermissions();
    await c.listQuestions();
    expect(calls.map((x) => `${x.method} ${x.url}`)).toEqual([
      "GET http://127.0.0.1:4096/session?directory=%2Fhome%2Fdev%2Fmy+project",
      "GET http://127.0.0.1:4096/session/status",
      "GET http://127.0.0.1:4096/permission",
      "GET http://127.0.0.1:4096/question",
    ]);
    expect(calls[0]?.headers.authorization).toBeUndefined();
  });

  it("asks again for every session when the server's default page of 100 is full", async () => {
    const page = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `ses_${i}` }));
    const { fetchImpl, calls } = fakeFetch((call) => json(call.url.includes("limit=") ? page(130) : page(100)));
    const c = makeOpenCodeClient(global4096, { fetchImpl });
    expect(await c.listSessions("/p")).toHaveLength(130);
    expect(calls.map((x) => x.url)).toEqual([
      "http://127.0.0.1:4096/session?directory=%2Fp",
      "http://127.0.0.1:4096/session?directory=%2Fp&limit=100000",
    ]);
  });

  it("sends the prompt with our own message and part ids, the session's directory and nothing else", async () => {
    const { fetchImpl, calls } = fakeFetch(() => new Response(null, { status: 204 }));
    const c = makeOpenCodeClient(global4096, { fetchImpl });
    const body = { messageID: "msg_1", parts: [{ id: "prt_1", type: "text" as const, text: "hi" }] };
    await c.promptAsync("ses_1", body, "/p");
    expect(calls[0]).toMatchObject({
      method: "POST",
      url: "http://127.0.0.1:4096/session/ses_1/prompt_async?directory=%2Fp",
      body,
      headers: { "content-type": "application/json" },
    });
    await c.abort("ses_1");
    expect(calls[1]).toMatchObject({ method: "POST", url: "http://127.0.0.1:4096/session/ses_1/abort" });
  });

  it("replies to permissions and questions on the current routes", async () => {
    const { fetchImpl, calls } = fakeFetch(() => json(true));
    const c = makeOpenCodeClient(global4096, { fetchImpl });
    await c.replyPermission("per_1", "always", { sessionId: "ses_1" });
    await c.replyQuestion("que_1", [["Yes"]], { sessionId: "ses_1" });
    await c.rejectQuestion("que_2", { sessionId: "ses_1" });
    expect(calls.map((x) => [x.url, x.body])).toEqual([
      ["http://127.0.0.1:4096/permission/per_1/reply", { reply: "always" }],
      ["http://127.0.0.1:4096/question/que_1/reply", { answers: [["Yes"]] }],
      ["http://127.0.0.1:4096/question/que_2/reject", {}],
    ]);
  });

  it("creates a session and returns it", async () => {
    const session = { id: "ses_new", directory: "/p" };
    const { fetchImpl, calls } = fakeFetch(() => json(session));
    const c = makeOpenCodeClient(global4096, { fetchImpl });
    await expect(c.createSession()).resolves.toEqual(session);
    expect(calls[0]).toMatchObject({ method: "POST", url: "http://127.0.0.1:4096/session", body: {} });
  });

  it("uses the legacy routes on 1.0.x", async () => {
    const { fetchImpl, calls } = fakeFetch(() => json(true));
    const c = makeOpenCodeClient(legacy5000, { fetchImpl });
    await c.promptAsync("ses_1", { messageID: "msg_1", parts: [{ type: "text", text: "hi" }] });
    await c.replyPermission("per_1", "once", { sessionId: "ses_1" });
    expect(await c.sessionStatus()).toEqual({});
    expect(await c.listPermissions()).toEqual([]);
    expect(calls.map((x) => [x.url, x.body])).toEqual([
      ["http://127.0.0.1:5000/session/ses_1/message", { messageID: "msg_1", parts: [{ type: "text", text: "hi" }] }],
      ["http://127.0.0.1:5000/session/ses_1/permissions/per_1", { response: "once" }],
    ]);
  });

  it("counts a blocking legacy prompt as accepted when no error came quickly", async () => {
    vi.useFakeTimers();
    try {
      const { fetchImpl } = fakeFetch(() => new Promise<Response>(() => {}));
      const c = makeOpenCodeClient(legacy5000, { fetchImpl, legacyAcceptMs: 2_000, timeoutMs: 600_000 });
      const sent = c.promptAsync("ses_1", { messageID: "msg_1", parts: [] });
      await vi.advanceTimersByTimeAsync(2_000);
      await expect(sent).resolves.toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it("adds Basic auth from the hub's auth_token", async () => {
    const token = btoa("opencode:sekret");
    const { fetchImpl, calls } = fakeFetch(() => json([]));
    const c = makeOpenCodeClient(
      { ...global4096, eventsUrl: `http://127.0.0.1:4096/global/event?auth_token=${encodeURIComponent(token)}` },
      { fetchImpl },
    );
    await c.listQuestions();
    expect(calls[0]?.headers.authorization).toBe(`Basic ${token}`);
    expect(calls[0]?.url).not.toContain("auth_token");
    expect(authTokenFrom("not a url")).toBeNull();
  });

  describe("message pages", () => {
    it("reads X-Next-Cursor and passes it back as before", async () => {
      const { fetchImpl, calls } = fakeFetch(() => json([msg("msg_a", 1), msg("msg_b", 2)], { headers: { "x-next-cursor": "CUR" } }));
      const c = makeOpenCodeClient(global4096, { fetchImpl });
      const page = await c.messages("ses_1", { limit: 2 });
      expect(page.cursor).toBe("CUR");
      expect(page.messages.map((m) => m.info.id)).toEqual(["msg_a", "msg_b"]);
      await c.messages("ses_1", { limit: 2, before: "CUR", directory: "/p" });
      expect(calls[1]?.url).toBe("http://127.0.0.1:4096/session/ses_1/message?limit=2&before=CUR&directory=%2Fp");
    });

    it("builds OpenCode's cursor from the oldest message when the header is not readable and the page is full", async () => {
      const { fetchImpl } = fakeFetch(() => json([msg("msg_1fca3fd92001063cDh5s26qwZl", 1795239968146), msg("msg_z", 2)]));
      const c = makeOpenCodeClient(global4096, { fetchImpl });
      const page = await c.messages("ses_1", { limit: 2 });
      // The exact X-Next-Cursor OpenCode 1.18.33 sent for this message.
      expect(page.cursor).toBe("eyJpZCI6Im1zZ18xZmNhM2ZkOTIwMDEwNjNjRGg1czI2cXdabCIsInRpbWUiOjE3OTUyMzk5NjgxNDZ9");
      expect(cursorFor(page.messages[0]!.info)).toBe(page.cursor);
    });

    it("reports no cursor for a short page", async () => {
      const { fetchImpl } = fakeFetch(() => json([msg("msg_a", 1)]));
      const c = makeOpenCodeClient(global4096, { fetchImpl });
      expect((await c.messages("ses_1", { limit: 50 })).cursor).toBeNull();
    });

    it("pages legacy history by loading all of it once", async () => {
      const all = [msg("msg_a", 1), msg("msg_b", 2), msg("msg_c", 3)];
      const { fetchImpl, calls } = fakeFetch((call) => json(call.url.includes("limit=") ? all.slice(1) : all));
      const c = makeOpenCodeClient(legacy5000, { fetchImpl });
      const latest = await c.messages("ses_1", { limit: 2 });
      expect(latest.cursor).toBe("legacy:msg_b");
      const older = await c.messages("ses_1", { limit: 2, before: latest.cursor });
      expect(calls[1]?.url).toBe("http://127.0.0.1:5000/session/ses_1/message");
      expect(older).toEqual({ messages: [all[0]], cursor: null });
    });
  });

  describe("errors in words", () => {
    it("says the server refused, with its own message", async () => {
      const { fetchImpl } = fakeFetch(() => json({ name: "BadRequest", data: { message: "parts must not be empty" } }, { status: 400 }));
      const c = makeOpenCodeClient(global4096, { fetchImpl });
      const err = await c.promptAsync("ses_1", { messageID: "msg_1", parts: [] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).message).toBe("OpenCode at :4096 refused the prompt (400): parts must not be empty");
      expect((err as ApiError).status).toBe(400);
      expect((err as ApiError).detail).toContain("prompt_async");
    });

    it("says the server could not be reached", async () => {
      const { fetchImpl } = fakeFetch(() => Promise.reject(new TypeError("Failed to fetch")));
      const c = makeOpenCodeClient(global4096, { fetchImpl });
      await expect(c.abort("ses_1")).rejects.toMatchObject({
        message: "Could not reach OpenCode at :4096 — is it still running?",
        status: null,
      });
    });

    it("asks for the password on 401 and never logs the token", async () => {
      const { fetchImpl } = fakeFetch(() => new Response("", { status: 401 }));
      const c = makeOpenCodeClient(global4096, { fetchImpl });
      await expect(c.listSessions("/p")).rejects.toMatchObject({ status: 401, message: expect.stringContaining("password") });
    });

    it("refuses HTML answers that are not OpenCode's JSON", async () => {
      const { fetchImpl } = fakeFetch(() => new Response("<!doctype html><title>app</title>", { status: 200 }));
      const c = makeOpenCodeClient(global4096, { fetchImpl });
      await expect(c.listSessions("/p")).rejects.toMatchObject({ message: expect.stringContaining("not JSON") });
    });

    it("gives up on a silent server after the timeout", async () => {
      vi.useFakeTimers();
      try {
        const fetchImpl = vi.fn(
          (_: string, init?: RequestInit) =>
            new Promise<Response>((_, reject) => init?.signal?.addEventListener("abort", () => reject(new Error("aborted")))),
        );
        const c = makeOpenCodeClient(global4096, { fetchImpl, timeoutMs: 5_000 });
        const result = c.sessionStatus().catch((e: unknown) => e);
        await vi.advanceTimersByTimeAsync(5_000);
        expect(await result).toMatchObject({ message: "OpenCode at :4096 did not answer within 5 s — is it busy or stuck?" });
      } finally {
        vi.useRealTimers();
      }
    });
  });
});
