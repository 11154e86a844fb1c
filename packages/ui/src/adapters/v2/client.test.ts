import { describe, expect, it, vi } from "vitest";
import { fakeFetch, type FetchCall } from "../../api/fake-fetch";
import type { QuestionRequest } from "../../store/types";
import type { AdapterTarget } from "../types";
import { makeV2Client, MAX_SESSIONS, SESSION_PAGE } from "./client";
import { v2Fixture } from "./fixture";

const json = (value: unknown, status = 200) => new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });
const none = () => new Response(null, { status: 204 });
const TOKEN = btoa("opencode:pw");
const serve: AdapterTarget = {
  url: "http://127.0.0.1:47300",
  port: 47300,
  protocol: "v2",
  eventsUrl: `http://127.0.0.1:47300/api/event?auth_token=${TOKEN}`,
  kind: "serve",
  directory: "/w/proj",
};
const service: AdapterTarget = { ...serve, kind: "service", directory: "/home/ann" };

const rawSession = (id: string, directory = "/w/proj", time: Record<string, number> = {}) => v2Fixture.session(id, directory, time);
const line = (c: FetchCall) => `${c.method} ${c.url.replace(serve.url, "")}`;

describe("v2 client", () => {
  it("sends Basic auth from the hub's events URL on every request", async () => {
    const { fetchImpl, calls } = fakeFetch(() => json({ data: {} }));
    await makeV2Client(serve, { fetchImpl }).sessionStatus();
    expect(calls[0]?.url).toBe("http://127.0.0.1:47300/api/session/active");
    expect(calls[0]?.headers.authorization).toBe(`Basic ${TOKEN}`);
  });

  it("a serve lists its folder's sessions; pages follow the cursor until a short page", async () => {
    const full = Array.from({ length: SESSION_PAGE }, (_, i) => rawSession(`ses_${String(i).padStart(3, "0")}`));
    const { fetchImpl, calls } = fakeFetch((call) =>
      json(call.url.includes("cursor=") ? { data: [rawSession("ses_last")], cursor: { next: "c2" } } : { data: full, cursor: { next: "c1" } }),
    );
    const sessions = await makeV2Client(serve, { fetchImpl }).listSessions("/w/proj");
    expect(calls.map(line)).toEqual([
      "GET /api/session?directory=%2Fw%2Fproj&limit=100",
      "GET /api/session?directory=%2Fw%2Fproj&limit=100&cursor=c1",
    ]);
    expect(sessions.map((s) => s.id)).toHaveLength(SESSION_PAGE + 1);
    expect(sessions.at(-1)?.id).toBe("ses_last");
  });

  it("the service serves every folder, so it lists all of them (no directory filter), up to a bound", async () => {
    let n = 0;
    const { fetchImpl, calls } = fakeFetch(() =>
      json({ data: Array.from({ length: SESSION_PAGE }, () => rawSession(`ses_${n++}`, `/f/${n % 3}`)), cursor: { next: `c${n}` } }),
    );
    const sessions = await makeV2Client(service, { fetchImpl }).listSessions("/home/ann");
    expect(calls[0] && line(calls[0])).toBe("GET /api/session?limit=100");
    expect(sessions).toHaveLength(MAX_SESSIONS);
    expect(calls).toHaveLength(MAX_SESSIONS / SESSION_PAGE);
  });

  it("a list answered in another shape is an error in words, not an empty list", async () => {
    const { fetchImpl } = fakeFetch(() => json({ nope: true }));
    await expect(makeV2Client(serve, { fetchImpl }).listSessions("/w/proj")).rejects.toThrow("answered the session list in an unexpected shape");
  });

  it("asks for pending permissions and forms per folder (x-opencode-directory), skips a folder it does not know, merges by id", async () => {
    const { fetchImpl, calls } = fakeFetch((call) => {
      const folder = call.headers["x-opencode-directory"];
      if (folder === "/gone") return json({ _tag: "LocationNotFoundError", message: "no" }, 404);
      const req = {
        id: "per_1",
        sessionID: "ses_1",
        action: "shell",
        resources: ["echo hi"],
        save: ["echo *"],
        source: { type: "tool", messageID: "msg_1", id: "call_1" },
      };
      return json({ location: { directory: folder }, data: call.url.includes("/permission/") ? [req] : [] });
    });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const c = makeV2Client(service, { fetchImpl });
    const permissions = await c.listPermissions(["/a", "/b", "/gone", "/a"]);
    expect(calls.map((x) => [line(x), x.headers["x-opencode-directory"]])).toEqual([
      ["GET /api/permission/request", "/a"],
      ["GET /api/permission/request", "/b"],
      ["GET /api/permission/request", "/gone"],
    ]);
    expect(permissions.map((p) => p.id)).toEqual(["per_1"]);
    expect(warn).toHaveBeenCalledOnce();
    await c.listQuestions([]);
    // No folder known: the server's own (its launch folder).
    expect(calls.at(-1)?.url).toBe("http://127.0.0.1:47300/api/form");
    expect(calls.at(-1)?.headers["x-opencode-directory"]).toBe("/home/ann");
    warn.mockRestore();
  });

  it("reads a page of messages with the cursor; a short page is the start of history", async () => {
    const { fetchImpl, calls } = fakeFetch((call) =>
      json({
        data: call.url.includes("cursor=")
          ? [{ id: "msg_1", type: "user", text: "a", time: { created: 1 } }]
          : [
              { id: "msg_2", type: "user", text: "b", time: { created: 2 } },
              { id: "msg_3", type: "idle", outcome: "succeeded", time: { created: 3 } },
            ],
        cursor: { next: "older" },
      }),
    );
    const c = makeV2Client(serve, { fetchImpl });
    expect((await c.messages("ses_1", { limit: 2 })).cursor).toBe("older");
    expect((await c.messages("ses_1", { limit: 2, before: "older" })).cursor).toBeNull();
    expect(calls.map(line)).toEqual(["GET /api/session/ses_1/message?limit=2", "GET /api/session/ses_1/message?limit=2&cursor=older"]);
  });

  it("creates a session in its folder", async () => {
    const { fetchImpl, calls } = fakeFetch(() => json({ data: rawSession("ses_new") }));
    const c = makeV2Client(serve, { fetchImpl });
    expect((await c.createSession()).id).toBe("ses_new");
    await c.createSession({ directory: "/w/other", parentID: "ses_p", title: "T" });
    expect(calls.map((x) => [line(x), x.body])).toEqual([
      ["POST /api/session", { location: { directory: "/w/proj" } }],
      ["POST /api/session", { location: { directory: "/w/other" }, parentID: "ses_p", title: "T" }],
    ]);
  });

  it("prompts with our message id, text, files as URIs and the delivery; answers the id the server stored", async () => {
    const { fetchImpl, calls } = fakeFetch((call) => json({ data: { id: (call.body as { id: string }).id, type: "user", delivery: "queue" } }));
    const c = makeV2Client(serve, { fetchImpl });
    const id = await c.promptAsync("ses_1", {
      messageID: "msg_mine",
      parts: [
        { type: "text", text: "look" },
        { type: "file", mime: "text/plain", url: "file:///w/proj/README.md", filename: "README.md" },
      ],
      delivery: "queue",
    });
    expect(id).toBe("msg_mine");
    expect(calls.map((x) => [line(x), x.body])).toEqual([
      [
        "POST /api/session/ses_1/prompt",
        { id: "msg_mine", text: "look", files: [{ uri: "file:///w/proj/README.md", name: "README.md" }], delivery: "queue" },
      ],
    ]);
  });

  it("switches agent and model before the prompt only when they differ from the session's (each switch adds a message)", async () => {
    const { fetchImpl, calls } = fakeFetch((call) => {
      if (call.method === "GET") return json({ data: { ...rawSession("ses_1"), agent: "build", model: { id: "mock-1", providerID: "mock" } } });
      return call.url.endsWith("/prompt") ? json({ data: { id: "msg_x" } }) : none();
    });
    const c = makeV2Client(serve, { fetchImpl });
    await c.promptAsync("ses_1", {
      messageID: "msg_x",
      parts: [{ type: "text", text: "a" }],
      agent: "build",
      model: { providerID: "mock", modelID: "mock-1" },
    });
    expect(calls.map(line)).toEqual(["GET /api/session/ses_1", "POST /api/session/ses_1/prompt"]);
    calls.length = 0;
    await c.promptAsync("ses_1", {
      messageID: "msg_y",
      parts: [{ type: "text", text: "b" }],
      agent: "plan",
      model: { providerID: "mock", modelID: "mock-2" },
    });
    expect(calls.map((x) => [line(x), x.body])).toEqual([
      ["GET /api/session/ses_1", undefined],
      ["POST /api/session/ses_1/agent", { agent: "plan" }],
      ["POST /api/session/ses_1/model", { model: { id: "mock-2", providerID: "mock" } }],
      ["POST /api/session/ses_1/prompt", { id: "msg_y", text: "b" }],
    ]);
  });

  it("interrupts, replies to a permission, answers and dismisses a form", async () => {
    const { fetchImpl, calls } = fakeFetch((call) => (call.url.endsWith("/interrupt") ? json({ interrupted: true }) : none()));
    const c = makeV2Client(serve, { fetchImpl });
    await c.abort("ses_1");
    await c.replyPermission("per_1", "once", { sessionId: "ses_1" });
    const form = {
      id: "frm_1",
      sessionID: "ses_1",
      questions: [{ question: "Which shade?", header: "Shade", options: [{ label: "Teal", description: "" }] }],
    } as unknown as QuestionRequest;
    await c.replyQuestion("frm_1", [["Teal"]], { sessionId: "ses_1", request: form });
    await c.rejectQuestion("frm_1", { sessionId: "ses_1" });
    expect(calls.map((x) => [line(x), x.body])).toEqual([
      ["POST /api/session/ses_1/interrupt", undefined],
      ["POST /api/session/ses_1/permission/per_1/reply", { decision: "once" }],
      ["POST /api/session/ses_1/form/frm_1/reply", { answer: expect.any(Object) }],
      ["DELETE /api/session/ses_1/form/frm_1", undefined],
    ]);
  });

  it("marks a finished turn viewed with the session's idle time, once", async () => {
    let viewed: number | undefined;
    const { fetchImpl, calls } = fakeFetch((call) => {
      if (call.method === "GET") return json({ data: rawSession("ses_1", "/w/proj", { idle: 50, ...(viewed ? { viewed } : {}) }) });
      viewed = (call.body as { idle: number }).idle;
      return none();
    });
    const c = makeV2Client(serve, { fetchImpl });
    await c.markViewed?.("ses_1");
    await c.markViewed?.("ses_1");
    expect(calls.map((x) => [line(x), x.body])).toEqual([
      ["GET /api/session/ses_1", undefined],
      ["POST /api/session/ses_1/view", { idle: 50 }],
      ["GET /api/session/ses_1", undefined],
    ]);
  });

  it("server errors keep their words", async () => {
    const { fetchImpl } = fakeFetch(() => json({ _tag: "SessionNotFoundError", message: "Session not found: ses_9" }, 404));
    await expect(makeV2Client(serve, { fetchImpl }).abort("ses_9")).rejects.toThrow("OpenCode at :47300 refused to stop the session (404)");
  });
});
