/** The live engine with an OpenCode 2 instance: its resync routes, per-folder requests, optimistic prompts. */
import { describe, expect, it, vi } from "vitest";
import { FakeEventSource } from "../../test/fake-event-source";
import { DIR, engineTestHooks, hubDoc, instance, json } from "../../test/engine-fixtures";
import { v2Fixture } from "../adapters/v2/fixture";
import type { Instance } from "../api/hub-types";
import type { AppStore } from "../store/app-store";
import { userMessage } from "../store/test-fixtures";
import type { Message } from "../store/types";
import { makeEventLog, type EventLog } from "./event-log";
import { makeLiveEngine, type LiveEngine } from "./live-engine";

const TOKEN = btoa("opencode:pw");
const v2 = (id: string, port: number, extra: Partial<Instance> = {}) =>
  instance(id, port, { protocol: "v2", version: "2.1.2", eventsUrl: `http://127.0.0.1:${port}/api/event?auth_token=${TOKEN}`, ...extra });
const CONNECTED = JSON.stringify({ id: "evt_0", type: "server.connected", data: {} });

interface Seen {
  line: string;
  folder: string | undefined;
  auth: string | undefined;
  body: unknown;
}

/** 2.x answers: one session in DIR and one elsewhere (running), a pending permission per folder. */
function network(opts: { promptId?: (sent: string) => string } = {}) {
  const seen: Seen[] = [];
  const fetchImpl = vi.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input, "http://hub.test");
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const body = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
    seen.push({
      line: `${init?.method ?? "GET"} ${url.port}${url.pathname}${url.search}`,
      folder: headers["x-opencode-directory"],
      auth: headers.authorization,
      body,
    });
    if (url.pathname === "/api/instances") return json(hubDoc());
    if (url.pathname === "/api/session" && (init?.method ?? "GET") === "GET") {
      const all = [v2Fixture.session("ses_here", DIR), v2Fixture.session("ses_far", "/w/far")];
      return json({
        data: url.searchParams.get("directory") ? all.filter((s) => s.location.directory === url.searchParams.get("directory")) : all,
        cursor: { next: null },
      });
    }
    if (url.pathname === "/api/session/active") return json({ data: { ses_far: { type: "running" } } });
    if (url.pathname === "/api/permission/request" || url.pathname === "/api/form")
      return json({ location: { directory: headers["x-opencode-directory"] }, data: [] });
    if (url.pathname.endsWith("/prompt"))
      return json({ data: { id: opts.promptId?.(body.id) ?? body.id, type: "user", delivery: body.delivery ?? "steer" } });
    if (url.pathname.endsWith("/message")) return json({ data: [], cursor: { next: null } });
    if (/^\/api\/session\/ses_[^/]+$/.test(url.pathname))
      return json({ data: v2Fixture.session(url.pathname.split("/")[3] ?? "", DIR, { idle: 50 }) });
    return new Response(null, { status: 204 });
  });
  return { fetchImpl, seen };
}

describe("live engine with OpenCode 2", () => {
  let store!: AppStore;
  let engine: LiveEngine | null = null;
  engineTestHooks({ setStore: (s) => (store = s), engine: () => engine, reset: () => (engine = null) });

  async function start(info: Instance, opts?: Parameters<typeof network>[0], eventLog?: EventLog) {
    const net = network(opts);
    engine = makeLiveEngine({
      store,
      eventLog,
      fetchImpl: net.fetchImpl,
      EventSourceImpl: FakeEventSource,
      random: () => 0.5,
      schedule: (cb) => setTimeout(cb, 16) as unknown as number,
      cancelSchedule: (h) => clearTimeout(h),
    });
    FakeEventSource.latest("/api/instances/stream").send(hubDoc(info));
    FakeEventSource.latest(String(info.port)).fireMessage(CONNECTED);
    await vi.advanceTimersByTimeAsync(20);
    return net;
  }

  it("a 2.x serve resyncs from /api: its folder's sessions, the running ones, and pending requests per folder, with Basic auth", async () => {
    const net = await start(v2("s", 4101));
    expect(store.state.instances.s?.connection.state).toBe("connected");
    expect(net.seen.filter((x) => x.line.startsWith("GET 4101")).map((x) => [x.line, x.folder ?? null])).toEqual([
      [`GET 4101/api/session?directory=${encodeURIComponent(DIR)}&limit=100`, null],
      ["GET 4101/api/session/active", null],
      // 2.x keeps pending requests per folder: its own (the running ses_far is in a folder it does not list).
      ["GET 4101/api/permission/request", DIR],
      ["GET 4101/api/form", DIR],
    ]);
    expect(net.seen.filter((x) => x.line.startsWith("GET 4101")).every((x) => x.auth === `Basic ${TOKEN}`)).toBe(true);
    expect(Object.keys(store.state.sessions)).toEqual(["ses_here"]);
    expect(store.state.instances.s?.listed).toBe(true);
  });

  it("the background service lists every folder's sessions and owns those no folder's own server runs", async () => {
    const net = await start(v2("svc", 4102, { kind: "service", directory: "/home/dev" }));
    expect(Object.keys(store.state.sessions).sort()).toEqual(["ses_far", "ses_here"]);
    // Pending requests of its own folder and of the folder of each running session.
    expect(net.seen.filter((x) => x.line === "GET 4102/api/permission/request").map((x) => x.folder)).toEqual(["/home/dev", "/w/far"]);
    expect(net.seen.find((x) => x.line.startsWith("GET 4102/api/session?"))?.line).toBe("GET 4102/api/session?limit=100");
    await engine!.actions.abort("ses_far");
    expect(store.state.sessions.ses_far?.seenBy).toEqual(["svc"]);
  });

  it("an optimistic prompt is one message: the server keeps our id; should it answer another, the copy moves there once", async () => {
    // Set before the second send (prefer-const would merge it into a declaration the first send already reads).
    let answer: ((sent: string) => string) | undefined = undefined;
    const net = await start(v2("s", 4101), { promptId: (sent) => answer?.(sent) ?? sent });
    await engine!.actions.sendPrompt("ses_here", "hi", { delivery: "queue" });
    const post = net.seen.find((x) => x.line === "POST 4101/api/session/ses_here/prompt");
    const sent = post?.body as { id: string; text: string; delivery: string };
    expect(sent).toEqual({ id: expect.stringMatching(/^msg_/), text: "hi", delivery: "queue" });
    expect((store.state.messages.ses_here as Message[]).map((m) => m.id)).toEqual([sent.id]);

    answer = () => "msg_zzzzserver";
    await engine!.actions.sendPrompt("ses_here", "again");
    expect((store.state.messages.ses_here as Message[]).map((m) => m.id)).toEqual([sent.id, "msg_zzzzserver"]);
    expect(store.state.parts.msg_zzzzserver?.[0]).toMatchObject({ type: "text", text: "again", messageID: "msg_zzzzserver" });
    // The server's copy then replaces it in place.
    store.mutations.reconcileMessages(
      "s",
      "ses_here",
      { messages: [{ info: userMessage("msg_zzzzserver", "ses_here"), parts: [] }], cursor: null },
      "latest",
    );
    expect((store.state.messages.ses_here as Message[]).filter((m) => m.id === "msg_zzzzserver")).toHaveLength(1);
  });

  it("answers a permission and a question on the session routes", async () => {
    const net = await start(v2("s", 4101));
    await engine!.actions.replyPermission("ses_here", "per_1", "reject");
    await engine!.actions.rejectQuestion("ses_here", "frm_1");
    expect(net.seen.slice(-2).map((x) => [x.line, x.body])).toEqual([
      ["POST 4101/api/session/ses_here/permission/per_1/reply", { decision: "reject" }],
      ["DELETE 4101/api/session/ses_here/form/frm_1", undefined],
    ]);
  });

  it("marks a shown session's finished turn viewed on the server (its TUI's unread agrees), on open and when a turn ends", async () => {
    const net = await start(v2("s", 4101));
    const views = () => net.seen.filter((x) => x.line === "POST 4101/api/session/ses_here/view");
    await engine!.actions.openSession("ses_here");
    await vi.waitFor(() => expect(views()).toHaveLength(1));
    expect(views()[0]?.body).toEqual({ idle: 50 });
    FakeEventSource.latest("4101").fireMessage(JSON.stringify({ id: "evt_9", type: "session.execution.succeeded", data: { sessionID: "ses_here" } }));
    await vi.waitFor(() => expect(views()).toHaveLength(2));
    // A session no tab shows is not marked.
    engine!.actions.showSessions([]);
    FakeEventSource.latest("4101").fireMessage(
      JSON.stringify({ id: "evt_10", type: "session.execution.succeeded", data: { sessionID: "ses_here" } }),
    );
    await vi.advanceTimersByTimeAsync(50);
    expect(views()).toHaveLength(2);
  });

  it("a rename streamed for a session it listed over REST reaches the store (the normalizer learned the list)", async () => {
    await start(v2("s", 4101));
    FakeEventSource.latest("4101").fireMessage(
      JSON.stringify({ id: "evt_5", type: "session.renamed", data: { sessionID: "ses_here", title: "renamed in the TUI" } }),
    );
    await vi.advanceTimersByTimeAsync(20);
    expect(store.state.sessions.ses_here?.info.title).toBe("renamed in the TUI");
  });

  it("with an event log (?inspect), records each raw frame with what the 2.x normalizer made of it", async () => {
    const log = makeEventLog();
    await start(v2("s", 4101), undefined, log);
    FakeEventSource.latest("4101").fireMessage(JSON.stringify({ id: "evt_7", type: "session.execution.started", data: { sessionID: "ses_here" } }));
    const last = log.entries("s").at(-1);
    expect(last?.raw).toContain("session.execution.started");
    expect(last?.normalized).toEqual([
      expect.objectContaining({ type: "session.status", properties: { sessionID: "ses_here", status: { type: "busy" } } }),
    ]);
    expect(log.entries("s")[0]?.normalized).toEqual([{ kind: "connected" }]);
  });
});
