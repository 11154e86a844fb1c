/**
 * Attention across servers (tasks/05), in Chromium against a real fleet (`opencode serve` + a TUI in
 * tmux) and the mock model: the Needs-you inbox with sub-agent requests, the title count, the parent's
 * sub-agent lines, desktop notifications (recorded), the activity overview and the TUI controls.
 * The page talks to a scoped hub that lists only this file's fleet (the machine runs other fleets).
 */
import { execFileSync } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Locator, Page } from "playwright-core";
import type { PermissionRequest, QuestionRequest, Session, ToolPart } from "@opencode-ai/sdk/v2";
import { tuiAvailable, type FleetServer } from "../scripts/fleet/index.js";
import { startCutProxy, type CutProxy } from "./support/cut-proxy.js";
import { promptAsync, rest, settledReply, storedMessages, textOf, createSession } from "./support/rest.js";
import { startScopedHub, type ScopedHub } from "./support/scoped-hub.js";
import { browserSuite } from "./support/suite.js";
import { waitFor } from "./support/wait.js";
import { instanceTab, sessionTab, waitConnected } from "./support/workspace-page.js";

const suite = browserSuite(
  { count: 1, wordDelayMs: 5 },
  {
    more: async (fleet) => {
      if (!tuiAvailable()) throw new Error("this file needs tmux to host a TUI (.ci/run installs it)");
      await fleet.startServer({ kind: "tui", name: "tui" });
    },
    idTimeoutMs: 90_000,
    hookTimeoutMs: 240_000,
  },
);
let scoped: ScopedHub;
let alpha: FleetServer;
let tui: FleetServer;
let alphaId: string;
let tuiId: string;
const contexts: BrowserContext[] = [];
/** Console errors of the pages, printed after a test. */
const problems: string[] = [];

/** Records every `new Notification(…)` (and keeps the objects, so a test can "click" one). */
const RECORD_NOTIFICATIONS = () => {
  const Real = window.Notification;
  const calls: Array<{ title: string; body: string; tag: string }> = [];
  const made: Array<{ tag: string; fire: () => void }> = [];
  class Recorded {
    onclick: (() => void) | null = null;
    constructor(title: string, options?: NotificationOptions) {
      calls.push({ title, body: options?.body ?? "", tag: options?.tag ?? "" });
      made.push({ tag: options?.tag ?? "", fire: () => this.onclick?.() });
    }
    close() {}
    static get permission() {
      return Real.permission;
    }
    static requestPermission() {
      return Real.requestPermission();
    }
  }
  Object.assign(window, { Notification: Recorded, __notes: calls, __made: made });
};

/**
 * Records every oscillator the page starts (the notification sound): the notification shown just
 * before it (its tag), its frequency, its context's states and whether it played to its end (an
 * oscillator in a suspended context never ends). Runs after RECORD_NOTIFICATIONS.
 */
const RECORD_SOUNDS = () => {
  const sounds: Array<{ afterTag: string; frequency: number; states: string[]; ended: boolean }> = [];
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (this: OscillatorNode, when?: number) {
    const notes = (window as unknown as { __notes?: Array<{ tag: string }> }).__notes ?? [];
    const context = this.context;
    const entry = { afterTag: notes[notes.length - 1]?.tag ?? "", frequency: this.frequency.value, states: [context.state as string], ended: false };
    sounds.push(entry);
    context.addEventListener("statechange", () => entry.states.push(context.state));
    this.addEventListener("ended", () => (entry.ended = true));
    start.call(this, when);
  };
  Object.assign(window, { __sounds: sounds });
};

interface OpenOptions {
  path?: string;
  notifications?: boolean;
  proxy?: CutProxy;
  viewport?: { width: number; height: number };
}

async function open(opts: OpenOptions = {}): Promise<Page> {
  const context = await suite.browser.newContext({
    viewport: opts.viewport ?? { width: 1280, height: 860 },
    ...(opts.proxy ? { proxy: { server: opts.proxy.url } } : {}),
  });
  contexts.push(context);
  if (opts.notifications) {
    await context.grantPermissions(["notifications"], { origin: scoped.url });
    await context.addInitScript(RECORD_NOTIFICATIONS);
    await context.addInitScript(RECORD_SOUNDS);
  }
  const page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${scoped.url}${opts.path ?? "/"}`);
  await waitConnected(page, tui ? [alphaId, tuiId] : [alphaId], 30_000);
  return page;
}

const needsYouButton = (page: Page) => page.getByRole("button", { name: /^Needs you/ });
const inbox = (page: Page) => page.getByRole("region", { name: "Needs you" });
const inboxItem = (page: Page, requestId: string) => inbox(page).locator(`[data-attention-id="${requestId}"]`);

async function openInbox(page: Page): Promise<Locator> {
  if ((await inbox(page).count()) === 0) await needsYouButton(page).click();
  await inbox(page).waitFor();
  return inbox(page);
}

/** The pending permission/question of one session of `server`, once there is one. */
async function pending<T extends PermissionRequest | QuestionRequest>(
  server: FleetServer,
  kind: "permission" | "question",
  sessionId: string,
): Promise<T> {
  return waitFor(
    `a pending ${kind} of ${sessionId} on :${server.port}`,
    async () => {
      const list = await rest<T[]>(server, `/${kind}`);
      return list.find((r) => r.sessionID === sessionId);
    },
    90_000,
  );
}

async function childOf(server: FleetServer, parentId: string): Promise<Session> {
  return waitFor(
    "the task's child session",
    async () => {
      const children = await rest<Session[]>(server, `/session/${parentId}/children`);
      return children[0];
    },
    90_000,
  );
}

/** The output of a session's bash tool, once the server stored it completed. */
async function completedBash(server: FleetServer, sessionId: string): Promise<string> {
  return waitFor(
    `the bash tool of ${sessionId} to complete`,
    async () => {
      const tool = (await storedMessages(server, sessionId))
        .flatMap((m) => m.parts)
        .find((p): p is ToolPart => p.type === "tool" && p.tool === "bash");
      return tool?.state.status === "completed" ? tool.state.output || " " : undefined;
    },
    30_000,
  );
}

/** Types keys into a TUI's tmux pane. */
function pressKeys(server: FleetServer, ...keys: string[]): void {
  execFileSync("tmux", ["-S", suite.fleet.tmuxSocket, "send-keys", "-t", server.name, ...keys]);
}

const titleCount = async (page: Page): Promise<number> => {
  const m = /^\((\d+)\) /.exec(await page.title());
  return m ? Number(m[1]) : 0;
};

beforeAll(async () => {
  [alpha, tui] = suite.servers as [FleetServer, FleetServer];
  [alphaId, tuiId] = suite.ids as [string, string];
  const ports = new Set([alpha.port, tui.port]);
  scoped = await startScopedHub(suite.hub, (port) => ports.has(port));
});

afterEach(async () => {
  if (problems.length > 0) console.warn(`browser problems:\n${problems.splice(0).join("\n")}`);
  for (const c of contexts.splice(0)) await c.close();
});

afterAll(async () => {
  await scoped?.close();
});

describe("Needs you", () => {
  it("lists a sub-agent's permission with its parent chain; approved there, the child's tool completes and the parent's turn ends; the title count goes up and down", async () => {
    const parent = await createSession(alpha, "att parent");
    const page = await open();
    expect(await titleCount(page)).toBe(0);
    await promptAsync(alpha, parent.id, "delegate [[task-bash:echo nested-ok]]");
    const child = await childOf(alpha, parent.id);
    const request = await pending<PermissionRequest>(alpha, "permission", child.id);

    await waitFor("the count on the button", async () => /Needs you\s*1$/.test((await needsYouButton(page).innerText()).trim()), 20_000);
    await waitFor("(1) in the title", async () => (await page.title()) === "(1) Switchboard", 20_000);
    await openInbox(page);
    const item = inboxItem(page, request.id);
    await item.waitFor();
    expect(await item.getAttribute("data-session-id")).toBe(child.id);
    expect(await item.getAttribute("data-attention-kind")).toBe("permission");
    const chain = await item.locator("[data-chain-session-id]").evaluateAll((els) => els.map((e) => e.getAttribute("data-chain-session-id")));
    expect(chain).toEqual([parent.id, child.id]);
    const text = (await item.innerText()).replace(/\s+/g, " ");
    expect(text).toContain("att parent");
    expect(text).toContain(child.title);
    expect(text).toContain(`:${alpha.port}`);
    expect(text).toContain("echo nested-ok");
    expect(text).toMatch(/waiting \d+s/);

    await item.getByRole("button", { name: "Allow once" }).click();
    await item.waitFor({ state: "detached", timeout: 15_000 });
    expect(await rest<PermissionRequest[]>(alpha, "/permission")).toEqual([]);

    // The child's bash ran and the parent's turn ended with the task's result.
    expect(await completedBash(alpha, child.id)).toContain("nested-ok");
    const reply = await waitFor("the parent's turn to end", () => settledReply(alpha, parent.id), 45_000);
    expect(textOf(reply)).toMatch(/^Tool finished:/);

    // The finished parent is unread, so it still needs the user (same rule as the list and tabs)…
    await waitFor(
      "the finished, unread parent counted",
      async () => (await page.title()) === "(1) Switchboard" && (await needsYouButton(page).innerText()).trim().endsWith("0"),
    );
    // …until it is looked at (opened from its row in the session list, no reload).
    await page.locator(`nav[aria-label="Session list"] [data-session-id="${parent.id}"]`).first().click();
    await waitFor("the title without a count", async () => (await page.title()) === "Switchboard", 20_000);
  });

  it("answers a question from the inbox, to the owning server", async () => {
    // OpenCode's sub-agents have no question tool (dev-docs/fleet.md), so the question is a top-level session's.
    const s = await createSession(alpha, "att question");
    const page = await open();
    await promptAsync(alpha, s.id, "[[question]] pick for me");
    const question = await pending<QuestionRequest>(alpha, "question", s.id);
    await openInbox(page);
    const item = inboxItem(page, question.id);
    await item.waitFor({ timeout: 15_000 });
    expect(await item.getAttribute("data-attention-kind")).toBe("question");
    expect(await item.getAttribute("data-session-id")).toBe(s.id);
    expect(await item.innerText()).toContain("Which colour should the mock use?");
    await item.getByRole("radio", { name: /Blue/ }).check();
    await item.getByRole("button", { name: "Submit" }).click();
    await item.waitFor({ state: "detached", timeout: 15_000 });
    expect(await rest<QuestionRequest[]>(alpha, "/question")).toEqual([]);
    await waitFor(
      "the question tool to complete with Blue",
      async () => {
        const tool = (await storedMessages(alpha, s.id))
          .flatMap((m) => m.parts)
          .find((p): p is ToolPart => p.type === "tool" && p.tool === "question");
        return tool?.state.status === "completed" && tool.state.output.includes("Blue");
      },
      30_000,
    );
    await waitFor("the turn to end", () => settledReply(alpha, s.id), 45_000);
  });

  it("shows a parent's running sub-agent with its current tool, and its request answerable right there", async () => {
    const parent = await createSession(alpha, "att lines");
    const page = await open({ path: `/?session=${parent.id}` });
    await promptAsync(alpha, parent.id, "delegate [[task-bash:echo from-the-parent]]");
    const request = await pending<PermissionRequest>(alpha, "permission", (await childOf(alpha, parent.id)).id);
    const lines = page.getByRole("region", { name: "Sub-agents" }).or(page.locator('section[aria-label="Sub-agents"]'));
    const line = lines.locator(`[data-child-session-id="${request.sessionID}"]`);
    await line.waitFor({ timeout: 20_000 });
    expect(await line.getAttribute("data-child-state")).toBe("waiting");
    expect((await line.innerText()).replace(/\s+/g, " ")).toContain("bash: echo from-the-parent");
    await line.locator(`[data-permission-id="${request.id}"]`).getByRole("button", { name: "Allow once" }).click();
    await waitFor("the parent's turn to end", () => settledReply(alpha, parent.id), 45_000);
    await line.waitFor({ state: "detached", timeout: 15_000 });
  });

  it("drops a request answered in the TUI; a permission answered on the page shows a toast in the TUI", async () => {
    const s = await createSession(tui, "att tui answer");
    await rest(tui, "/tui/select-session", { sessionID: s.id });
    const page = await open();
    await openInbox(page);
    await promptAsync(tui, s.id, "[[bash:echo answered-in-tui]]");
    const first = await pending<PermissionRequest>(tui, "permission", s.id);
    await inboxItem(page, first.id).waitFor({ timeout: 20_000 });
    // The TUI shows its permission dialog; Enter picks its default, "Allow once".
    await waitFor("the TUI's permission dialog", () => /Permission required|Allow once/i.test(suite.fleet.capture(tui)), 20_000);
    pressKeys(tui, "Enter");
    await inboxItem(page, first.id).waitFor({ state: "detached", timeout: 20_000 });
    await waitFor("the TUI turn to end", () => settledReply(tui, s.id), 45_000);

    await promptAsync(tui, s.id, "[[bash:echo answered-on-page]]");
    const second = await waitFor(
      "the second permission",
      async () => (await rest<PermissionRequest[]>(tui, "/permission")).find((r) => r.sessionID === s.id && r.id !== first.id),
      45_000,
    );
    const item = inboxItem(page, second.id);
    await item.waitFor({ timeout: 20_000 });
    await item.getByRole("button", { name: "Allow once" }).click();
    await item.waitFor({ state: "detached", timeout: 15_000 });
    await waitFor("the toast in the TUI pane", () => suite.fleet.capture(tui).includes("allowed once"), 15_000).catch((err: unknown) => {
      throw new Error(`${String(err)}\npane:\n${suite.fleet.capture(tui)}`);
    });
    await waitFor("the TUI turn to end", () => settledReply(tui, s.id), 45_000);
  });

  it("a permission answered on one page leaves the other page's inbox without a reload; the tool completes", async () => {
    const s = await createSession(alpha, "att two pages");
    const [a, b] = await Promise.all([open(), open()]);
    await Promise.all([openInbox(a), openInbox(b)]);
    // A mark on page B's document: still there at the end means B was never reloaded.
    await b.evaluate(() => Object.assign(window, { __sameDocument: true }));
    await promptAsync(alpha, s.id, "[[bash:echo two-pages]]");
    const request = await pending<PermissionRequest>(alpha, "permission", s.id);
    await Promise.all([inboxItem(a, request.id).waitFor({ timeout: 20_000 }), inboxItem(b, request.id).waitFor({ timeout: 20_000 })]);

    await inboxItem(a, request.id).getByRole("button", { name: "Allow once" }).click();
    await inboxItem(a, request.id).waitFor({ state: "detached", timeout: 15_000 });
    await inboxItem(b, request.id).waitFor({ state: "detached", timeout: 15_000 });
    expect(await b.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    expect((await rest<PermissionRequest[]>(alpha, "/permission")).map((r) => r.id)).not.toContain(request.id);

    expect(await completedBash(alpha, s.id)).toContain("two-pages");
    await waitFor("the turn to end", () => settledReply(alpha, s.id), 45_000);
  });
});

describe("desktop notifications", () => {
  interface Note {
    title: string;
    body: string;
    tag: string;
  }
  const notes = (page: Page) => page.evaluate(() => (window as unknown as { __notes: Note[] }).__notes.map((n) => ({ ...n })));
  interface Sound {
    afterTag: string;
    frequency: number;
    states: string[];
    ended: boolean;
  }
  const sounds = (page: Page) =>
    page.evaluate(() => (window as unknown as { __sounds: Sound[] }).__sounds.map((n) => ({ ...n, states: [...n.states] })));

  /** Opens the inbox and clicks one of its switches from off to on. */
  async function switchOn(page: Page, name: "Desktop notifications" | "Sound"): Promise<void> {
    await openInbox(page);
    const toggle = page.getByRole("switch", { name });
    expect(await toggle.getAttribute("aria-checked")).toBe("false");
    await toggle.click();
    await waitFor(`the ${name} switch on`, async () => (await toggle.getAttribute("aria-checked")) === "true");
  }

  /** Asks a bash permission in a new session of alpha; the request once alpha lists it. */
  async function ask(title: string, command: string): Promise<PermissionRequest> {
    const s = await createSession(alpha, title);
    await promptAsync(alpha, s.id, `[[bash:${command}]]`);
    return pending<PermissionRequest>(alpha, "permission", s.id);
  }

  it("switch on → exactly one per event (asked, finished, failed), none for the session in view, none again after a forced reconnect; a click opens its session", async () => {
    const proxy = await startCutProxy();
    const leftPending: string[] = [];
    try {
      const waiting = await createSession(alpha, "att notify waiting");
      const failing = await createSession(alpha, "att notify failing");
      const viewed = await createSession(alpha, "att notify viewed");
      const page = await open({ notifications: true, proxy, path: `/?session=${viewed.id}` });
      await switchOn(page, "Desktop notifications");
      expect(await page.evaluate(() => Notification.permission)).toBe("granted");

      // A permission asked in a session not in view: one notification, tagged with the request id.
      await promptAsync(alpha, waiting.id, "[[bash:echo notify-me]]");
      const asked = await pending<PermissionRequest>(alpha, "permission", waiting.id);
      await waitFor("the permission's notification", async () => (await notes(page)).some((n) => n.tag === asked.id), 20_000);

      // A forced reconnect (the browser's connection to alpha cut, then back): the resync lists the
      // same pending request again, and nothing is notified twice.
      proxy.cut(alpha.port);
      await waitFor(
        "alpha's tab to lose its stream",
        async () => (await instanceTab(page, alphaId).getAttribute("data-connection")) !== "connected",
        20_000,
      );
      proxy.restore(alpha.port);
      await waitConnected(page, [alphaId], 30_000);
      await inboxItem(page, asked.id).waitFor();

      // Answer it elsewhere (REST): the turn finishes → one "finished" notification.
      await rest(alpha, `/permission/${asked.id}/reply`, { reply: "once" });
      await waitFor("the turn to end", () => settledReply(alpha, waiting.id), 45_000);
      await waitFor(
        "the finished notification",
        async () => (await notes(page)).some((n) => n.title === "Agent finished" && n.body.includes("att notify waiting")),
        20_000,
      );

      // The session in view asks: the user is looking at it, so no notification.
      await promptAsync(alpha, viewed.id, "[[bash:echo in-view]]");
      const inView = await pending<PermissionRequest>(alpha, "permission", viewed.id);
      leftPending.push(inView.id);
      await inboxItem(page, inView.id).waitFor({ timeout: 20_000 });
      // A failing turn elsewhere: one "failed", not also "finished".
      await promptAsync(alpha, failing.id, "[[error]] break");
      await waitFor("the failure's notification", async () => (await notes(page)).some((n) => n.title === "Session failed"), 30_000);

      // Only this test's sessions (an earlier test's turn may still end while this page watches).
      const ours = [waiting.id, failing.id, viewed.id];
      const all = (await notes(page)).filter((n) => ours.some((id) => n.tag.includes(id)) || n.tag === asked.id || n.tag === inView.id);
      const shown = JSON.stringify(all, null, 1);
      expect(all, shown).toHaveLength(3);
      const keys = all.map((n) => n.tag);
      expect(new Set(keys).size).toBe(keys.length);
      expect(all.filter((n) => n.tag === asked.id)).toHaveLength(1);
      expect(all.filter((n) => n.tag === inView.id)).toHaveLength(0);
      expect(all.filter((n) => n.title === "Agent finished")).toHaveLength(1);
      expect(all.filter((n) => n.title === "Session failed")).toHaveLength(1);
      expect(all.filter((n) => n.body.includes("att notify failing") && n.title === "Agent finished")).toHaveLength(0);

      // Clicking the permission's notification opens its session.
      await page.evaluate(
        (tag) => (window as unknown as { __made: Array<{ tag: string; fire: () => void }> }).__made.find((n) => n.tag === tag)?.fire(),
        asked.id,
      );
      await waitFor("the notified session open", async () => (await sessionTab(page, waiting.id).getAttribute("aria-selected")) === "true", 10_000);
      expect(new URL(page.url()).searchParams.get("session")).toBe(waiting.id);
    } finally {
      for (const id of leftPending) await rest(alpha, `/permission/${id}/reply`, { reply: "reject" }).catch(() => undefined);
      await proxy.close();
    }
  });

  it("sound: none while the Sound switch is off (the default); switched on, exactly one per notification, played to its end", async () => {
    const answered: string[] = [];
    try {
      const page = await open({ notifications: true });
      await switchOn(page, "Desktop notifications");
      expect(await page.getByRole("switch", { name: "Sound" }).getAttribute("aria-checked")).toBe("false");

      const quiet = await ask("att sound quiet", "echo quiet");
      answered.push(quiet.id);
      // The sound is played right after its notification, in the same task: once the notification
      // is recorded, a sound for it would be too.
      await waitFor("the quiet permission's notification", async () => (await notes(page)).some((n) => n.tag === quiet.id), 20_000);
      expect(await sounds(page)).toEqual([]);

      await switchOn(page, "Sound");
      const loud = await ask("att sound loud", "echo loud");
      answered.push(loud.id);
      await waitFor("the loud permission's notification", async () => (await notes(page)).some((n) => n.tag === loud.id), 20_000);
      const mine = (await sounds(page)).filter((x) => x.afterTag === loud.id);
      expect(mine, JSON.stringify(await sounds(page))).toHaveLength(1);
      expect(mine[0]?.frequency).toBe(880);
      // Really played: its context ran, the tone ended on time and the context was closed after it.
      const played = await waitFor("the tone to end", async () => (await sounds(page)).find((x) => x.afterTag === loud.id && x.ended), 10_000);
      expect(played.states, JSON.stringify(played.states)).toContain("running");
      await waitFor("its context closed", async () => (await sounds(page)).find((x) => x.afterTag === loud.id)?.states.at(-1) === "closed", 10_000);
      // Nothing for the quiet request, and nothing else of this test's: one sound per notification shown with Sound on.
      const all = await sounds(page);
      expect(all.filter((x) => x.afterTag === quiet.id)).toHaveLength(0);
      const notesSinceOn = (await notes(page)).filter((n) => all.some((x) => x.afterTag === n.tag));
      expect(all).toHaveLength(notesSinceOn.length);
    } finally {
      for (const id of answered) await rest(alpha, `/permission/${id}/reply`, { reply: "reject" }).catch(() => undefined);
    }
  });

  it("after a full reload (same tab): the pending request is not notified again; a new one is, once", async () => {
    const answered: string[] = [];
    try {
      const page = await open({ notifications: true });
      await switchOn(page, "Desktop notifications");
      const before = await ask("att reload before", "echo before-reload");
      answered.push(before.id);
      await waitFor("the first notification", async () => (await notes(page)).some((n) => n.tag === before.id), 20_000);
      expect((await notes(page)).filter((n) => n.tag === before.id)).toHaveLength(1);

      await page.reload();
      await waitConnected(page, [alphaId, tuiId], 30_000);
      await openInbox(page);
      // The reloaded page lists the same pending request again (its first resync)…
      await inboxItem(page, before.id).waitFor({ timeout: 20_000 });
      // …with notifications still on (a stale switch would make "no notification" meaningless)…
      expect(await page.getByRole("switch", { name: "Desktop notifications" }).getAttribute("aria-checked")).toBe("true");
      const remembered = await page.evaluate(() => sessionStorage.getItem("switchboard.notified") ?? "");
      expect(remembered).toContain(before.id);
      // …and shows nothing for it (the recorder restarted with the new document).
      expect((await notes(page)).filter((n) => n.tag === before.id)).toHaveLength(0);

      const after = await ask("att reload after", "echo after-reload");
      answered.push(after.id);
      await waitFor("the new request's notification", async () => (await notes(page)).some((n) => n.tag === after.id), 20_000);
      await inboxItem(page, after.id).waitFor({ timeout: 20_000 });
      // Answered elsewhere, the new request's turn ends: its "finished" notification comes, and
      // still only one for each request.
      await rest(alpha, `/permission/${after.id}/reply`, { reply: "once" });
      await waitFor(
        "the finished notification",
        async () => (await notes(page)).some((n) => n.title === "Agent finished" && n.body.includes("att reload after")),
        45_000,
      );
      const shown = await notes(page);
      expect(
        shown.filter((n) => n.tag === after.id),
        JSON.stringify(shown),
      ).toHaveLength(1);
      expect(
        shown.filter((n) => n.tag === before.id),
        JSON.stringify(shown),
      ).toHaveLength(0);
    } finally {
      for (const id of answered) await rest(alpha, `/permission/${id}/reply`, { reply: "reject" }).catch(() => undefined);
    }
  });
});

describe("activity overview", () => {
  it("lists busy, waiting and unread sessions with instance, elapsed time and step; sorts; arrow keys and Enter open one", async () => {
    const waiting = await createSession(alpha, "att act waiting");
    const done = await createSession(alpha, "att act done");
    const page = await open();
    await promptAsync(alpha, done.id, "short answer");
    await waitFor("the reply", () => settledReply(alpha, done.id), 45_000);
    await promptAsync(alpha, waiting.id, "delegate [[task-bash:echo in-the-overview]]");
    const request = await pending<PermissionRequest>(alpha, "permission", (await childOf(alpha, waiting.id)).id);
    await page.getByRole("button", { name: "Activity" }).click();
    const region = page.getByRole("region", { name: "Activity" });
    await region.waitFor();
    const row = (id: string) => region.locator(`tr[data-session-id="${id}"]`);
    await row(request.sessionID).waitFor({ timeout: 20_000 });
    expect(await row(request.sessionID).getAttribute("data-activity-kind")).toBe("waiting");
    expect((await row(request.sessionID).innerText()).replace(/\s+/g, " ")).toContain("bash: echo in-the-overview");
    expect(await row(waiting.id).getAttribute("data-activity-kind")).toBe("busy");
    expect((await row(waiting.id).innerText()).replace(/\s+/g, " ")).toMatch(new RegExp(`:${alpha.port}.*\\d+s.*task`));
    await waitFor("the finished session unread", async () => (await row(done.id).getAttribute("data-activity-kind")) === "unread");

    // Sorting by session title, both ways.
    await region.getByRole("button", { name: /^Session/ }).click();
    const order = () => region.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("aria-label") ?? ""));
    const asc = await order();
    expect(asc).toEqual([...asc].sort((a, b) => a.localeCompare(b)));
    await region.getByRole("button", { name: /^Session/ }).click();
    expect(await region.locator('th[aria-sort="descending"]').count()).toBe(1);

    // Keyboard: focus the first row, move down to the unread one, Enter opens it.
    const ids = await region.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-session-id")));
    await region.locator("tbody tr").first().focus();
    for (let i = 0; i < ids.indexOf(done.id); i++) await page.keyboard.press("ArrowDown");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-session-id"))).toBe(done.id);
    await page.keyboard.press("Enter");
    await waitFor("the session open", async () => (await sessionTab(page, done.id).getAttribute("aria-selected")) === "true");
    await rest(alpha, `/permission/${request.id}/reply`, { reply: "once" });
    await waitFor("the parent's turn to end", () => settledReply(alpha, waiting.id), 45_000);
  });
});

describe("activity overview, opened late", () => {
  it("shows the elapsed time and step of a session that was already busy when the page opened", async () => {
    const parent = await createSession(alpha, "att act late");
    await promptAsync(alpha, parent.id, "delegate [[task-bash:echo opened-late]]");
    const request = await pending<PermissionRequest>(alpha, "permission", (await childOf(alpha, parent.id)).id);
    try {
      // The parent now sits in its task tool: no event of it reaches a page opened from here on.
      const page = await open();
      await page.getByRole("button", { name: "Activity" }).click();
      const row = page.getByRole("region", { name: "Activity" }).locator(`tr[data-session-id="${parent.id}"]`);
      await row.waitFor({ timeout: 20_000 });
      expect(await row.getAttribute("data-activity-kind")).toBe("busy");
      await waitFor("its elapsed time and step", async () => /\d+s.*task/.test((await row.innerText()).replace(/\s+/g, " ")), 15_000);
      expect(await row.innerText()).not.toContain("—");
    } finally {
      await rest(alpha, `/permission/${request.id}/reply`, { reply: "once" });
    }
    await waitFor("the parent's turn to end", () => settledReply(alpha, parent.id), 45_000);
  });
});

describe("TUI sessions", () => {
  it("Show in terminal switches the TUI to the session (read from the tmux pane); hidden for a serve's session", async () => {
    const shown = await createSession(tui, "att tui shown");
    const other = await createSession(tui, "att tui other");
    await promptAsync(tui, shown.id, "marker words for the pane");
    await waitFor("the reply", () => settledReply(tui, shown.id), 45_000);
    await rest(tui, "/tui/select-session", { sessionID: other.id });
    await waitFor("the pane on the other session", () => !suite.fleet.capture(tui).includes("marker words for the pane"), 15_000);

    const servePage = await createSession(alpha, "att serve session");
    const page = await open({ path: `/?session=${servePage.id}` });
    await page.locator(`section.sv-session[data-session-id="${servePage.id}"]`).waitFor();
    expect(await page.getByRole("button", { name: "Show in terminal" }).count()).toBe(0);

    await page.goto(`${scoped.url}/?session=${shown.id}`);
    const button = page.getByRole("button", { name: "Show in terminal" });
    await button.waitFor({ timeout: 20_000 });
    await button.click();
    await waitFor("the TUI to show the session", () => suite.fleet.capture(tui).includes("marker words for the pane"), 15_000);
  });
});
