/**
 * Gaps a new user hit (issue 13), in Chromium against real `opencode serve` processes and the mock
 * model: a reply cut off by kill -9 keeps its text after the restart, marked interrupted; an @file
 * prompt shows its typed words at once with the server's additions folded; Changes forgets a file
 * an Undo removed; a bare @ asks nothing; the tab strips have no scrollbar and their overflow is
 * reachable; the attention panels close like popovers; a phone gives the conversation the screen.
 * Needs `node scripts/start.mjs --build-only`.
 */
import { describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import type { FleetServer } from "../scripts/fleet/index.js";
import { createSession, promptAsync, storedMessages } from "./support/rest.js";
import { browserSuite } from "./support/suite.js";
import { runTurn } from "./support/turns.js";
import { waitFor } from "./support/wait.js";
import { composer, flat, hubInstanceId, streamedWords, timelineMessages, waitConnected } from "./support/workspace-page.js";

const suite = browserSuite({ count: 2, wordDelayMs: 5 });
const alpha = () => suite.servers[0] as FleetServer;
const beta = () => suite.servers[1] as FleetServer;
const PHONE = { width: 390, height: 844 };

async function openSession(sessionId: string): Promise<Page> {
  const page = await suite.open(`/?session=${sessionId}`);
  await page.locator(`section.sv-session[data-session-id="${sessionId}"]`).waitFor();
  return page;
}

/** A phone-sized touch page of the hub (closed by the caller). */
async function phonePage(path: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await suite.browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto(`${suite.hub.url}${path}`);
  await waitConnected(page, suite.ids);
  return { context, page };
}

describe("a new user's gaps", () => {
  it("shows the words typed with an @file at once, and folds what the server added for the model", async () => {
    const s = await createSession(alpha(), "mention");
    const page = await openSession(s.id);
    // The file search asks the session's owner: wait until the page knows it.
    await page.locator(".sv-composer-status", { hasText: "→" }).waitFor({ timeout: 15_000 });
    const box = composer(page);
    await box.click();
    await box.pressSequentially("Summarise @READ");
    const option = page.getByRole("option", { name: "README.md" });
    await option.waitFor({ timeout: 15_000 }).catch(async (err: Error) => {
      throw new Error(
        `${err.message}\npopup: ${await page
          .locator(".sv-suggest")
          .innerText()
          .catch(() => "(none)")}; box: ${await box.inputValue()}`,
      );
    });
    await box.press("Enter");
    await box.pressSequentially(" in one line please");
    await box.press("Enter");
    const user = timelineMessages(page, "user").last();
    await user.getByText("in one line please").waitFor({ timeout: 15_000 });
    // The server's synthetic "Called the Read tool…" and the file text sit under one closed line.
    const fold = user.locator("details.sv-synthetic-fold");
    await fold.waitFor({ timeout: 15_000 });
    expect(await fold.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await waitFor(
      "the server to store the prompt",
      async () => (await storedMessages(alpha(), s.id)).some((m) => m.parts.some((p) => p.type === "text" && p.synthetic === true)),
      15_000,
    );
    expect(await user.getByText("in one line please").isVisible()).toBe(true);
  });

  it("a bare @ asks the server nothing and shows no error", async () => {
    const s = await createSession(alpha(), "bare at");
    const page = await openSession(s.id);
    const box = composer(page);
    await box.click();
    await box.pressSequentially("look at @");
    await page.getByText("Type part of a file name to attach it.").waitFor();
    expect(await page.getByText(/Missing key|400/).count()).toBe(0);
  });

  it("lists no file in Changes once Undo took back the turn that wrote it", async () => {
    const s = await createSession(alpha(), "undo changes");
    await runTurn(alpha(), s.id, "[[write:undo-me.txt:gone soon]] write it");
    const page = await openSession(s.id);
    const changes = page.getByRole("button", { name: /^Changes/ });
    await waitFor("Changes to count the file", async () => /· 1$/.test(flat(await changes.textContent())), 15_000);
    await changes.click();
    const panel = page.getByRole("region", { name: "Changes" });
    await panel.locator('[data-diff-file="undo-me.txt"]').waitFor();
    await page.getByRole("button", { name: "Session actions" }).click();
    await page.getByRole("menu", { name: "Session actions" }).getByRole("menuitem", { name: "Undo last turn" }).click();
    await panel.locator('[data-diff-file="undo-me.txt"]').waitFor({ state: "detached", timeout: 15_000 });
    expect(flat(await changes.textContent())).toBe("Changes");
  });

  it("shows no scrollbar on either tab strip at 1440 px", async () => {
    const s = await createSession(alpha(), "strip");
    const page = await openSession(s.id);
    await page.setViewportSize({ width: 1440, height: 900 });
    for (const name of ["Instances", "Sessions"]) {
      const strip = page.getByRole("tablist", { name });
      // What the box loses to scrollbars: its outer size minus the inner one and the borders.
      const bars = await strip.evaluate((el: HTMLElement) => {
        const css = getComputedStyle(el);
        const px = (v: string) => Number.parseFloat(v) || 0;
        return {
          horizontal: el.offsetHeight - el.clientHeight - px(css.borderTopWidth) - px(css.borderBottomWidth),
          vertical: el.offsetWidth - el.clientWidth - px(css.borderLeftWidth) - px(css.borderRightWidth),
        };
      });
      expect(bars, name).toEqual({ horizontal: 0, vertical: 0 });
    }
  });

  // The top bar's other buttons wrap to a second row rather than leave the strip less than 240 px
  // (layout.css, instances.css), so the strip now has the first row beside the brand: 409 px at
  // 560 px (it had 22 px, and › scrolled nothing), where All and two tabs barely overflow. 500 px
  // (still above the phone layout's 480) keeps the two fleet tabs clearly overflowing.
  it("reaches overflowing instance tabs with › and ‹", async () => {
    const s = await createSession(alpha(), "strip overflow");
    const page = await openSession(s.id);
    // Narrow enough that the instance tabs overflow: the › button shows and brings the last tab in.
    await page.setViewportSize({ width: 500, height: 900 });
    const strip = page.getByRole("tablist", { name: "Instances" });
    const more = page.locator('.instance-bar .tab-scroll[data-direction="right"]');
    await more.waitFor();
    const last = strip.getByRole("tab").last();
    const visible = async () => {
      const [tab, list] = await Promise.all([last.boundingBox(), strip.boundingBox()]);
      return !!tab && !!list && tab.x + tab.width <= list.x + list.width + 1;
    };
    expect(await visible()).toBe(false);
    await waitFor(
      "› to scroll the last tab into view",
      async () => {
        if (await visible()) return true;
        await more.click().catch(() => undefined);
        return false;
      },
      10_000,
    );
    await page.locator('.instance-bar .tab-scroll[data-direction="left"]').waitFor();
    // At any width above the phone layout the strip keeps room for tabs besides its ‹ › buttons.
    for (const width of [481, 640, 800, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      await waitFor(`room for tabs at ${width} px`, async () => ((await strip.boundingBox())?.width ?? 0) >= 240 - 2 * 28, 5_000);
    }
  });

  it("closes Needs you and Activity on Escape and on a click outside", async () => {
    const page = await suite.open("/");
    for (const name of ["Needs you", "Activity"]) {
      const button = page.getByRole("button", { name: new RegExp(`^${name}`) });
      await button.click();
      const panel = page.getByRole("region", { name });
      await panel.waitFor();
      await page.keyboard.press("Escape");
      await panel.waitFor({ state: "detached" });
      await button.click();
      await panel.waitFor();
      await page.locator(".main").click({ position: { x: 200, y: 300 } });
      await panel.waitFor({ state: "detached" });
    }
  });

  it("gives the conversation most of a phone's screen, points at ☰ when nothing is open, and shows no key hints", async () => {
    const s = await createSession(alpha(), "phone");
    await runTurn(alpha(), s.id, "hello from the phone");
    const empty = await phonePage("/");
    try {
      await empty.page.getByText("Open the menu ☰ at the top left to pick a session").waitFor();
      expect(await empty.page.getByText("Pick a session on the left").isVisible()).toBe(false);
    } finally {
      await empty.context.close();
    }
    const { context, page } = await phonePage(`/?session=${s.id}`);
    try {
      await timelineMessages(page, "assistant").first().waitFor();
      const scroller = await page.locator(".sv-timeline-scroll").boundingBox();
      expect(scroller?.height ?? 0).toBeGreaterThan(PHONE.height * 0.55);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await page.getByRole("button", { name: "Session actions" }).tap();
      const menu = page.getByRole("menu", { name: "Session actions" });
      await menu.waitFor();
      expect(await menu.locator("kbd").count()).toBeGreaterThan(0);
      for (const kbd of await menu.locator("kbd").all()) expect(await kbd.isVisible()).toBe(false);
    } finally {
      await context.close();
    }
  });

  // Last: it restarts beta, whose old id the suite's other tests wait for.
  it("keeps a reply cut off by kill -9 after the server restarts, marked 'interrupted: the server stopped'", async () => {
    const s = await createSession(beta(), "interrupted");
    const page = await openSession(s.id);
    await promptAsync(beta(), s.id, "[[slow:150]] [[long:200]] tell me a long story");
    const reply = timelineMessages(page, "assistant").last();
    const seen = await streamedWords(page, 8);
    const server = beta();
    await server.kill("SIGKILL");
    const restarted = await suite.fleet.restart(server);
    const id = await hubInstanceId(suite.hub, restarted.port);
    await waitConnected(page, [id], 30_000);
    // The server's copy of the cut part is empty; the page keeps what it showed and says why it stops.
    await page.getByText("interrupted: the server stopped").waitFor({ timeout: 20_000 });
    const stored = (await storedMessages(restarted, s.id)).at(-1);
    expect(stored?.parts.filter((p) => p.type === "text").map((p) => (p.type === "text" ? p.text : ""))).toEqual([""]);
    expect(flat(await reply.locator('[data-part-type="text"]').textContent())).toContain(seen.slice(0, 30));
  });
});
