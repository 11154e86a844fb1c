/**
 * Search (issue 15) in Chromium against a real fleet and the built hub: words said in one session
 * on a 1.18.33 server and one on a 2.1.2 server are found from the Search panel, and each opens its
 * session at that message; a hit in the oldest message of a long session pages back to it; Find in
 * session reaches a message far outside the rendered window; a session whose server was killed
 * opens read-only from the index. The hub keeps its index in a state folder of its own (not the
 * machine's). Needs `node scripts/start.mjs --build-only`.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { FleetServer } from "../scripts/fleet/index.js";
import type { SearchResponse } from "../packages/server/src/contract/hub-api.js";
import { createSession, isSettled, promptAsync, seedUserMessages, storedMessages } from "./support/rest.js";
import { browserSuite } from "./support/suite.js";
import { waitFor } from "./support/wait.js";
import { waitConnected } from "./support/workspace-page.js";

/** Words each said in one session only (made-up, so no other helper's session holds them). */
const WORDS = { v1: "zorblaxvone", v2: "zorblaxvtwo", old: "zorblaxoldest", gone: "zorblaxgone" } as const;
/** The long session: well past a few pages of 50 messages. */
const LONG = 400;
const SHOTS = process.env.SEARCH_SHOTS_DIR;

// A generous start: the hub takes ~9 s to print its URL under a load average of 58 (15 s is the
// default). The hub keeps its index in a state folder of its own (startHub's default).
const suite = browserSuite(
  { count: 1, wordDelayMs: 2 },
  {
    more: async (fleet) => {
      await fleet.startServer({ generation: 2, kind: "serve" });
    },
    hub: { timeoutMs: 60_000 },
    idTimeoutMs: 30_000,
    hookTimeoutMs: 300_000,
  },
);
const sessions = { v1: "", v2: "", long: "" };

async function hubSearch(q: string): Promise<SearchResponse> {
  const res = await fetch(`${suite.hub.url}/api/search?q=${encodeURIComponent(q)}`);
  if (!res.ok) throw new Error(`search ${q}: ${res.status} ${await res.text()}`);
  return (await res.json()) as SearchResponse;
}

/** The message holding `q`, once the hub's index has it. */
async function indexedHit(q: string, sessionId: string, timeoutMs = 60_000): Promise<string> {
  const hit = await waitFor(
    `the index to find "${q}"`,
    async () => (await hubSearch(q)).results.find((r) => r.sessionId === sessionId && r.role === "user"),
    timeoutMs,
    250,
  );
  return hit.messageId;
}

async function open(path: string, viewport = { width: 1280, height: 860 }): Promise<Page> {
  const page = await suite.openPage(path);
  await page.setViewportSize(viewport);
  await waitConnected(page, suite.ids, 45_000);
  return page;
}

/** True when the element's middle is inside the timeline's visible area. */
function inView(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    const scroller = el?.closest(".sv-timeline-scroll, .sv-indexed-list");
    if (!el || !scroller) return false;
    const a = el.getBoundingClientRect();
    const b = scroller.getBoundingClientRect();
    const middle = a.top + Math.min(a.height, b.height) / 2;
    return middle >= b.top && middle <= b.bottom;
  }, selector);
}

/** Opens the Search panel with the top bar's button and types `q`; resolves the dialog. */
async function searchPanel(page: Page, q: string) {
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Search" });
  await dialog.getByRole("searchbox", { name: "Search messages" }).fill(q);
  return dialog;
}

beforeAll(async () => {
  const [v1, v2] = suite.servers as [FleetServer, FleetServer];

  for (const [key, server] of [
    ["v1", v1],
    ["v2", v2],
  ] as const) {
    const s = await createSession(server);
    sessions[key] = s.id;
    await promptAsync(server, s.id, `please remember ${WORDS[key]} for later`);
    await waitFor(`the ${key} reply`, () => isSettled(server, s.id), 60_000, 200);
  }
  const long = await createSession(v1, "a long session");
  sessions.long = long.id;
  await seedUserMessages(v1, long.id, LONG, (i) => (i === 0 ? `the oldest line says ${WORDS.old}` : `filler line number ${i}`));
  expect((await storedMessages(v1, long.id)).length).toBe(LONG);
  // Seeding 400 messages over REST and two replies took over 180 s (the e2e hook default) under a load average of 58.
}, 600_000);

describe("search", () => {
  it("finds words said only on a 1.18.33 and only on a 2.1.2 server, marked, one session each", async () => {
    const page = await open("/");
    for (const key of ["v1", "v2"] as const) {
      const messageId = await indexedHit(WORDS[key], sessions[key]);
      const dialog = await searchPanel(page, WORDS[key]);
      await dialog.locator(`[data-session-id="${sessions[key]}"][data-message-id="${messageId}"]`).first().waitFor();
      expect(await dialog.locator("[data-message-id] mark").first().textContent()).toBe(WORDS[key]);
      // Only that session says it.
      expect(new Set(await dialog.locator("[role=option]").evaluateAll((els) => els.map((e) => e.getAttribute("data-session-id"))))).toEqual(
        new Set([sessions[key]]),
      );
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "detached" });
    }
  });

  /** Opens the hit for `key` from the panel (Enter or a click) and waits for it marked and in view. */
  async function openHit(key: "v1" | "v2", how: "enter" | "click"): Promise<void> {
    const messageId = await indexedHit(WORDS[key], sessions[key]);
    const page = await open("/");
    const dialog = await searchPanel(page, WORDS[key]);
    const hit = dialog.locator(`[data-session-id="${sessions[key]}"][data-message-id="${messageId}"]`).first();
    await hit.waitFor();
    if (how === "enter") {
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowUp");
      await page.keyboard.press("Enter");
    } else await hit.click();
    await dialog.waitFor({ state: "detached" });
    const target = `section.sv-session[data-session-id="${sessions[key]}"] [data-message-id="${messageId}"][data-search-hit]`;
    await page.locator(target).first().waitFor({ timeout: 30_000 });
    await waitFor(`the ${key} hit scrolled into view`, () => inView(page, target), 10_000);
  }

  it("Enter on a 1.18.33 hit opens its session at that message", () => openHit("v1", "enter"));

  it("a click on a 2.1.2 hit opens its session at that message", () => openHit("v2", "click"));

  it("opens a hit in the oldest of 400 messages: pages back and scrolls the virtual timeline to it", async () => {
    const messageId = await indexedHit(WORDS.old, sessions.long);
    const page = await open("/");
    const dialog = await searchPanel(page, WORDS.old);
    await dialog.locator(`[data-message-id="${messageId}"]`).click();
    const target = `section.sv-session[data-session-id="${sessions.long}"] [data-message-id="${messageId}"][data-search-hit]`;
    await page.locator(target).waitFor({ timeout: 30_000 });
    await waitFor("the oldest message scrolled into view", () => inView(page, target), 10_000);
    // Virtualized: far fewer rows than messages are in the DOM.
    expect(await page.locator(`section.sv-session [data-message-id]`).count()).toBeLessThan(100);
  });

  it("Find in session (Ctrl+F) reaches a message far outside the rendered window", async () => {
    const messageId = await indexedHit(WORDS.old, sessions.long);
    const page = await open(`/?session=${sessions.long}`);
    await page.locator(`section.sv-session[data-session-id="${sessions.long}"] [data-message-id]`).first().waitFor();
    expect(await page.locator(`[data-message-id="${messageId}"]`).count()).toBe(0);
    await page.keyboard.press("Control+f");
    const find = page.getByRole("searchbox", { name: "Find in session" });
    await find.fill(WORDS.old);
    await page.getByText("1 match", { exact: true }).waitFor();
    await find.press("Enter");
    const target = `[data-message-id="${messageId}"][data-find-current]`;
    await page.locator(target).waitFor({ timeout: 30_000 });
    await waitFor("the find match scrolled into view", () => inView(page, target), 10_000);
    // Back to a newer match: "filler line number 399" is the newest.
    await find.fill("number 399");
    await page.getByText("1 match", { exact: true }).waitFor();
    await find.press("Enter");
    await waitFor("the newest match current", async () =>
      (await page.locator("[data-find-current]").textContent())?.includes("filler line number 399"),
    );
  });

  it("a session whose server was killed opens read-only from the index, saying its server is not running", { timeout: 300_000 }, async () => {
    const doomed = await suite.fleet.startServer({});
    const s = await createSession(doomed, "soon without a server");
    // A whole turn: a finished reply is what makes the index refetch a session it already listed.
    await promptAsync(doomed, s.id, `the ${WORDS.gone} was here`);
    await waitFor("the reply", () => isSettled(doomed, s.id), 60_000, 200);
    // A server started now: the hub must find it first (slow when the machine is loaded).
    const messageId = await indexedHit(WORDS.gone, s.id, 150_000);
    await doomed.kill();
    await waitFor(
      "the index to say no server lists it",
      async () => (await hubSearch(WORDS.gone)).results.some((r) => r.sessionId === s.id && r.instanceId === null),
      60_000,
      250,
    );
    const page = await open("/");
    const dialog = await searchPanel(page, WORDS.gone);
    const hit = dialog.locator(`[data-session-id="${s.id}"][data-message-id="${messageId}"]`).first();
    await dialog.locator(`[role=group][data-session-id="${s.id}"]`).getByText("server not running").waitFor();
    await hit.click();
    await page.getByText("Its server is not running: this is the text Switchboard indexed, read-only.").waitFor();
    const target = `section.sv-session[data-indexed][data-session-id="${s.id}"] [data-message-id="${messageId}"][data-search-hit]`;
    await page.locator(target).first().waitFor();
    expect(await page.locator(target).first().textContent()).toContain(`the ${WORDS.gone} was here`);
    // Read-only: no composer.
    expect(await page.locator(`section.sv-session[data-session-id="${s.id}"] textarea`).count()).toBe(0);
  });

  it("screenshots of the panel (light and dark, desktop and phone) when SEARCH_SHOTS_DIR is set", async () => {
    // Not a check of looks: a file for a person to look at. Still asserts the panel rendered its marks.
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 390, height: 844 },
    ]) {
      for (const scheme of ["light", "dark"] as const) {
        const page = await open("/", viewport);
        await page.emulateMedia({ colorScheme: scheme });
        const dialog = await searchPanel(page, "zorblax");
        await waitFor("three hits", async () => (await dialog.locator("[data-message-id] mark").count()) >= 3, 15_000);
        if (SHOTS) await page.screenshot({ path: join(SHOTS, `search-${viewport.width}-${scheme}.png`) });
      }
    }
  });
});
