/**
 * The workbench panels on a phone (390×844, touch) and in a wide window, in Chromium against a real
 * OpenCode 1.18.33 serve: each panel is on screen and nothing covers it (the element under its
 * heading, its body and its close button is the panel's own), it covers the session's body only
 * (the top bar and the session header stay usable; on a phone the drawer opens over it), and it
 * closes by a tap. Screenshots
 * of the Context, Files and Terminal panels at 1440×900 and 390×844, light and dark, go to
 * SWITCHBOARD_SHOTS (default /tmp/switchboard-workbench-shots; looked at by hand, not compared).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { FleetServer } from "../scripts/fleet/index.js";
import { createSession } from "./support/rest.js";
import { browserSuite } from "./support/suite.js";
import { openTerminal, runInTerminal, terminalRegion } from "./support/terminal-page.js";
import { runTurn } from "./support/turns.js";
import { waitFor } from "./support/wait.js";
import { waitConnected } from "./support/workspace-page.js";

const SHOTS = process.env.SWITCHBOARD_SHOTS ?? "/tmp/switchboard-workbench-shots";
const PHONE = { width: 390, height: 844 };
const WIDE = { width: 1440, height: 900 };

const suite = browserSuite({ count: 1, wordDelayMs: 2 }, { idTimeoutMs: 45_000 });
const server = () => suite.servers[0] as FleetServer;

/** A page in its own context of the given size (phones get touch), on the session, tabs connected. */
async function openAt(size: { width: number; height: number }, scheme: "light" | "dark", sessionId: string): Promise<Page> {
  const context = await suite.browser.newContext({
    viewport: size,
    colorScheme: scheme,
    ...(size.width < 600 ? { isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  page.once("close", () => void context.close());
  await page.goto(`${suite.hub.url}/?session=${sessionId}`);
  await waitConnected(page, suite.ids);
  await page.locator(`section.sv-session[data-session-id="${sessionId}"] [data-role="assistant"]`).first().waitFor({ timeout: 30_000 });
  return page;
}

/** Fails unless the element Chromium finds at the centre of `part` (what a tap hits) is inside `panel`, and it is on screen. */
async function expectUncovered(page: Page, panel: Locator, part: Locator, what: string): Promise<void> {
  const b = await part.boundingBox();
  if (!b) throw new Error(`${what} is not rendered`);
  const v = page.viewportSize() ?? PHONE;
  expect(b.x >= 0 && b.y >= 0 && b.x + b.width <= v.width + 0.5 && b.y + b.height <= v.height + 0.5, `${what} on screen: ${JSON.stringify(b)}`).toBe(
    true,
  );
  const [x, y] = [b.x + b.width / 2, b.y + b.height / 2];
  const hit = await panel.evaluate(
    (el, [px, py]) => {
      const top = document.elementFromPoint(px as number, py as number);
      return top === null ? "nothing" : el.contains(top) ? "panel" : `${top.tagName.toLowerCase()}.${[...top.classList].join(".")}`;
    },
    [x, y],
  );
  expect(hit, `what is at the centre of ${what}`).toBe("panel");
}

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, name) });
}

describe("workbench panels on a phone and a wide window", () => {
  it("Context, Files and Terminal are on screen, uncovered, close by a tap, and are photographed", async () => {
    writeFileSync(join(server().directory, "README.md"), "# changed by the phone test\n");
    const s = await createSession(server(), "workbench on a phone");
    await runTurn(server(), s.id, "hello, phone workbench");
    for (const size of [PHONE, WIDE]) {
      for (const scheme of ["light", "dark"] as const) {
        const page = await openAt(size, scheme, s.id);
        const tag = `${size.width}x${size.height}-${scheme}`;
        const tap = (l: Locator) => (size === PHONE ? l.tap() : l.click());

        await tap(page.getByRole("button", { name: "Context", exact: true }));
        const context = page.getByRole("region", { name: "Context" });
        await context.getByText(/of 100\.0k tokens/).waitFor({ timeout: 20_000 });
        await expectUncovered(page, context, context.getByRole("heading").first(), "the Context heading");
        await expectUncovered(page, context, context.locator("dl").first(), "the Context figures");
        await expectUncovered(page, context, context.getByRole("button", { name: "Close context" }), "Close context");
        // The panel covers the session's body only: the top bar and the session header stay usable,
        // and on a phone the drawer opens over the panel.
        const header = page.locator("section.sv-session > header.sv-header");
        await expectUncovered(page, header, header.getByRole("button", { name: /^Context/ }), "the header's Context button");
        if (size === PHONE) {
          const toggle = page.getByRole("button", { name: "Sessions" });
          await expectUncovered(page, toggle, toggle, "the drawer's ☰");
          await toggle.tap();
          const list = page.locator('nav[aria-label="Session list"]');
          await waitFor("the drawer to open", () => list.isVisible());
          await waitFor("the drawer to slide in", async () => ((await list.boundingBox())?.x ?? -1) >= 0);
          await expectUncovered(page, page.locator(".sidebar"), page.locator(".sidebar-head"), "the top of the drawer");
          await page.keyboard.press("Escape");
          await waitFor("the drawer to close", async () => !(await list.isVisible()));
        }
        await shoot(page, `context-${tag}.png`);
        await tap(context.getByRole("button", { name: "Close context" }));
        await context.waitFor({ state: "detached" });

        await tap(page.getByRole("button", { name: "Files", exact: true }));
        const files = page.getByRole("region", { name: "Files", exact: true });
        await files.getByRole("treeitem", { name: "README.md" }).waitFor({ timeout: 20_000 });
        await expectUncovered(page, files, files.getByRole("treeitem", { name: "README.md" }).locator(".wb-item").first(), "README.md in the tree");
        await expectUncovered(page, files, files.getByRole("button", { name: "Close files" }), "Close files");
        await tap(files.getByRole("treeitem", { name: "README.md" }).locator(".wb-item").first());
        await page.getByRole("region", { name: "File", exact: true }).getByText("changed by the phone test").waitFor({ timeout: 20_000 });
        await shoot(page, `files-${tag}.png`);
        await tap(files.getByRole("button", { name: "Close files" }));
        await files.waitFor({ state: "detached" });

        await openTerminal(page, s.id, "button");
        expect((await runInTerminal(page, "shot", "ok")).value).toBe("ok");
        await expectUncovered(page, terminalRegion(page), terminalRegion(page).locator(".xterm-screen"), "the terminal's screen");
        await shoot(page, `terminal-${tag}.png`);
        await terminalRegion(page).locator(".tm-tab-close").first().click();
        await page.close();
      }
    }
  }, 420_000);
});
