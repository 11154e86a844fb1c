/**
 * The page on a phone (tasks/07 part 2): Chromium at 390×844 with touch, a real `opencode serve`
 * with the mock model, the built hub. The drawer, a session at full width, a prompt sent and a
 * bash permission approved by taps, with the keyboard's share of the screen taken away; touch
 * target sizes; the PWA manifest and a service worker that caches the app shell only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Locator, Page } from "playwright-core";
import type { ToolPart } from "@opencode-ai/sdk/v2";
import type { FleetServer } from "../scripts/fleet/index.js";
import { createSession, settledReply, storedMessages, textOf } from "./support/rest.js";
import { browserSuite } from "./support/suite.js";
import { waitFor } from "./support/wait.js";
import { composer, flat, sessionRows, sessionTab, timelineMessages, waitConnected } from "./support/workspace-page.js";

const PHONE = { width: 390, height: 844 };
/** What is left of a 844 px screen with an on-screen keyboard up (resizes-content shrinks the layout to this). */
const KEYBOARD_UP = { width: 390, height: 480 };

const suite = browserSuite({ count: 1, wordDelayMs: 10 });
let alpha: FleetServer;
let alphaId: string;
/** One phone-sized page for the whole file (the tests go on where the one before left off). */
let context: BrowserContext;
let page: Page;
/** The session the first test works in (it ends with a completed bash tool card). */
let worked: string;
const problems: string[] = [];

/** The rectangle of a locator; fails when it is not rendered. */
async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await locator.boundingBox();
  if (!b) throw new Error(`${String(locator)} has no box (not rendered)`);
  return b;
}

/** True when the whole box lies inside the current viewport. */
async function inViewport(locator: Locator): Promise<boolean> {
  const b = await box(locator);
  const v = page.viewportSize() ?? PHONE;
  return b.x >= 0 && b.y >= 0 && b.x + b.width <= v.width + 0.5 && b.y + b.height <= v.height + 0.5;
}

beforeAll(async () => {
  alpha = suite.servers[0] as FleetServer;
  alphaId = suite.idOf(alpha);
  context = await suite.browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
});

afterAll(async () => {
  if (problems.length > 0) console.warn(`browser problems:\n${problems.join("\n")}`);
  await context?.close();
});

describe("phone (390×844, touch)", () => {
  it("hides the sidebar in a drawer, opens a session full width, sends a prompt and approves a permission by taps", async () => {
    const s = await createSession(alpha, "phone session");
    worked = s.id;
    const other = await createSession(alpha, "phone second");
    await page.goto(`${suite.hub.url}/`);
    await waitConnected(page, [alphaId]);

    const list = page.locator('nav[aria-label="Session list"]');
    const toggle = page.getByRole("button", { name: "Sessions" });
    expect(await list.isVisible()).toBe(false);
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");

    await toggle.tap();
    await waitFor("the drawer to open", () => list.isVisible());
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    const row = sessionRows(page, s.id);
    await row.waitFor();
    // The drawer slides in (0.18 s); other fleets' groups may come first, so scroll the drawer to the row.
    await waitFor("the session row to be on screen in the drawer", async () => {
      await row.scrollIntoViewIfNeeded();
      return inViewport(row);
    });
    await row.tap();

    // The drawer closes and the session takes the whole width.
    await page.locator(`section.sv-session[data-session-id="${s.id}"]`).waitFor();
    await waitFor("the drawer to close", async () => !(await list.isVisible()));
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
    expect((await box(page.locator(".session-panel"))).width).toBe(PHONE.width);
    expect((await box(page.locator(".sv-timeline"))).width).toBe(PHONE.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    // The keyboard comes up: the layout gets shorter (interactive-widget=resizes-content).
    await composer(page).tap();
    await page.setViewportSize(KEYBOARD_UP);
    const send = page.getByRole("button", { name: "Send", exact: true });
    await waitFor("the composer and Send to sit above the keyboard", async () => (await inViewport(composer(page))) && (await inViewport(send)));
    await composer(page).fill("[[bash:echo from-the-phone]] run it");
    await waitFor("Send to be enabled", () => send.isEnabled(), 15_000);
    await send.tap();

    const prompt = page.locator("[data-permission-id]");
    await prompt.waitFor({ timeout: 20_000 });
    const allow = prompt.getByRole("button", { name: "Allow once" });
    await allow.scrollIntoViewIfNeeded();
    // Keyboard still up: the permission buttons and the composer are both on screen.
    expect(await inViewport(allow)).toBe(true);
    expect(await inViewport(prompt.getByRole("button", { name: "Reject" }))).toBe(true);
    expect(await inViewport(composer(page))).toBe(true);
    await allow.tap();

    const tool = await waitFor(
      "the bash tool to complete on the server",
      async () => {
        const parts = (await storedMessages(alpha, s.id)).flatMap((m) => m.parts);
        const part = parts.find((p): p is ToolPart => p.type === "tool" && p.tool === "bash");
        return part?.state.status === "completed" ? part : undefined;
      },
      20_000,
    );
    expect(tool.state.status === "completed" ? tool.state.output : "").toContain("from-the-phone");
    const reply = await waitFor("the turn to settle", () => settledReply(alpha, s.id), 20_000);
    await waitFor(
      "the reply on the page to equal the stored one",
      async () => flat(await timelineMessages(page, "assistant").last().innerText()).includes(flat(textOf(reply))),
      15_000,
    );
    await waitFor("the permission prompt to go", async () => (await prompt.count()) === 0);
    await page.setViewportSize(PHONE);

    // Session tabs scroll sideways instead of squeezing or widening the page.
    await toggle.tap();
    await sessionRows(page, other.id).tap();
    await sessionTab(page, other.id).waitFor();
    for (const name of ["Instances", "Sessions"]) {
      const strip = page.getByRole("tablist", { name });
      expect(await strip.evaluate((el) => getComputedStyle(el).overflowX)).toBe("auto");
      expect((await box(strip)).width).toBeLessThanOrEqual(PHONE.width);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });

  it("gives every control on screen a touch target of at least 40 px: a session with a tool card, the drawer open and closed", async () => {
    /** Visible controls inside the viewport smaller than 40×40 (inline links in prose are exempt). */
    const small = () =>
      page.evaluate(() => {
        const selector = 'button, [role="tab"], input, textarea, select, summary, a[href]';
        return [...document.querySelectorAll<HTMLElement>(selector)]
          .filter((el) => {
            const r = el.getBoundingClientRect();
            const style = getComputedStyle(el);
            const shown =
              r.width > 0 &&
              r.height > 0 &&
              style.visibility !== "hidden" &&
              r.bottom > 0 &&
              r.top < innerHeight &&
              r.right > 0 &&
              r.left < innerWidth;
            const proseLink = el.tagName === "A" && el.closest(".markdown, .sv-markdown") !== null;
            // A visually hidden input (the file picker behind Attach) is not a target; its button is.
            const hiddenInput = el.classList.contains("sv-visually-hidden");
            return shown && !proseLink && !hiddenInput && (r.width < 40 || r.height < 40);
          })
          .map(
            (el) =>
              `${el.tagName.toLowerCase()}.${el.className} "${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 30)}" ${Math.round(el.getBoundingClientRect().width)}×${Math.round(el.getBoundingClientRect().height)}`,
          );
      });
    // The first session: its bash tool card has collapsible input and output.
    await sessionTab(page, worked).tap();
    await page.locator('.sv-timeline [data-part-type="tool"] summary').first().waitFor();
    expect(await small()).toEqual([]);
    await page.getByRole("button", { name: "Sessions" }).tap();
    await waitFor("the drawer to open", () => page.locator('nav[aria-label="Session list"]').isVisible());
    expect(await small()).toEqual([]);
    await page.keyboard.press("Escape");
    await waitFor("Escape to close the drawer", async () => !(await page.locator('nav[aria-label="Session list"]').isVisible()));
  });

  it("installs as a PWA: manifest and icons; the service worker caches the app shell only, and the shell starts offline", async () => {
    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute("href");
    expect(manifestHref).toBe("/manifest.webmanifest");
    const manifest = (await (await fetch(`${suite.hub.url}${manifestHref}`)).json()) as {
      name: string;
      start_url: string;
      display: string;
      icons: Array<{ src: string; sizes: string; purpose?: string }>;
    };
    expect(manifest).toMatchObject({ name: "Switchboard", start_url: "/", display: "standalone" });
    for (const size of ["192x192", "512x512"]) expect(manifest.icons.some((i) => i.sizes === size)).toBe(true);
    for (const icon of manifest.icons) {
      const res = await fetch(`${suite.hub.url}${icon.src}`);
      expect(res.status, icon.src).toBe(200);
      expect(res.headers.get("content-type"), icon.src).toMatch(/^image\//);
    }

    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${suite.hub.url}/`);
    // The page has fetched the hub's API and the OpenCode server's REST and events by now.
    const cached = await waitFor("the shell to be cached", async () => {
      const keys = await page.evaluate(async () => {
        const names = await caches.keys();
        const all: string[] = [];
        for (const name of names) for (const request of await (await caches.open(name)).keys()) all.push(request.url);
        return all;
      });
      return keys.some((k) => k.endsWith("/")) && keys.some((k) => k.includes("/assets/index-")) ? keys : undefined;
    });
    expect(cached.length).toBeGreaterThan(2);
    for (const url of cached) {
      expect(url.startsWith(`${suite.hub.url}/`), url).toBe(true);
      expect(new URL(url).pathname, url).toMatch(/^\/(assets\/.+|icons\/.+|manifest\.webmanifest)?$/);
    }

    const before = problems.length;
    await context.setOffline(true);
    try {
      await page.reload();
      await page.getByRole("button", { name: "Sessions" }).waitFor({ timeout: 10_000 });
      expect(await page.title()).toContain("Switchboard");
    } finally {
      await context.setOffline(false);
      // Offline, the page rightly says it cannot reach the hub or the servers: not a problem to report.
      problems.splice(before);
    }
  });
});
