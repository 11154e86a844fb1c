/** The terminal panel as the browser tests drive it: open it, type into it, read its text, and the server's PTYs. */
import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { api } from "../../scripts/fleet/client.js";
import type { FleetServer } from "../../scripts/fleet/index.js";
import { waitFor } from "./wait.js";

/** The server's running PTY ids (1.x `/pty`, 2.x `/api/pty` in the server's folder). */
export async function serverPtys(server: FleetServer): Promise<string[]> {
  const list =
    server.generation === 2
      ? (await api<{ data: Array<{ id: string }> }>(server, "/api/pty", { headers: { "x-opencode-directory": server.directory } })).data
      : await api<Array<{ id: string }>>(server, `/pty?directory=${encodeURIComponent(server.directory)}`);
  return list.map((p) => p.id);
}

export const terminalRegion = (page: Page) => page.getByRole("region", { name: "Terminal" });
/** The front terminal's text as xterm's DOM renderer shows it. */
export const terminalText = async (page: Page) =>
  (await terminalRegion(page).locator(".xterm-rows").allInnerTexts()).join("\n").replace(/\u00a0/g, " ");

/** Opens the session's page and its terminal (button or shortcut); returns the attached PTY id. */
export async function openTerminal(page: Page, sessionId: string, how: "button" | "shortcut"): Promise<string> {
  await page.locator(`section.sv-session[data-session-id="${sessionId}"]`).waitFor({ timeout: 30_000 });
  // The button (and its shortcut) come with the session's header once an instance listed the session.
  // (Through the relay on a loaded machine this took over 30 s once.)
  await page.getByRole("button", { name: "Terminal", exact: true }).waitFor({ timeout: 60_000 });
  if (how === "button") await page.getByRole("button", { name: "Terminal", exact: true }).click();
  else await page.keyboard.press("Control+Backquote");
  await terminalRegion(page).waitFor();
  const view = terminalRegion(page).locator('.tm-view[data-connection="open"]:not([hidden])');
  // A 1.x server boots its project instance on the first /pty call (measured: up to 7 s on a busy machine).
  await view.waitFor({ timeout: 60_000 }).catch(async (err: unknown) => {
    throw new Error(`${String(err)}\nthe panel says: ${await terminalRegion(page).innerText()}`);
  });
  // The shell's prompt arrived.
  await waitFor("the shell prompt", async () => /[#$] *$/m.test(await terminalText(page)), 60_000);
  return (await view.getAttribute("data-pty-id")) as string;
}

/**
 * Runs `echo <tag>-<random>""=<expr>` in the front terminal and resolves what the shell printed for
 * `expr`: the output reads `<tag>-<random>=…` while the typed line has `""` before the `=`, so the
 * echo of the typing itself never matches.
 */
export async function runInTerminal(page: Page, tag: string, expr: string): Promise<{ value: string; printed: string }> {
  const marker = `${tag}-${randomUUID().slice(0, 8)}`;
  await terminalRegion(page).locator(".xterm").click();
  await page.keyboard.type(`echo ${marker}""=${expr}`);
  await page.keyboard.press("Enter");
  const printed = new RegExp(`${marker}=(\\S+)`);
  const value = await waitFor(`"${marker}=" in the terminal`, async () => printed.exec(await terminalText(page))?.[1], 60_000);
  return { value, printed: `${marker}=${value}` };
}
