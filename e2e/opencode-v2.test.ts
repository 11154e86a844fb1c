/**
 * OpenCode 2 (`@opencode/cli` 2.1.2) in the page beside OpenCode 1.18.33, in Debian's Chromium:
 * one fleet HOME (so one data folder, which 2.x migrates in place and both then use), the built
 * hub (it lists the 2.x server with `protocol: "v2"`), one page. The tests run in order.
 */
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FleetServer, V2FleetServer } from "../scripts/fleet/index.js";
import { createSession, promptAsync, settledReply, storedMessages, textOf } from "./support/rest.js";
import { connectionLog, instancesByPort, openLoggedPage, staysConnected, waitForConnections } from "./support/live-page.js";
import { startScopedHub, type ScopedHub } from "./support/scoped-hub.js";
import { browserSuite } from "./support/suite.js";
import { waitFor } from "./support/wait.js";
import { composer, flat, openFromList, sendFromComposer, timelineMessages } from "./support/workspace-page.js";

/** Where the screenshots go (looked at by hand; not compared). */
const SHOTS = process.env.SWITCHBOARD_SHOTS ?? "/tmp/switchboard-v2-shots";

let v1: FleetServer;
let v2: V2FleetServer;
/** A second 2.x serve, in the 1.x server's folder: both list the sessions 1.x made before 2.x migrated the database. */
let v2same: V2FleetServer;
/** The HOME's OpenCode 2 background service: it serves every folder. */
let service: V2FleetServer;
let serviceId = "";
let shared = "";
let scoped: ScopedHub;
let page: Page;
let v1Id = "";
let v2Id = "";
let v2sameId = "";

interface V2Message {
  id: string;
  type: string;
  text?: string;
  outcome?: string;
  content?: Array<{ type: string; text?: string; name?: string; state?: { status: string; content?: Array<{ text?: string }> } }>;
}

/** One call to a 2.x server's API (Basic auth; default the v2beta server), answering its `data`. */
async function api<T>(path: string, init: { method?: string; body?: unknown; server?: V2FleetServer } = {}): Promise<T> {
  const server = init.server ?? v2;
  const res = await fetch(`${server.url}/api/${path}`, {
    method: init.method ?? "GET",
    headers: { ...server.headers, "content-type": "application/json" },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return (text ? (JSON.parse(text) as { data: T }).data : undefined) as T;
}

/** A 2.x session in the server's folder (optionally with shell asking first). */
const createV2Session = (title: string, askShell = false) =>
  api<{ id: string }>("session", {
    method: "POST",
    body: { title, location: { directory: v2.directory }, ...(askShell ? { permissions: [{ action: "shell", resource: "*", effect: "ask" }] } : {}) },
  });
const storedV2 = (sessionId: string) => api<V2Message[]>(`session/${sessionId}/message?limit=100`);
const running = async (sessionId: string) => sessionId in (await api<Record<string, unknown>>("session/active"));
const storedReply = async (sessionId: string) =>
  (await storedV2(sessionId))
    .filter((m) => m.type === "assistant")
    .flatMap((m) => (m.content ?? []).filter((c) => c.type === "text").map((c) => c.text ?? ""));
const toolOf = async (sessionId: string, name: string) =>
  (await storedV2(sessionId)).flatMap((m) => m.content ?? []).find((c) => c.type === "tool" && c.name === name);

const needsYouButton = (p: Page) => p.getByRole("button", { name: /^Needs you/ });
const inbox = (p: Page) => p.getByRole("region", { name: "Needs you" });
const assistantText = async (p: Page) =>
  flat(
    (
      await timelineMessages(p, "assistant")
        .locator('[data-part-type="text"]')
        .allInnerTexts()
        .catch(() => [])
    ).join(" "),
  );

/** Opens the session, sends `text` from the composer, and returns its request's item in the opened "Needs you" inbox. */
async function askFromComposer(sessionId: string, text: string, kind: "permission" | "question") {
  await openListed(sessionId);
  await sendFromComposer(page, text);
  await waitFor("the count on Needs you", async () => /Needs you\s*1$/.test((await needsYouButton(page).innerText()).trim()), 30_000);
  if ((await inbox(page).count()) === 0) await needsYouButton(page).click();
  const item = inbox(page).locator(`[data-attention-kind="${kind}"]`).first();
  await item.waitFor();
  expect(await item.getAttribute("data-session-id")).toBe(sessionId);
  return item;
}

/** Opens a session from the list once its row is there. */
async function openListed(sessionId: string): Promise<void> {
  await waitFor("its row", async () => (await page.locator(`nav [data-session-id="${sessionId}"]`).count()) > 0, 20_000);
  await openFromList(page, sessionId);
}

const suite = browserSuite(
  { count: 1, wordDelayMs: 10 },
  {
    more: async (fleet) => {
      [v1] = fleet.servers as [FleetServer];
      // A 1.x session with a turn, made before any 2.x opened the data folder.
      shared = (await createSession(v1, "made by 1.x before the migration")).id;
      await promptAsync(v1, shared, "before the migration");
      await waitFor("the 1.x turn", () => settledReply(v1, shared), 30_000);
      // Same HOME as the 1.18.33 server: 2.1.2 migrates its database in place and both keep running on it.
      service = await fleet.startServer({ generation: 2, kind: "service", name: "v2service" });
      v2 = await fleet.startServer({ generation: 2, name: "v2beta" });
      v2same = await fleet.startServer({ generation: 2, name: "v2alpha", directory: v1.directory });
    },
    // The hub starts after the servers here; e2e/opencode-v2-tuis.test.ts covers a hub that scans
    // before the service has written its service.json.
    hubLast: true,
    // Every server listed ready (the ids' lookup waits for that).
    idTimeoutMs: 90_000,
    hookTimeoutMs: 240_000,
  },
);

beforeAll(async () => {
  const ports = new Set([v1.port, v2.port, v2same.port, service.port]);
  scoped = await startScopedHub(suite.hub, (port) => ports.has(port));
  [v1Id, v2Id, v2sameId, serviceId] = [suite.idOf(v1), suite.idOf(v2), suite.idOf(v2same), suite.idOf(service)];
  ({ page } = await openLoggedPage(suite.browser, "v2 page", { viewport: { width: 1440, height: 900 } }));
  await page.goto(scoped.url);
});

afterAll(async () => {
  await scoped?.close();
});

describe("OpenCode 2.1.2 beside 1.18.33 in the page", () => {
  it("lists the 2.x server as its own tab (protocol v2) and connects both", async () => {
    const doc = await instancesByPort(suite.hub.url, [{ port: v2.port }]);
    expect(doc.get(v2.port)).toMatchObject({ protocol: "v2", kind: "serve", version: "2.1.2", directory: v2.directory });
    expect(doc.get(v2.port)?.eventsUrl).toMatch(new RegExp(`^${v2.url}/api/event\\?auth_token=`));
    await waitForConnections(page, [v1Id, v2Id, v2sameId, serviceId], ["connected"], 30_000);
  });

  it("the background service is listed as such and owns a session of a folder no server of its own runs; its prompt streams", async () => {
    expect((await instancesByPort(suite.hub.url, [{ port: service.port }])).get(service.port)).toMatchObject({ protocol: "v2", kind: "service" });
    // The fleet made a repo for the service; no other server was launched there.
    const s = await api<{ id: string }>("session", {
      method: "POST",
      server: service,
      body: { title: "on the service", location: { directory: service.directory } },
    });
    await openListed(s.id);
    expect(
      await page.getByRole("tablist", { name: "Sessions" }).locator(`[role="tab"][data-session-id="${s.id}"]`).getAttribute("data-instance-id"),
    ).toBe(serviceId);
    await sendFromComposer(page, "hello service");
    await waitFor("the reply on the page", async () => (await assistantText(page)).includes("Mock reply to: hello service"), 40_000);
  });

  it("a session 1.x made before 2.x migrated the folder is listed by both yet shown once; a prompt goes to exactly one of them", async () => {
    const v2Lists = async () =>
      (await api<Array<{ id: string }>>(`session?directory=${encodeURIComponent(v1.directory)}`, { server: v2same })).map((x) => x.id);
    expect(await v2Lists()).toContain(shared);
    const rows = page.locator(`nav [data-session-id="${shared}"]`);
    await waitFor("its row", async () => (await rows.count()) > 0, 20_000);
    expect(await rows.count()).toBe(1);
    await openFromList(page, shared);
    await sendFromComposer(page, "which one of you [[slow:10]]");
    await waitFor("the reply on the page", async () => (await assistantText(page)).includes("Mock reply to: which one of you"), 40_000);
    const owner = await page
      .getByRole("tablist", { name: "Sessions" })
      .locator(`[role="tab"][data-session-id="${shared}"]`)
      .getAttribute("data-instance-id");
    // Since the migration each generation writes its own tables: the prompt is stored by the one that got it.
    const inV1 = (await storedMessages(v1, shared)).filter((m) => m.info.role === "user" && textOf(m).includes("which one of you")).length;
    const inV2 = (await api<V2Message[]>(`session/${shared}/message?limit=100`, { server: v2same })).filter(
      (m) => m.type === "user" && (m.text ?? "").includes("which one of you"),
    ).length;
    expect(inV1 + inV2).toBe(1);
    expect(owner).toBe(inV1 ? v1Id : v2sameId);
  });

  it("a prompt typed in the page streams its reply from 2.x; the page shows one user message, with the server's id", async () => {
    const s = await createV2Session("v2 from the page");
    await openListed(s.id);
    await sendFromComposer(page, "hello v2 [[slow:40]]");
    const seen = new Set<string>();
    await waitFor(
      "the reply to end on the server",
      async () => {
        seen.add(await assistantText(page));
        return !(await running(s.id)) && (await storedReply(s.id)).join(" ").includes("Mock reply to: hello v2");
      },
      40_000,
      50,
    );
    const stored = flat((await storedReply(s.id)).join(" "));
    await waitFor("the page to show the stored reply", async () => (await assistantText(page)) === stored, 10_000);
    expect([...seen].some((t) => t.length > 0 && t.length < stored.length && stored.startsWith(t))).toBe(true);
    const users = (await storedV2(s.id)).filter((m) => m.type === "user");
    expect(users).toHaveLength(1);
    await waitFor("one user message on the page", async () => (await timelineMessages(page, "user").count()) === 1);
    expect(await timelineMessages(page, "user").getAttribute("data-message-id")).toBe(users[0]?.id);
    expect(await composer(page).inputValue()).toBe("");
  });

  it("Stop interrupts a running 2.x turn; while it runs the composer offers to steer it", async () => {
    const s = await createV2Session("v2 stop");
    await openListed(s.id);
    await sendFromComposer(page, "[[slow:200]] [[long:300]] a long answer");
    const stop = page.getByRole("button", { name: "Stop", exact: true });
    await stop.waitFor({ timeout: 20_000 });
    expect(await page.getByRole("checkbox", { name: /Steer the running turn/ }).count()).toBe(1);
    await stop.click();
    await waitFor("the server to stop the turn", async () => !(await running(s.id)), 15_000);
    await stop.waitFor({ state: "detached", timeout: 10_000 });
    expect((await storedV2(s.id)).some((m) => m.type === "idle" && m.outcome === "interrupted")).toBe(true);
    expect(flat((await storedReply(s.id)).join(" ")).split(" ").length).toBeLessThan(300);
  });

  it("a 2.x permission is answered from Needs you, and the shell tool completes", async () => {
    const s = await createV2Session("v2 permission", true);
    const item = await askFromComposer(s.id, "[[shell:echo v2-permission-ok]] run it", "permission");
    expect(await item.innerText()).toContain("echo v2-permission-ok");
    await item.getByRole("button", { name: "Allow once" }).click();
    await item.waitFor({ state: "detached", timeout: 15_000 });
    await waitFor("the shell tool to complete", async () => (await toolOf(s.id, "shell"))?.state?.status === "completed", 30_000);
    await waitFor("the turn to end", async () => !(await running(s.id)), 30_000);
    const card = page.locator('.sv-timeline [data-part-type="tool"]').first();
    await waitFor(
      "the card to say completed",
      async () => (await card.locator("[data-tool-status]").getAttribute("data-tool-status")) === "completed",
      10_000,
    );
  });

  it("a 2.x form (question) is answered in the page", async () => {
    const s = await createV2Session("v2 question");
    const item = await askFromComposer(s.id, "[[question]] pick for me", "question");
    expect(await item.innerText()).toContain("Which colour should the mock use?");
    await item.getByRole("radio", { name: /Blue/ }).check();
    await item.getByRole("button", { name: "Submit" }).click();
    await item.waitFor({ state: "detached", timeout: 15_000 });
    await waitFor(
      "the question tool to complete with Blue",
      async () => {
        const tool = await toolOf(s.id, "question");
        return tool?.state?.status === "completed" && JSON.stringify(tool.state.content ?? []).includes("Blue");
      },
      30_000,
    );
    await waitFor("the turn to end", async () => !(await running(s.id)), 30_000);
  });

  it("an idle 2.x stream stays connected past the 25 s watchdog: its heartbeats are SSE comments, read with fetch", async () => {
    // EventSource never surfaces comments, so with it an idle 2.x tab would go stalled after 25 s.
    const since = await staysConnected(page, v2Id);
    expect(await connectionLog(page, since, [v2Id, v2sameId])).toEqual([]);
  }, 40_000);

  it("screenshots of a 2.x session with a tool call (1440×900 and 390×844, light and dark)", async () => {
    mkdirSync(SHOTS, { recursive: true });
    const s = await createV2Session("v2 tool call for screenshots");
    // The fleet's config makes shell ask; reading a file does not.
    await api(`session/${s.id}/prompt`, { method: "POST", body: { text: "[[read:README.md]] what does it say?" } });
    await waitFor("the tool turn to end", async () => !(await running(s.id)) && (await toolOf(s.id, "read"))?.state?.status === "completed", 30_000);
    for (const scheme of ["light", "dark"] as const) {
      for (const [w, h] of [
        [1440, 900],
        [390, 844],
      ] as const) {
        const ctx = await suite.browser.newContext({
          viewport: { width: w, height: h },
          colorScheme: scheme,
          ...(w < 600 ? { isMobile: true, hasTouch: true } : {}),
        });
        const p = await ctx.newPage();
        await p.goto(`${scoped.url}/?session=${s.id}`);
        const card = p.locator('.sv-timeline [data-part-type="tool"]').first();
        await card.waitFor({ timeout: 30_000 });
        await waitFor(
          "the reply shown",
          async () => (await assistantText(p)).includes("Tool finished") || (await assistantText(p)).length > 0,
          15_000,
        );
        await p.screenshot({ path: `${SHOTS}/v2-tool-${w}x${h}-${scheme}.png` });
        expect(await card.locator("[data-tool-status]").getAttribute("data-tool-status")).toBe("completed");
        await ctx.close();
      }
    }
  });
});
