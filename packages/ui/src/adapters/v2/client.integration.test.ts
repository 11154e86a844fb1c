// @vitest-environment node
/**
 * The v2 adapter's client, ops, composer API and stream reader against a real OpenCode 2.1.2
 * `serve` (fleet HOME, scripted mock model): every route the page uses, as the page calls it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFleet, type Fleet, type V2FleetServer } from "../../../../../scripts/fleet/index.js";
import { waitFor } from "../../../../../scripts/fleet/client.js";
import { newMessageId } from "../../store/ids";
import type { OpenCodeClient } from "../../api/opencode-client";
import type { SessionOps } from "../../api/session-ops";
import type { MessagePage, Part } from "../../store/types";
import { makeFetchEventSource } from "../../stream/fetch-event-source";
import type { AdapterTarget } from "../types";
import { makeV2Client } from "./client";
import { makeV2ComposerApi } from "./composer";
import { makeV2SessionOps } from "./ops";

let fleet: Fleet;
let server: V2FleetServer & { token: string };
let target: AdapterTarget;
let client: OpenCodeClient;
let ops: SessionOps;

beforeAll(async () => {
  fleet = await startFleet({ count: 0 });
  const v2 = await fleet.startServer({ generation: 2, name: "v2alpha" });
  server = { ...v2, token: Buffer.from(`opencode:${v2.password}`).toString("base64") };
  target = {
    url: server.url,
    port: server.port,
    protocol: "v2",
    eventsUrl: `${server.url}/api/event?auth_token=${encodeURIComponent(server.token)}`,
    kind: "serve",
    directory: server.directory,
  };
  client = makeV2Client(target);
  ops = makeV2SessionOps(target);
}, 120_000);

afterAll(async () => {
  await fleet?.stop();
});

const parts = (page: MessagePage, type: Part["type"]) => page.messages.flatMap((m) => m.parts.filter((p) => p.type === type));
const text = (page: MessagePage) =>
  parts(page, "text")
    .map((p) => (p as { text: string }).text)
    .join("\n");
const idle = async (sessionId: string) => !(sessionId in (await client.sessionStatus()));
const latest = (sessionId: string) => client.messages(sessionId, { limit: 50 });

/** Sends a prompt the way the page does (our own message id) and returns that id. */
async function prompt(sessionId: string, words: string, delivery?: "steer" | "queue"): Promise<string> {
  const messageID = newMessageId();
  const stored = await client.promptAsync(sessionId, { messageID, parts: [{ type: "text", text: words }], ...(delivery ? { delivery } : {}) });
  expect(stored).toBe(messageID);
  return messageID;
}

/** A session whose `shell` calls ask first (2.x's build agent runs shell without asking by default). */
async function askingSession(): Promise<string> {
  const res = await fetch(`${server.url}/api/session`, {
    method: "POST",
    headers: { authorization: `Basic ${server.token}`, "content-type": "application/json" },
    body: JSON.stringify({ location: { directory: server.directory }, permissions: [{ action: "shell", resource: "*", effect: "ask" }] }),
  });
  return ((await res.json()) as { data: { id: string } }).data.id;
}

describe("v2 client against OpenCode 2.1.2", { timeout: 60_000 }, () => {
  it("streams /api/event with Basic auth: server.connected first, heartbeat comments seen", async () => {
    const ES = makeFetchEventSource();
    const frames: string[] = [];
    const comments: string[] = [];
    const es = new ES(target.eventsUrl as string);
    es.onmessage = (ev) => void frames.push(String(ev.data));
    es.oncomment = (c) => void comments.push(c);
    try {
      await waitFor("first frame and a heartbeat", () => frames.length > 0 && comments.length > 0, 20_000);
      expect(JSON.parse(frames[0] as string)).toMatchObject({ type: "server.connected" });
      expect(comments[0]).toBe("heartbeat");
    } finally {
      es.close();
    }
  });

  it("creates, lists and prompts a session; our message id is the server's; messages page oldest first; viewed mark set", async () => {
    const session = await client.createSession();
    expect(session.directory).toBe(server.directory);
    expect((await client.listSessions(server.directory)).map((s) => s.id)).toContain(session.id);
    const userId = await prompt(session.id, "hello from the v2 client");
    await waitFor(
      "reply",
      async () => (await idle(session.id)) && text(await latest(session.id)).includes("Mock reply to: hello from the v2 client"),
      30_000,
    );
    const page = await latest(session.id);
    expect(page.messages[0]?.info).toMatchObject({ id: userId, role: "user" });
    expect(page.messages.map((m) => m.info.role)).toEqual(["user", "assistant"]);
    expect(page.cursor).toBeNull();

    await client.markViewed?.(session.id);
    const raw = (await (await fetch(`${server.url}/api/session/${session.id}`, { headers: { authorization: `Basic ${server.token}` } })).json()) as {
      data: { time: { idle?: number; viewed?: number } };
    };
    expect(raw.data.time.viewed).toBe(raw.data.time.idle);
  });

  it("pages older messages with the cursor", async () => {
    const session = await client.createSession();
    await prompt(session.id, "one");
    await waitFor("first turn", () => idle(session.id), 30_000);
    await prompt(session.id, "two");
    await waitFor("second turn", async () => (await idle(session.id)) && text(await latest(session.id)).includes("Mock reply to: two"), 30_000);
    const newest = await client.messages(session.id, { limit: 2 });
    expect(newest.cursor).not.toBeNull();
    const older = await client.messages(session.id, { limit: 50, before: newest.cursor });
    expect(text(older)).toContain("Mock reply to: one");
    expect(text(older)).not.toContain("Mock reply to: two");
  });

  it("a permission is listed for its folder and answered; the shell tool then completes", async () => {
    const sessionId = await askingSession();
    await prompt(sessionId, "[[shell:echo from-v2-permission]]");
    const [request] = await waitFor(
      "permission",
      async () => {
        const list = await client.listPermissions([server.directory]);
        return list.length ? list : undefined;
      },
      30_000,
    );
    expect(request).toMatchObject({ sessionID: sessionId });
    await client.replyPermission(request!.id, "once", { sessionId });
    await waitFor(
      "tool done",
      async () => (await idle(sessionId)) && JSON.stringify(parts(await latest(sessionId), "tool")).includes("from-v2-permission"),
      30_000,
    );
    expect(await client.listPermissions([server.directory])).toEqual([]);
  });

  it("a question (form) is listed and answered with the chosen label", async () => {
    const session = await client.createSession();
    await prompt(session.id, "[[question]]");
    const [form] = await waitFor(
      "form",
      async () => {
        const list = await client.listQuestions([server.directory]);
        return list.length ? list : undefined;
      },
      30_000,
    );
    expect(form?.questions[0]?.options.map((o) => o.label)).toEqual(["Red", "Blue"]);
    await client.replyQuestion(form!.id, [["Blue"]], { sessionId: session.id, request: form });
    await waitFor(
      "answered",
      async () => (await idle(session.id)) && JSON.stringify(parts(await latest(session.id), "tool")).includes("Blue"),
      30_000,
    );
    expect(await client.listQuestions([server.directory])).toEqual([]);
  });

  it("a prompt sent while busy waits for the turn (queue) and is answered after it", async () => {
    const session = await client.createSession();
    await prompt(session.id, "[[slow:60]] first turn");
    await waitFor("busy", async () => !(await idle(session.id)), 15_000);
    await prompt(session.id, "queued after", "queue");
    await waitFor(
      "both answered",
      async () => (await idle(session.id)) && text(await latest(session.id)).includes("Mock reply to: queued after"),
      40_000,
    );
    const replies = text(await latest(session.id));
    expect(replies.indexOf("Mock reply to: first turn")).toBeLessThan(replies.indexOf("Mock reply to: queued after"));
  });

  it("interrupt stops a running turn", async () => {
    const session = await client.createSession();
    await prompt(session.id, "[[slow:200]] [[long:300]] a long one");
    await waitFor("busy", async () => !(await idle(session.id)), 15_000);
    await client.abort(session.id);
    await waitFor("stopped", () => idle(session.id), 15_000);
    // 300 words at 200 ms each would take a minute: it stopped early.
    expect(text(await latest(session.id)).split(" ").length).toBeLessThan(300);
  });

  it("renames, archives, forks, undoes and redoes a turn that wrote a file, lists its diff, and deletes", async () => {
    const session = await client.createSession();
    const userId = await prompt(session.id, "[[write:v2-notes.txt:written by the mock]]");
    const file = join(server.directory, "v2-notes.txt");
    await waitFor("file written", async () => (await idle(session.id)) && existsSync(file), 30_000);
    expect((await ops.diff(session.id)).map((d) => d.file)).toContain("v2-notes.txt");

    await ops.revert(session.id, userId);
    expect(existsSync(file)).toBe(false);
    await ops.unrevert(session.id);
    expect(existsSync(file)).toBe(true);

    await ops.rename(session.id, "renamed by v2 client");
    await ops.setArchived(session.id, true);
    const listed = (await client.listSessions(server.directory)).find((s) => s.id === session.id);
    expect(listed?.title).toBe("renamed by v2 client");
    expect(listed?.time.archived).toBeTypeOf("number");
    await ops.setArchived(session.id, false);
    expect((await client.listSessions(server.directory)).find((s) => s.id === session.id)?.time.archived).toBeUndefined();

    const fork = await ops.fork(session.id);
    expect(fork.id).not.toBe(session.id);
    expect(fork.title).toContain("fork");
    expect((await ops.allMessages(fork.id)).length).toBeGreaterThan(0);
    await ops.remove(fork.id);
    expect((await client.listSessions(server.directory)).map((s) => s.id)).not.toContain(fork.id);
  });

  it("the composer lists agents, models, commands and finds files in the session's folder", async () => {
    const api = makeV2ComposerApi(target, server.directory);
    expect((await api.agents()).map((a) => a.name)).toContain("build");
    const models = await api.models();
    expect(models.default).toEqual({ providerID: "mock", modelID: "mock-1" });
    expect((await api.commands()).map((c) => c.name)).toContain("review");
    expect(await waitFor("README found", async () => ((await api.findFiles("READ")).includes("README.md") ? true : undefined), 10_000)).toBe(true);
  });
});
