/**
 * Resizing the terminal resizes the shell's PTY, on OpenCode 1.18.33 and 2.1.2: the shell's own
 * `stty size` follows the panel's height (dragged: its CSS height changes) and the window's width,
 * and always equals the rows xterm shows.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createSession } from "../scripts/fleet/client.js";
import type { FleetServer } from "../scripts/fleet/index.js";
import { browserSuite } from "./support/suite.js";
import { openTerminal, runInTerminal, terminalRegion } from "./support/terminal-page.js";
import { waitFor } from "./support/wait.js";

// Two generations on a loaded 2-core machine: the first scan that verifies both can take a while.
const suite = browserSuite(
  { count: 1 },
  { more: async (fleet) => void (await fleet.startServer({ generation: 2, kind: "serve" })), idTimeoutMs: 45_000 },
);

interface Size {
  rows: number;
  cols: number;
}

/** What the shell says its terminal is (`stty size` = "rows cols"). */
async function shellSize(page: Page): Promise<Size> {
  const { value } = await runInTerminal(page, "size", "$(stty size | tr ' ' x)");
  const [rows, cols] = value.split("x").map(Number);
  return { rows: rows ?? NaN, cols: cols ?? NaN };
}

/** The rows xterm renders in the front terminal. */
const shownRows = (page: Page) => terminalRegion(page).locator(".tm-view:not([hidden]) .xterm-rows > div").count();

/** Asks the shell until its size satisfies `ok` and matches the rows shown (the PUT is debounced). */
async function shellSizeWhen(page: Page, what: string, ok: (s: Size) => boolean): Promise<Size> {
  let last: Size | null = null;
  return waitFor(
    what,
    async () => {
      last = await shellSize(page);
      return ok(last) && last.rows === (await shownRows(page)) ? last : undefined;
    },
    45_000,
  ).catch((err: unknown) => {
    throw new Error(`${String(err)}: the shell last said ${JSON.stringify(last)}`);
  });
}

describe("terminal resize", () => {
  for (const generation of [1, 2] as const) {
    it(`OpenCode ${generation === 1 ? "1.18.33" : "2.1.2"}: dragging the panel and narrowing the window resize the shell's PTY`, async () => {
      const server = suite.servers.find((s) => s.generation === generation) as FleetServer;
      const session = await createSession(server, { title: `terminal resize on ${generation}` });
      const page = await suite.openPage(`/?session=${session.id}`);
      await page.setViewportSize({ width: 1280, height: 900 });
      await openTerminal(page, session.id, "button");
      const first = await shellSizeWhen(page, "the shell to have the panel's size", (s) => s.rows > 0 && s.cols > 0);

      // The panel dragged taller (CSS `resize: vertical` sets its height).
      await terminalRegion(page).evaluate((el) => ((el as HTMLElement).style.height = "600px"));
      const taller = await shellSizeWhen(page, "the shell to have more rows", (s) => s.rows > first.rows);
      expect(taller.cols).toBe(first.cols);

      // The window narrowed: fewer columns.
      await page.setViewportSize({ width: 760, height: 900 });
      const narrower = await shellSizeWhen(page, "the shell to have fewer columns", (s) => s.cols < first.cols);
      console.info(`terminal on ${generation}: ${JSON.stringify(first)} → ${JSON.stringify(taller)} → ${JSON.stringify(narrower)}`);
    }, 180_000);
  }
});
