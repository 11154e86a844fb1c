/**
 * The composer in Chromium against real `opencode serve` processes: drafts per session that
 * survive tab switches, list clicks and reloads, and a failed send that comes back into its own
 * session's draft with the error. Needs `node scripts/start.mjs --build-only`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startFleet, type Fleet, type FleetServer } from "../scripts/fleet/index.js";
import { launchBrowser } from "./support/browser.js";
import { startHub, type Hub } from "./support/hub.js";
import { createSession, storedMessages } from "./support/rest.js";
import { waitFor } from "./support/wait.js";
import { composer, hubInstanceId, openFromList, openWorkspace, sessionTab, waitConnected, type OpenedPage } from "./support/workspace-page.js";

let fleet: Fleet;
let hub: Hub;
let browser: Browser;
let alpha: FleetServer;
let beta: FleetServer;
let alphaId: string;
let betaId: string;
const opened: OpenedPage[] = [];

beforeAll(async () => {
  const [f, h, b] = await Promise.all([startFleet({ count: 2, wordDelayMs: 5 }), startHub(), launchBrowser()]);
  fleet = f;
  hub = h;
  browser = b;
  [alpha, beta] = fleet.servers as [FleetServer, FleetServer];
  [alphaId, betaId] = await Promise.all([hubInstanceId(hub, alpha.port), hubInstanceId(hub, beta.port)]);
});

afterEach(async () => {
  for (const o of opened.splice(0)) {
    if (o.problems.length > 0) console.warn(`browser problems:\n${o.problems.join("\n")}`);
    await o.context.close();
  }
});

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await fleet?.stop();
});

async function open(path = "/"): Promise<Page> {
  const o = await openWorkspace(browser, hub, path);
  opened.push(o);
  await waitConnected(o.page, [alphaId, betaId]);
  return o.page;
}

/** The composer of the session shown now, once that session's view is up. */
async function composerOf(page: Page, sessionId: string) {
  await page.locator(`section.sv-session[data-session-id="${sessionId}"]`).waitFor({ timeout: 15_000 });
  return composer(page);
}

describe("drafts", () => {
  it("a draft survives a tab switch, a list click and a reload", async () => {
    const a = await createSession(alpha, "draft a");
    const b = await createSession(alpha, "draft b");
    const page = await open(`/?session=${a.id}`);
    await (await composerOf(page, a.id)).fill("half-typed for A");
    await openFromList(page, b.id);
    expect(await composer(page).inputValue()).toBe("");
    await composer(page).fill("half-typed for B");

    // Tab switch.
    await sessionTab(page, a.id).click();
    expect(await (await composerOf(page, a.id)).inputValue()).toBe("half-typed for A");
    // List click.
    await openFromList(page, b.id);
    expect(await composer(page).inputValue()).toBe("half-typed for B");
    await openFromList(page, a.id);
    expect(await composer(page).inputValue()).toBe("half-typed for A");

    // Reload: both drafts are back.
    await page.reload();
    await waitConnected(page, [alphaId, betaId]);
    expect(await (await composerOf(page, a.id)).inputValue()).toBe("half-typed for A");
    await sessionTab(page, b.id).click();
    expect(await (await composerOf(page, b.id)).inputValue()).toBe("half-typed for B");

    // Nothing was sent meanwhile.
    expect(await storedMessages(alpha, a.id)).toEqual([]);
    expect(await storedMessages(alpha, b.id)).toEqual([]);
  });

  it("a send that fails after the user switched away comes back into its own session's draft, with the error", async () => {
    const victim = await createSession(beta, "draft victim");
    const other = await createSession(alpha, "draft elsewhere");
    const page = await open(`/?session=${victim.id}`);
    await openFromList(page, other.id);
    await sessionTab(page, victim.id).click();
    const box = await composerOf(page, victim.id);
    await box.fill("this prompt must not be lost");
    const send = page.getByRole("button", { name: "Send", exact: true });
    await waitFor("Send to be enabled", () => send.isEnabled(), 15_000);

    // Beta stops answering (the request hangs), the user moves on, then beta dies: a real failure.
    process.kill(beta.pid, "SIGSTOP");
    try {
      await box.press("Enter");
      await waitFor("the composer to clear on send", async () => (await box.inputValue()) === "", 5_000);
      await sessionTab(page, other.id).click();
      await (await composerOf(page, other.id)).fill("typing elsewhere");
    } finally {
      await beta.kill("SIGKILL");
    }

    const mark = sessionTab(page, victim.id).locator("[data-not-sent]");
    await mark.waitFor({ timeout: 20_000 });
    expect(await mark.getAttribute("aria-label")).toBe(`Not sent: Could not reach OpenCode at :${beta.port} — is it still running?`);
    // The other session's composer kept its own text.
    expect(await composer(page).inputValue()).toBe("typing elsewhere");

    await sessionTab(page, victim.id).click();
    expect(await (await composerOf(page, victim.id)).inputValue()).toBe("this prompt must not be lost");
    const alert = page.locator(`section.sv-session[data-session-id="${victim.id}"] .sv-composer [role="alert"]`);
    expect(await alert.innerText()).toBe(`Not sent: Could not reach OpenCode at :${beta.port} — is it still running?`);

    // The failure survives a reload too.
    await page.reload();
    await waitConnected(page, [alphaId]);
    expect(await (await composerOf(page, victim.id)).inputValue()).toBe("this prompt must not be lost");
    await sessionTab(page, victim.id).locator("[data-not-sent]").waitFor({ timeout: 10_000 });
  });
});
