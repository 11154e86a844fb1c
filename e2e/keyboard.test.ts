/**
 * The keyboard in Chromium against real `opencode serve` processes: the command palette opens a
 * session that lives on another server, `?` lists the shortcuts, and a keyboard-only run goes from
 * a new session to an approved tool call. Needs `node scripts/start.mjs --build-only`.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { FleetServer } from "../scripts/fleet/index.js";
import { createSession, isSettled, pendingPermissions, promptAsync, storedMessages } from "./support/rest.js";
import { waitFor } from "./support/wait.js";
import { browserSuite } from "./support/suite.js";
import { sessionTab, waitConnected } from "./support/workspace-page.js";

const suite = browserSuite({ count: 2, wordDelayMs: 2 });
const alpha = () => suite.servers[0] as FleetServer;
const beta = () => suite.servers[1] as FleetServer;

const open = (path: string): Promise<Page> => suite.open(path);

/** The accessible name (aria-label or text) of the focused element. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el?.getAttribute("aria-label") ?? el?.textContent?.trim() ?? "";
  });
}

describe("keyboard", () => {
  it("the palette (Ctrl+K) jumps to a session on another server by its title", async () => {
    const here = await createSession(alpha(), "palette start here");
    const there = await createSession(beta(), "Quarterly zebra report");
    const page = await open(`/?session=${here.id}`);
    await page.locator(`section.sv-session[data-session-id="${here.id}"]`).waitFor();
    await page.keyboard.press("Control+k");
    const palette = page.getByRole("dialog", { name: "Command palette" });
    await palette.waitFor();
    await page.keyboard.type("zebra quarterly");
    await waitFor("the beta() session to be the first option", async () =>
      (await palette.getByRole("option").first().textContent())?.includes("Quarterly zebra report"),
    );
    await page.keyboard.press("Enter");
    await palette.waitFor({ state: "detached" });
    await page.locator(`section.sv-session[data-session-id="${there.id}"]`).waitFor();
    // The tab belongs to beta(), the server that owns it.
    expect(await sessionTab(page, there.id).getAttribute("data-instance-id")).toBe(suite.ids[1]);
    expect(await sessionTab(page, there.id).getAttribute("aria-selected")).toBe("true");
  });

  it("the palette runs an action on the open session (rename), and Escape closes it", async () => {
    const s = await createSession(alpha(), "palette rename");
    const page = await open(`/?session=${s.id}`);
    await page.locator(`section.sv-session[data-session-id="${s.id}"]`).waitFor();
    await page.keyboard.press("Control+k");
    await page.keyboard.type("rename");
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Rename session" });
    await dialog.waitFor();
    await page.keyboard.type("renamed by keyboard");
    await page.keyboard.press("Enter");
    await waitFor("the server's title", async () => {
      const stored = await fetch(`${alpha().url}/session/${s.id}`).then((r) => r.json() as Promise<{ title: string }>);
      return stored.title === "renamed by keyboard";
    });
    await page.keyboard.press("Control+k");
    await page.getByRole("dialog", { name: "Command palette" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("dialog", { name: "Command palette" }).waitFor({ state: "detached" });
  });

  it("? lists every shortcut (outside text fields only)", async () => {
    const page = await open("/");
    await page
      .locator("body")
      .click({ position: { x: 5, y: 300 } })
      .catch(() => undefined);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("?");
    const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await help.waitFor();
    const text = await help.textContent();
    for (const words of ["Command palette", "New session", "Next session tab", "Reopen the last closed tab", "Focus the message box", "Needs you"]) {
      expect(text).toContain(words);
    }
    await page.keyboard.press("Escape");
    await help.waitFor({ state: "detached" });
  });

  it("keyboard only: new session → prompt → approve the tool call → focus back in the composer", async () => {
    const before = new Set((await fetch(`${alpha().url}/session`).then((r) => r.json() as Promise<Array<{ id: string }>>)).map((x) => x.id));
    const page = await open(`/instance/${encodeURIComponent(suite.ids[0] ?? "")}`);
    await page.keyboard.press("Control+Alt+n");
    const box = page.getByRole("textbox", { name: "Message" });
    await waitFor(
      "the new session's composer to have focus",
      async () => (await focusedName(page)) === "Message" || (await box.evaluate((el) => el === document.activeElement).catch(() => false)),
      15_000,
    );
    await page.keyboard.type("[[bash:echo keyboard-approved]] please run it");
    await waitFor("Send to be enabled", () => page.getByRole("button", { name: "Send", exact: true }).isEnabled(), 15_000);
    await page.keyboard.press("Enter");
    // The new session is created on the server with its first prompt (the lazy New session).
    const sessionId = await waitFor(
      "the new session's id",
      async () => {
        const id = await page.locator("section.sv-session").getAttribute("data-session-id");
        return id?.startsWith("ses_") && !before.has(id) ? id : undefined;
      },
      15_000,
    );
    const prompt = page.locator(`section.sv-session[data-session-id="${sessionId}"] [data-permission-id]`);
    await prompt.waitFor({ timeout: 30_000 });
    expect((await pendingPermissions(alpha())).some((p) => p.sessionID === sessionId)).toBe(true);

    // Ctrl+Alt+A goes to the waiting permission; its first button is "Allow once".
    await page.keyboard.press("Control+Alt+a");
    expect(await focusedName(page)).toBe("Allow once");
    await page.keyboard.press("Enter");
    await prompt.waitFor({ state: "detached", timeout: 15_000 });
    await waitFor(
      "focus back in the composer",
      async () => (await focusedName(page)) === "Message" || (await box.evaluate((el) => el === document.activeElement)),
      5_000,
    );

    await waitFor("the approved tool to finish", () => isSettled(alpha(), sessionId), 30_000);
    const messages = await storedMessages(alpha(), sessionId);
    const bash = messages.flatMap((m) => m.parts).find((p) => p.type === "tool" && p.tool === "bash");
    expect(bash && bash.type === "tool" ? bash.state.status : null).toBe("completed");
    expect(bash && bash.type === "tool" && bash.state.status === "completed" ? bash.state.output : "").toContain("keyboard-approved");
    expect((await pendingPermissions(alpha())).some((p) => p.sessionID === sessionId)).toBe(false);
  });

  it("Ctrl+Alt+I opens the Needs you inbox, which lists a waiting permission", async () => {
    const s = await createSession(beta(), "inbox by keyboard");
    await promptAsync(beta(), s.id, "[[bash:echo inbox]] run");
    await waitFor("beta's pending permission", async () => (await pendingPermissions(beta())).some((p) => p.sessionID === s.id), 30_000);
    const page = await open("/");
    await page.keyboard.press("Control+Alt+i");
    const inbox = page.getByRole("region", { name: "Needs you" });
    await inbox.waitFor({ timeout: 10_000 });
    await inbox.locator(`[data-session-id="${s.id}"][data-attention-kind="permission"]`).first().waitFor({ timeout: 15_000 });
  });

  it("next/previous tab and reopen a closed tab, without taking the browser's keys", async () => {
    const a = await createSession(alpha(), "kb tab a");
    const b = await createSession(beta(), "kb tab b");
    const page = await open(`/?session=${a.id}`);
    await page.locator(`section.sv-session[data-session-id="${a.id}"]`).waitFor();
    await page.goto(`${suite.hub.url}/?session=${b.id}`);
    await waitConnected(page, suite.ids);
    await page.locator(`section.sv-session[data-session-id="${b.id}"]`).waitFor();
    const active = () => page.locator("section.sv-session").getAttribute("data-session-id");
    await page.keyboard.press("Control+Alt+BracketLeft");
    await waitFor("the previous tab", async () => (await active()) === a.id);
    await page.keyboard.press("Control+Alt+BracketRight");
    await waitFor("the next tab", async () => (await active()) === b.id);
    await page.keyboard.press("Control+Alt+w");
    await sessionTab(page, b.id).waitFor({ state: "detached" });
    await page.keyboard.press("Control+Alt+Shift+T");
    await sessionTab(page, b.id).waitFor();
    // Ctrl+T, Ctrl+W and Ctrl+1 are left to the browser: the page never cancels them.
    const prevented = await page.evaluate(() =>
      ["t", "w", "1"].map((key) => {
        const event = new KeyboardEvent("keydown", {
          key,
          code: key === "1" ? "Digit1" : `Key${key.toUpperCase()}`,
          ctrlKey: true,
          bubbles: true,
          cancelable: true,
        });
        document.body.dispatchEvent(event);
        return event.defaultPrevented;
      }),
    );
    expect(prevented).toEqual([false, false, false]);
  });

  it("the theme switch (light, dark, system) is remembered across a reload", async () => {
    const page = await open("/");
    const theme = page.getByRole("radiogroup", { name: "Theme" });
    await theme.getByRole("radio", { name: "Dark" }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    const darkBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.reload();
    await waitConnected(page, suite.ids);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    expect(await theme.getByRole("radio", { name: "Dark" }).getAttribute("aria-checked")).toBe("true");
    await theme.getByRole("radio", { name: "Light" }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("light");
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(darkBg);
  });
});
