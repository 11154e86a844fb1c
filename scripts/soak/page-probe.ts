/** The soak page as its test hooks (dev-docs/architecture.md "UI hooks for tests") show it. */
import type { CDPSession, Page } from "playwright-core";
import { scanTimeline } from "../../e2e/support/live-page.js";
import { waitFor } from "../../e2e/support/wait.js";
import { composer, sessionRows } from "../../e2e/support/workspace-page.js";
import type { RowSeen, TimelineSeen } from "./verdict.js";

/** Every row of the session list, with its status. */
export function readRows(page: Page): Promise<RowSeen[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('nav[aria-label="Session list"] [data-session-id]')).map((el) => ({
      id: el.getAttribute("data-session-id") ?? "",
      status: el.getAttribute("data-session-status") ?? "",
    })),
  );
}

/** Opens a session from the list (its row must be there) and waits for its view. */
export async function openSession(page: Page, sessionId: string, timeoutMs = 15_000): Promise<void> {
  await waitFor(`the row of ${sessionId} in the session list`, async () => (await sessionRows(page, sessionId).count()) > 0, timeoutMs);
  await sessionRows(page, sessionId).first().click({ timeout: timeoutMs });
  await page.locator(`section.sv-session[data-session-id="${sessionId}"]`).waitFor({ timeout: timeoutMs });
  await composer(page).waitFor({ timeout: timeoutMs });
}

/** Role counts and doubled ids of the open session's whole timeline (scrolled through). */
export async function readTimeline(page: Page): Promise<TimelineSeen> {
  const scan = await scanTimeline(page);
  return {
    users: scan.messages.filter((m) => m.role === "user").length,
    assistants: scan.messages.filter((m) => m.role === "assistant").length,
    duplicates: scan.duplicates,
  };
}

/** The page's JS heap after a full GC, in bytes. */
export async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send("HeapProfiler.collectGarbage");
  const usage = await cdp.send("Runtime.getHeapUsage");
  return usage.usedSize;
}
