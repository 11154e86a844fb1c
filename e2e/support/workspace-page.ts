/** Page-level helpers for the workspace browser tests: where things are, by the UI's test hooks. */
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import type { Hub } from "./hub.js";
import { waitFor } from "./wait.js";

/** A fresh browser context (own localStorage) with one page, and what it logged. */
export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** console errors and uncaught exceptions, for failure messages. */
  problems: string[];
}

/** Opens `path` of the hub in a new context. */
export async function openWorkspace(browser: Browser, hub: Hub, path = "/"): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${hub.url}${path}`);
  return { context, page, problems };
}

/** Closes the pages a test opened (emptying `opened`), printing what each logged as a problem. */
export async function closeOpened(opened: OpenedPage[]): Promise<void> {
  for (const o of opened.splice(0)) {
    if (o.problems.length > 0) console.warn(`browser problems:\n${o.problems.join("\n")}`);
    await o.context.close();
  }
}

/**
 * The hub's id for the OpenCode listening on `port` (waits until the hub lists it). After a restart
 * on the same port, pass the new process's `pid`: until the hub's next scan drops the killed one,
 * the old entry still answers for that port.
 */
export async function hubInstanceId(hub: Hub, port: number, timeoutMs = 15_000, pid?: number): Promise<string> {
  return waitFor(
    `the hub to list the OpenCode on :${port}${pid === undefined ? "" : ` (pid ${pid})`}`,
    async () => {
      const res = await fetch(`${hub.url}/api/instances`);
      const doc = (await res.json()) as { instances: Array<{ id: string; port: number; pid: number; status: string }> };
      return doc.instances.find((i) => i.port === port && i.status === "ready" && (pid === undefined || i.pid === pid))?.id;
    },
    timeoutMs,
  );
}

/** The tab of one instance in the Instances tablist. */
export function instanceTab(page: Page, instanceId: string): Locator {
  return page.getByRole("tablist", { name: "Instances" }).locator(`[data-instance-id="${instanceId}"]`);
}

/** Waits until every given instance tab says connected. */
export async function waitConnected(page: Page, instanceIds: readonly string[], timeoutMs = 20_000): Promise<void> {
  await waitFor(
    `instance tabs ${instanceIds.join(", ")} to be connected`,
    async () => {
      for (const id of instanceIds) {
        if (
          (await instanceTab(page, id)
            .getAttribute("data-connection", { timeout: 1_000 })
            .catch(() => null)) !== "connected"
        )
          return false;
      }
      return true;
    },
    timeoutMs,
  );
}

/** Rows of the session list (sidebar) for one session id. */
export function sessionRows(page: Page, sessionId: string): Locator {
  return page.locator(`nav[aria-label="Session list"] [data-session-id="${sessionId}"]`);
}

/** The directory group of the sidebar (a section labelled with the directory). */
export function directoryGroup(page: Page, directory: string): Locator {
  return page.locator(`nav[aria-label="Session list"] section[aria-label="${directory}"]`);
}

/** The tab of one session in the Sessions tablist. */
export function sessionTab(page: Page, sessionId: string): Locator {
  return page.getByRole("tablist", { name: "Sessions" }).locator(`[role="tab"][data-session-id="${sessionId}"]`);
}

/** The composer's textarea. */
export function composer(page: Page): Locator {
  return page.getByRole("textbox", { name: "Message" });
}

/** Messages of the open session's timeline. */
export function timelineMessages(page: Page, role?: "user" | "assistant"): Locator {
  return page.locator(`.sv-timeline [data-message-id]${role ? `[data-role="${role}"]` : ""}`);
}

/** Whitespace-normalized text, for comparing rendered markdown with stored text. */
export function flat(text: string | null | undefined): string {
  return (text ?? "").replace(/\s+/g, " ").trim();
}

/** Opens a session from the sidebar and waits for its view (composer ready). */
export async function openFromList(page: Page, sessionId: string): Promise<void> {
  await sessionRows(page, sessionId).first().click();
  await page.locator(`section.sv-session[data-session-id="${sessionId}"]`).waitFor();
  await composer(page).waitFor();
}

/**
 * Types a prompt into the composer and presses Enter once Send is enabled (a deep-linked session
 * has no owner until an instance has listed it; Enter before that sends nothing, by design).
 */
export async function sendFromComposer(page: Page, text: string): Promise<void> {
  const box = composer(page);
  await box.click();
  await box.fill(text);
  const send = page.getByRole("button", { name: "Send", exact: true });
  await waitFor("the Send button to be enabled", () => send.isEnabled(), 15_000);
  await box.press("Enter");
}

/** Forks the open session `sourceId` from `messageId` with the message's "Fork from here"; resolves the fork's id once its tab shows. */
export async function forkFromMessage(page: Page, sourceId: string, messageId: string): Promise<string> {
  const message = page.locator(`[data-message-id="${messageId}"]`);
  await message.hover();
  await message.getByRole("button", { name: "Fork from here" }).click();
  return waitFor(
    "a tab for the fork",
    async () => {
      const id = await page.locator("section.sv-session").getAttribute("data-session-id");
      return id && id !== sourceId ? id : undefined;
    },
    15_000,
  );
}

/** Picks an entry of the session header's "…" menu. */
export async function fromHeaderMenu(page: Page, label: string): Promise<void> {
  await page.getByRole("button", { name: "Session actions" }).click();
  await page.getByRole("menu", { name: "Session actions" }).getByRole("menuitem", { name: label }).click();
}

/** Waits until the last assistant reply shows at least `words` streamed words; resolves its text. */
export async function streamedWords(page: Page, words: number, timeoutMs = 30_000): Promise<string> {
  const reply = timelineMessages(page, "assistant").last();
  return waitFor(
    `${words} streamed words`,
    async () => {
      const text = flat(
        await reply
          .locator('[data-part-type="text"]')
          .textContent()
          .catch(() => ""),
      );
      return text.split(" ").length >= words ? text : undefined;
    },
    timeoutMs,
  ).catch(async (err: Error) => {
    throw new Error(`${err.message}\ntimeline: ${flat((await timelineMessages(page).allTextContents()).join(" | "))}`);
  });
}
