import { describe, expect, it, vi } from "vitest";
import { FakeEventSource } from "../../test/fake-event-source";
import { DIR, engineTestHooks, hubDoc, instance, json } from "../../test/engine-fixtures";
import type { InstancesDocument } from "../api/hub-types";
import type { AppStore } from "../store/app-store";
import { assistantMessage, session, textPart, userMessage } from "../store/test-fixtures";
import type { Message, Part } from "../store/types";
import { makeLiveEngine, type LiveEngine } from "./live-engine";

const frame = (type: string, properties: Record<string, unknown> = {}) =>
  JSON.stringify({ directory: DIR, project: "global", payload: { id: "evt_1", type, properties } });
const CONNECTED = JSON.stringify({ payload: { type: "server.connected", properties: {} } });

type Route = (url: URL, init: RequestInit | undefined) => Response | Promise<Response> | undefined;

/** A fake network: the hub document plus per-test OpenCode answers; every request is recorded. */
function fakeNetwork(doc: InstancesDocument) {
  const requests: string[] = [];
  const routes: Route[] = [];
  const fetchImpl = vi.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input, "http://hub.test");
    requests.push(`${init?.method ?? "GET"} ${url.host === "hub.test" ? "" : url.port}${url.pathname}${url.search}`);
    for (const route of routes) {
      const res = await route(url, init);
      if (res) return res;
    }
    if (url.pathname === "/api/instances") return json(doc);
    if (url.pathname === "/session" && (init?.method ?? "GET") === "GET") return json([session("ses_1", DIR)]);
    if (url.pathname === "/session/status") return json({});
    if (url.pathname === "/permission" || url.pathname === "/question") return json([]);
    if (/\/session\/[^/]+\/message$/.test(url.pathname)) return json([]);
    return new Response(null, { status: 204 });
  });
  return { fetchImpl, requests, routes };
}

describe("live engine", () => {
  let store!: AppStore;
  let engine: LiveEngine | null = null;
  engineTestHooks({ setStore: (s) => (store = s), engine: () => engine, reset: () => (engine = null) });

  function start(doc: InstancesDocument) {
    const net = fakeNetwork(doc);
    engine = makeLiveEngine({
      store,
      fetchImpl: net.fetchImpl,
      EventSourceImpl: FakeEventSource,
      random: () => 0.5,
      schedule: (cb) => setTimeout(cb, 16) as unknown as number,
      cancelSchedule: (h) => clearTimeout(h),
    });
    return net;
  }
  const hubStream = () => FakeEventSource.latest("/api/instances/stream");
  const settle = () => vi.advanceTimersByTimeAsync(20);

  it("opens one connection per ready instance and closes it when the hub drops the instance", async () => {
    start(hubDoc());
    hubStream().send(hubDoc(instance("a", 4001), instance("locked", 4002, { status: "auth-required", eventsUrl: null })));
    expect(FakeEventSource.open().map((s) => s.url)).toEqual(["/api/instances/stream", "http://127.0.0.1:4001/global/event"]);
    expect(store.state.instances.a?.connection.state).toBe("connecting");
    expect(store.state.instances.locked?.connection.state).toBe("auth-required");
    hubStream().send(hubDoc(instance("a", 4001), instance("locked", 4002, { status: "auth-required", eventsUrl: null })));
    expect(FakeEventSource.instances).toHaveLength(2);

    const source = FakeEventSource.latest("4001");
    hubStream().send(hubDoc());
    expect(source.closed).toBe(true);
    expect(store.state.instances.a?.connection.state).toBe("offline");
    source.fireError(); // late errors of a closed source change nothing
    expect(store.state.instances.a?.connection.state).toBe("offline");
  });

  it("shows a broken instance as error with the hub's message, opens no stream for it, and connects once it recovers", () => {
    start(hubDoc());
    const broken = instance("b", 4003, { status: "error", error: "DrizzleError: Failed to run the query", eventsUrl: null, version: "1.14.41" });
    hubStream().send(hubDoc(broken));
    expect(store.state.instances.b?.connection).toMatchObject({ state: "error", error: "DrizzleError: Failed to run the query" });
    expect(FakeEventSource.open().map((s) => s.url)).toEqual(["/api/instances/stream"]);
    hubStream().send(hubDoc({ ...broken, error: "GET /project answered 503" }));
    expect(store.state.instances.b?.connection.error).toBe("GET /project answered 503");
    hubStream().send(hubDoc(instance("b", 4003)));
    expect(FakeEventSource.open().map((s) => s.url)).toContain("http://127.0.0.1:4003/global/event");
    expect(store.state.instances.b?.connection.state).toBe("connecting");
  });

  it("replaces the connection when the eventsUrl changes", () => {
    start(hubDoc());
    hubStream().send(hubDoc(instance("a", 4001)));
    const first = FakeEventSource.latest("4001");
    hubStream().send(hubDoc(instance("a", 4001, { eventsUrl: "http://127.0.0.1:4001/global/event?auth_token=abc" })));
    expect(first.closed).toBe(true);
    expect(FakeEventSource.open().map((s) => s.url)).toContain("http://127.0.0.1:4001/global/event?auth_token=abc");
  });

  it("resyncs on server.connected and applies streamed events", async () => {
    const net = start(hubDoc());
    hubStream().send(hubDoc(instance("a", 4001)));
    FakeEventSource.latest("4001").fireMessage(CONNECTED);
    expect(store.state.instances.a?.connection.state).toBe("connected");
    await settle();
    expect(net.requests).toEqual(
      expect.arrayContaining([
        "GET 4001/session?directory=%2Fhome%2Fdev%2Falpha",
        "GET 4001/session/status",
        "GET 4001/permission",
        "GET 4001/question",
      ]),
    );
    expect(Object.keys(store.state.sessions)).toEqual(["ses_1"]);

    FakeEventSource.latest("4001").fireMessage(frame("session.status", { sessionID: "ses_1", status: { type: "busy" } }));
    expect(store.state.status.ses_1).toBeUndefined(); // batched until the next frame
    await settle();
    expect(store.state.status.ses_1).toEqual({ type: "busy" });
    expect(store.state.instances.a?.counters.events).toBe(1);
  });

  it("does not lose or double streamed text that arrives while a session page loads", async () => {
    const net = start(hubDoc());
    hubStream().send(hubDoc(instance("a", 4001)));
    const es = FakeEventSource.latest("4001");
    es.fireMessage(CONNECTED);
    await settle();

    const user = userMessage("msg_1", "ses_1");
    const reply = assistantMessage("msg_2", "ses_1", "msg_1");
    const pagePart = (text: string) => textPart("prt_1", "msg_2", "ses_1", text);
    let answer!: (r: Response) => void;
    net.routes.push((url) => (url.pathname === "/session/ses_1/message" ? new Promise<Response>((r) => (answer = r)) : undefined));
    const opened = engine!.actions.openSession("ses_1");
    await settle();
    const delta = (d: string) =>
      es.fireMessage(frame("message.part.delta", { sessionID: "ses_1", messageID: "msg_2", partID: "prt_1", field: "text", delta: d }));
    es.fireMessage(frame("message.part.updated", { part: pagePart("") })); // the part starts
    delta("Hello");
    delta(" wor"); // the server answers after this one…
    await settle();
    answer(
      json([
        { info: user, parts: [] },
        { info: reply, parts: [pagePart("Hello wor")] },
      ]),
    );
    delta("ld"); // …and this one was still on its way
    await opened;
    await settle();
    const parts = store.state.parts.msg_2 as Part[];
    expect(parts.map((p) => (p.type === "text" ? p.text : p.type))).toEqual(["Hello world"]);
  });

  describe("a reply that is still streaming (OpenCode stores its text only when the part ends)", () => {
    const user = userMessage("msg_1", "ses_1");
    const reply = assistantMessage("msg_2", "ses_1", "msg_1");
    const streaming = (text: string): Part => ({ ...textPart("prt_1", "msg_2", "ses_1", text), time: { start: 1 } }) as Part;
    const ended = (text: string): Part => ({ ...textPart("prt_1", "msg_2", "ses_1", text), time: { start: 1, end: 2 } }) as Part;
    const storedPage = () =>
      json([
        { info: user, parts: [] },
        { info: reply, parts: [streaming("")] },
      ]);
    const busy = { ses_1: { type: "busy" } };
    const text = () => (store.state.parts.msg_2 as Part[] | undefined)?.map((p) => (p.type === "text" ? p.text : p.type)).join("|");

    function connect(net: ReturnType<typeof fakeNetwork>) {
      net.routes.push((url) =>
        url.pathname === "/session/ses_1/message" ? storedPage() : url.pathname === "/session/status" ? json(busy) : undefined,
      );
      hubStream().send(hubDoc(instance("a", 4001)));
      const es = FakeEventSource.latest("4001");
      es.fireMessage(CONNECTED);
      const delta = (d: string) =>
        es.fireMessage(frame("message.part.delta", { sessionID: "ses_1", messageID: "msg_2", partID: "prt_1", field: "text", delta: d }));
      return { es, delta };
    }

    it("keeps streaming into a session opened mid-reply while connected", async () => {
      const net = start(hubDoc());
      const { es, delta } = connect(net);
      await settle();
      es.fireMessage(frame("message.part.updated", { part: streaming("") }));
      delta("Hello ");
      delta("wor");
      await settle();
      await engine!.actions.openSession("ses_1"); // the server answers "" for the part
      expect(text()).toBe("Hello wor");
      delta("ld");
      await settle();
      expect(text()).toBe("Hello world");
    });

    it("after a reconnect mid-reply keeps the text shown so far and takes the rest whole at the part's end", async () => {
      const net = start(hubDoc());
      const { es, delta } = connect(net);
      await settle();
      es.fireMessage(frame("message.part.updated", { part: streaming("") }));
      delta("Hello ");
      await engine!.actions.openSession("ses_1");
      expect(text()).toBe("Hello ");
      es.fireError(); // "wor" streams while we are away
      await vi.advanceTimersByTimeAsync(1_000);
      const next = FakeEventSource.latest("4001");
      next.fireMessage(CONNECTED);
      await settle();
      expect(text()).toBe("Hello "); // not "" (the stored text), and…
      next.fireMessage(frame("message.part.delta", { sessionID: "ses_1", messageID: "msg_2", partID: "prt_1", field: "text", delta: "ld" }));
      await settle();
      expect(text()).toBe("Hello "); // …not "Hello ld" (a hole where "wor" was)
      next.fireMessage(frame("message.part.updated", { part: ended("Hello world") }));
      await settle();
      expect(text()).toBe("Hello world");
    });

    it("shows the server's text, not a fragment, for a reply that started before the page connected", async () => {
      const net = start(hubDoc());
      const { es, delta } = connect(net);
      await settle();
      await engine!.actions.openSession("ses_1");
      delta("tail of a reply");
      await settle();
      expect(text()).toBe("");
      es.fireMessage(frame("message.part.updated", { part: ended("Whole reply, tail of a reply") }));
      await settle();
      expect(text()).toBe("Whole reply, tail of a reply");
    });
  });

  it("reloads open sessions from their owner after a reconnect", async () => {
    const net = start(hubDoc());
    hubStream().send(hubDoc(instance("a", 4001)));
    FakeEventSource.latest("4001").fireMessage(CONNECTED);
    await settle();
    await engine!.actions.openSession("ses_1");
    FakeEventSource.latest("4001").fireError();
    expect(store.state.instances.a?.connection).toMatchObject({ state: "reconnecting", attempt: 1 });
    net.requests.length = 0;
    await vi.advanceTimersByTimeAsync(1_000);
    FakeEventSource.latest("4001").fireMessage(CONNECTED);
    await settle();
    expect(net.requests).toContain("GET 4001/session/ses_1/message?limit=50&directory=%2Fhome%2Fdev%2Falpha");
  });

  it("after a reconnect refetches only the sessions shown in open tabs, not every session ever opened", async () => {
    const net = start(hubDoc());
    hubStream().send(hubDoc(instance("a", 4001)));
    FakeEventSource.latest("4001").fireMessage(CONNECTED);
    await settle();
    store.mutations.upsertSession("a", session("ses_2", DIR));
    await engine!.actions.openSession("ses_1");
    await engine!.actions.openSession("ses_2");
    engine!.actions.showSessions(["ses_2"]); // the tab of ses_1 was closed
    FakeEventSource.latest("4001").fireError();
    net.requests.length = 0;
    await vi.advanceTimersByTimeAsync(1_000);
    FakeEventSource.latest("4001").fireMessage(CONNECTED);
    await settle();
    const pages = net.requests.filter((r) => r.includes("/message?"));
    expect(pages).toEqual(["GET 4001/session/ses_2/message?limit=50&directory=%2Fhome%2Fdev%2Falpha"]);
    // The lists are refetched as before.
    expect(net.requests).toContain("GET 4001/session?directory=%2Fhome%2Fdev%2Falpha");
  });

  it("sends a prompt to the owner with an optimistic message, and takes it back on failure", async () => {
    const net = start(hubDoc());
    hubStream().send(hubDoc(instance("a", 4001)));
    FakeEventSource.latest("4001").fireMessage(CONNECTED);
    await settle();

    let body: { messageID: string; parts: Array<{ id: string; text: string }> } | null = null;
    net.routes.push((url, init) => {
      if (!url.pathname.endsWith("/prompt_async")) return undefined;
      body = JSON.parse(String(init?.body));
      return new Response(null, { status: 204 });
    });
    await engine!.actions.sendPrompt("ses_1", "hi there");
    expect(net.requests).toContain(`POST 4001/session/ses_1/prompt_async?directory=${encodeURIComponent(DIR)}`);
    const sent = body as unknown as { messageID: string; parts: Array<{ id: string; text: string }> };
    expect(sent.messageID).toMatch(/^msg_/);
    expect(sent.parts[0]?.text).toBe("hi there");
    expect((store.state.messages.ses_1 as Message[]).map((m) => m.id)).toEqual([sent.messageID]);
    expect((store.state.parts[sent.messageID] as Part[])[0]?.id).toBe(sent.parts[0]?.id);

    net.routes.unshift((url) =>
      url.pathname.endsWith("/prompt_async")
        ? new Response(JSON.stringify({ name: "BadRequest", data: { message: "session is busy" } }), { status: 400 })
        : undefined,
    );
    await expect(engine!.actions.sendPrompt("ses_1", "again")).rejects.toThrow("OpenCode at :4001 refused the prompt (400): session is busy");
    expect((store.state.messages.ses_1 as Message[]).map((m) => m.id)).toEqual([sent.messageID]);
  });

  it("rejects with words when no running instance owns the session", async () => {
    start(hubDoc());
    hubStream().send(hubDoc(instance("a", 4001)));
    FakeEventSource.latest("4001").fireMessage(CONNECTED);
    await settle();
    store.mutations.upsertSession("a", session("ses_far", "/elsewhere"));
    await expect(engine!.actions.sendPrompt("ses_far", "hi")).rejects.toThrow("No running OpenCode serves /elsewhere");
    await expect(engine!.actions.sendPrompt("ses_unknown", "hi")).rejects.toThrow(/no longer listed/);
  });

  it("creates a session on the chosen instance", async () => {
    const net = start(hubDoc());
    hubStream().send(hubDoc(instance("a", 4001)));
    net.routes.push((url, init) => (url.pathname === "/session" && init?.method === "POST" ? json(session("ses_new", DIR)) : undefined));
    const created = await engine!.actions.createSession("a");
    expect(created.id).toBe("ses_new");
    expect(store.state.sessions.ses_new?.seenBy).toEqual(["a"]);
    await expect(engine!.actions.createSession("nope")).rejects.toThrow(/not connected/);
  });

  it("starts a lazy session: creates it on the chosen instance with its first prompt; a retry after a failed prompt reuses it", async () => {
    const net = start(hubDoc());
    hubStream().send(hubDoc(instance("a", 4001), instance("b", 4002)));
    let fail = true;
    net.routes.push((url, init) => {
      if (url.pathname === "/session" && init?.method === "POST") return json(session("ses_lazy", DIR));
      if (url.pathname.endsWith("/prompt_async")) return fail ? new Response("{}", { status: 500 }) : new Response(null, { status: 204 });
      return undefined;
    });
    await expect(engine!.actions.startSession("b", "first words")).rejects.toThrow();
    expect(store.state.messages.ses_lazy ?? []).toEqual([]);
    fail = false;
    expect(await engine!.actions.startSession("b", "first words")).toBe("ses_lazy");
    const posts = net.requests.filter((r) => r.startsWith("POST"));
    expect(posts.filter((r) => /\/session$/.test(r.split("?")[0]!))).toEqual(["POST 4002/session"]);
    expect(posts.filter((r) => r.includes("prompt_async")).every((r) => r.startsWith("POST 4002/"))).toBe(true);
    await expect(engine!.actions.startSession("nope", "x")).rejects.toThrow(/not connected/);
  });

  it("opens a deep-linked session once its instance has listed it (asked before any instance connected)", async () => {
    const net = start(hubDoc(instance("a", 4001)));
    const opened = engine!.actions.openSession("ses_1");
    let settledOpen = false;
    void opened.then(() => (settledOpen = true));
    await settle(); // the hub's answer arrived: "a" is connecting, nothing listed yet
    expect(FakeEventSource.open().map((es) => es.url)).toContain("http://127.0.0.1:4001/global/event");
    expect(settledOpen).toBe(false);
    FakeEventSource.latest("4001").fireMessage(CONNECTED);
    await opened;
    expect(net.requests).toContain("GET 4001/session/ses_1/message?limit=50&directory=%2Fhome%2Fdev%2Falpha");
  });

  it("rejects opening a session no instance lists once every instance has answered", async () => {
    start(hubDoc(instance("a", 4001), instance("b", 4002)));
    const opened = engine!.actions.openSession("ses_gone");
    const failed = expect(opened).rejects.toThrow(/no longer listed/);
    await settle();
    FakeEventSource.latest("4001").fireMessage(CONNECTED);
    FakeEventSource.latest("4002").fireError(); // b is down: nothing to wait for there
    await failed;
    engine!.dispose();
    engine = null;
    expect(vi.getTimerCount()).toBe(0);
  });

  it("shows a failed resync as error in words and retries it on the backoff while the stream stays up", async () => {
    const net = start(hubDoc());
    let failing = true;
    net.routes.push((url) => (failing && url.pathname === "/session/status" ? new Response("busy", { status: 500 }) : undefined));
    hubStream().send(hubDoc(instance("a", 4001)));
    FakeEventSource.latest("4001").fireMessage(CONNECTED);
    await settle();
    expect(store.state.instances.a?.connection).toMatchObject({ state: "error", attempt: 1, error: expect.stringContaining("could not load") });
    expect(Object.keys(store.state.sessions)).toEqual([]);
    failing = false;
    await vi.advanceTimersByTimeAsync(1_000); // backoffDelay(1) with random 0.5
    expect(store.state.instances.a?.connection).toMatchObject({ state: "connected", attempt: 0, error: null });
    expect(Object.keys(store.state.sessions)).toEqual(["ses_1"]);
  });

  it("ignores a resync failure once the stream itself has failed (its reconnect resyncs anyway)", async () => {
    const net = start(hubDoc());
    let answer!: (r: Response) => void;
    net.routes.push((url) => (url.pathname === "/session/status" ? new Promise<Response>((r) => (answer = r)) : undefined));
    hubStream().send(hubDoc(instance("a", 4001)));
    FakeEventSource.latest("4001").fireMessage(CONNECTED);
    await settle();
    FakeEventSource.latest("4001").fireError();
    answer(new Response("gone", { status: 502 }));
    await settle();
    expect(store.state.instances.a?.connection).toMatchObject({ state: "reconnecting", attempt: 1 });
  });

  it("reconnects at once when the browser says it is online again (no waiting out the backoff)", async () => {
    start(hubDoc());
    hubStream().send(hubDoc(instance("a", 4001)));
    FakeEventSource.latest("4001").fireMessage(CONNECTED);
    for (let i = 0; i < 4; i++) {
      FakeEventSource.latest("4001").fireError();
      await vi.advanceTimersByTimeAsync(30_000);
    }
    FakeEventSource.latest("4001").fireError();
    const waiting = store.state.instances.a?.connection;
    expect(waiting?.state).toBe("reconnecting");
    expect(waiting?.attempt).toBeGreaterThanOrEqual(5); // a wait of 16 s or more ahead
    expect(waiting?.nextRetryAt).not.toBeNull();
    const before = FakeEventSource.instances.length;
    window.dispatchEvent(new Event("online"));
    expect(FakeEventSource.instances.length).toBe(before + 1);
    expect(FakeEventSource.latest("4001").closed).toBe(false);
  });

  it("says when the hub is lost, and leaves nothing running after dispose", async () => {
    start(hubDoc());
    hubStream().send(hubDoc(instance("a", 4001)));
    hubStream().fireError();
    expect(store.state.hub).toEqual({ state: "error", error: "Lost contact with the Switchboard hub — retrying" });
    FakeEventSource.latest("4001").fireMessage(CONNECTED);
    await settle();
    engine!.dispose();
    engine = null;
    expect(FakeEventSource.open()).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
