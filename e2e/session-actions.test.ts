/**
 * Session actions in Chromium against real `opencode serve` processes: rename, archive/unarchive,
 * delete, fork from a message, undo/redo and export, each checked against the server's own copy.
 * Needs `node scripts/start.mjs --build-only`.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { FleetServer } from "../scripts/fleet/index.js";
import { createSession, rest, storedMessages } from "./support/rest.js";
import { runTurn, storedSession } from "./support/turns.js";
import { waitFor } from "./support/wait.js";
import { browserSuite } from "./support/suite.js";
import { forkFromMessage, fromHeaderMenu, sessionRows, sessionTab } from "./support/workspace-page.js";

const suite = browserSuite({ count: 1, wordDelayMs: 2 });
const alpha = () => suite.servers[0] as FleetServer;

const open = (sessionId: string) => suite.openSession(sessionId);

describe("session actions", () => {
  it("renames from the … menu, and the server stores the new title", async () => {
    const s = await createSession(alpha(), "before rename");
    const page = await open(s.id);
    await fromHeaderMenu(page, "Rename…");
    const dialog = page.getByRole("dialog", { name: "Rename session" });
    await dialog.getByRole("textbox").fill("  after rename  ");
    await dialog.getByRole("button", { name: "Rename" }).click();
    await dialog.waitFor({ state: "detached" });
    await waitFor("the server's title", async () => (await storedSession(alpha(), s.id)).title === "after rename");
    await waitFor("the header to show it", async () => (await page.locator(".sv-title").textContent()) === "after rename");
    expect(await sessionRows(page, s.id).first().textContent()).toContain("after rename");
  });

  it("archives from the list row's context menu (hidden behind Show archived), then unarchives", async () => {
    const s = await createSession(alpha(), "to archive");
    const page = await open(s.id);
    await sessionRows(page, s.id).first().click({ button: "right" });
    await page.getByRole("menu", { name: "Session actions" }).getByRole("menuitem", { name: "Archive" }).click();
    await waitFor("the server to mark it archived", async () => ((await storedSession(alpha(), s.id)).time.archived ?? 0) > 0);
    await sessionRows(page, s.id).first().waitFor({ state: "detached" });

    const toggle = page.getByRole("checkbox", { name: /Show archived/ });
    await toggle.check();
    await sessionRows(page, s.id).first().click({ button: "right" });
    await page.getByRole("menu", { name: "Session actions" }).getByRole("menuitem", { name: "Unarchive" }).click();
    await waitFor("the server to unarchive it", async () => !(await storedSession(alpha(), s.id)).time.archived);
    // Listed as a normal session again.
    await page.locator(`nav[aria-label="Session list"] [data-session-id="${s.id}"]:not(.is-archived)`).waitFor();
  });

  it("deletes only after a confirmation; the server no longer has the session", async () => {
    const s = await createSession(alpha(), "to delete");
    const page = await open(s.id);
    await fromHeaderMenu(page, "Delete…");
    const dialog = page.getByRole("dialog", { name: "Delete session" });
    // Cancel first: nothing happens.
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect((await storedSession(alpha(), s.id)).id).toBe(s.id);
    await fromHeaderMenu(page, "Delete…");
    await page.getByRole("dialog", { name: "Delete session" }).getByRole("button", { name: "Delete" }).click();
    await waitFor("the server to forget it", async () =>
      rest(alpha(), `/session/${s.id}`).then(
        () => false,
        (err: Error) => /404/.test(err.message),
      ),
    );
    await sessionRows(page, s.id).first().waitFor({ state: "detached" });
    await sessionTab(page, s.id).waitFor({ state: "detached" });
  });

  it("forks from a message and opens the fork, which holds the history before it", async () => {
    const s = await createSession(alpha(), "fork source");
    await runTurn(alpha(), s.id, "first question");
    const second = await runTurn(alpha(), s.id, "second question");
    const page = await open(s.id);
    const forkId = await forkFromMessage(page, s.id, second.info.id);
    const fork = await storedSession(alpha(), forkId);
    expect(fork.title).toMatch(/\(fork #1\)$/);
    const forked = await storedMessages(alpha(), forkId);
    // Before the second question: the first question and its reply.
    expect(forked.map((m) => m.info.role)).toEqual(["user", "assistant"]);
    expect(forked[0]?.parts.some((p) => p.type === "text" && p.text === "first question")).toBe(true);
    await sessionTab(page, forkId).waitFor();
  });

  it("undo reverts the last turn on the server and shows it as undone; redo brings it back", async () => {
    const s = await createSession(alpha(), "undo me");
    await runTurn(alpha(), s.id, "keep this turn");
    const last = await runTurn(alpha(), s.id, "undo this turn");
    const page = await open(s.id);
    await page.locator(`[data-message-id="${last.info.id}"]`).waitFor();
    await fromHeaderMenu(page, "Undo last turn");
    await waitFor("the server's revert point", async () => (await storedSession(alpha(), s.id)).revert?.messageID === last.info.id);
    await page.locator(`[data-message-id="${last.info.id}"][data-reverted]`).waitFor();
    expect(await page.locator("[data-message-id][data-reverted]").count()).toBeGreaterThanOrEqual(2);

    await fromHeaderMenu(page, "Redo turn");
    await waitFor("the server to drop the revert", async () => (await storedSession(alpha(), s.id)).revert === undefined);
    await page.locator(`[data-message-id="${last.info.id}"]:not([data-reverted])`).waitFor();
  });

  it("compacts with the session's model: the server stores a summary", async () => {
    const s = await createSession(alpha(), "compact me");
    await runTurn(alpha(), s.id, "something long to compact later");
    const page = await open(s.id);
    await page.locator(`section.sv-session[data-session-id="${s.id}"] [data-role="assistant"]`).first().waitFor();
    await fromHeaderMenu(page, "Compact");
    const summary = await waitFor(
      "a summary message on the server",
      async () => {
        const all = await storedMessages(alpha(), s.id);
        return all.find((m) => m.info.role === "assistant" && (m.info as { summary?: boolean }).summary === true);
      },
      30_000,
    );
    expect(summary.info.role === "assistant" ? [summary.info.providerID, summary.info.modelID] : []).toEqual(
      (await storedMessages(alpha(), s.id))
        .filter((m) => m.info.role === "assistant")
        .map((m) => (m.info.role === "assistant" ? [m.info.providerID, m.info.modelID] : []))[0],
    );
  });

  it("Copy on a reply puts its text on the clipboard; a code block's Copy puts only the code", async () => {
    const s = await createSession(alpha(), "copy me");
    await runTurn(alpha(), s.id, "[[code:ts]] show me the copy");
    const turn = (await storedMessages(alpha(), s.id)).filter((m) => m.info.role === "assistant").at(-1);
    if (!turn) throw new Error("no reply stored");
    const page = await open(s.id);
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: suite.hub.url });
    const reply = page.locator(`[data-message-id="${turn.info.id}"]`);
    await reply.locator("pre code").first().waitFor({ timeout: 15_000 });
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

    await reply.getByRole("button", { name: "Copy message" }).click();
    const stored = turn.parts.flatMap((p) => (p.type === "text" && p.text.trim() ? [p.text.trim()] : [])).join("\n\n");
    await waitFor("the reply on the clipboard", async () => (await clipboard()) === stored, 5_000);
    expect(stored).toContain("```ts");

    await reply.locator("pre").first().hover();
    await reply.getByRole("button", { name: "Copy code" }).first().click();
    const code = (await reply.locator("pre code").first().innerText()).trim();
    await waitFor("the code on the clipboard", async () => (await clipboard()).trim() === code, 5_000);
    expect(code.length).toBeGreaterThan(0);
    expect(code).not.toContain("```");
    expect(code).not.toContain("Copy");
  });

  it("exports the session as a markdown download built from the server's history", async () => {
    const s = await createSession(alpha(), "Export me");
    await runTurn(alpha(), s.id, "what should be exported");
    const page = await open(s.id);
    const [download] = await Promise.all([page.waitForEvent("download"), fromHeaderMenu(page, "Export as Markdown")]);
    expect(download.suggestedFilename()).toBe(`export-me-${s.id}.md`);
    const text = await readFile(await download.path(), "utf8");
    expect(text).toContain("# Export me");
    expect(text).toContain("## User\n\nwhat should be exported");
    const reply = (await storedMessages(alpha(), s.id)).at(-1);
    const replyText = reply?.parts.find((p) => p.type === "text");
    expect(replyText && replyText.type === "text" ? text.includes(replyText.text.trim()) : false).toBe(true);
  });
});
