/**
 * Issue 7, UI side, in a real browser: honest status after the owner dies, ownership at a glance,
 * lazy new sessions. Real `opencode serve` processes (and a TUI in tmux when available) with the
 * mock model, the built hub, Debian's Chromium. The hub lists every OpenCode on the machine, so
 * everything here is selected by this fleet's ports and directories.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { tuiAvailable, type FleetServer } from "../scripts/fleet/index.js";
import { createSession, rest } from "./support/rest.js";
import { browserSuite } from "./support/suite.js";
import { waitFor } from "./support/wait.js";
import { hubInstanceId, instanceTab, sendFromComposer, sessionRows, sessionTab, waitConnected } from "./support/workspace-page.js";

const suite = browserSuite(
  { count: 2, wordDelayMs: 10 },
  {
    // A TUI too when tmux is there: its tab shows its kind like the serves'.
    more: async (fleet) => {
      if (tuiAvailable()) await fleet.startServer({ kind: "tui", name: "tui" });
    },
    idTimeoutMs: 30_000,
  },
);
let alpha: FleetServer;
let beta: FleetServer;

beforeAll(() => {
  [alpha, beta] = suite.servers as [FleetServer, FleetServer];
});

const idOf = (server: FleetServer): string => suite.idOf(server);
const open = (path = "/"): Promise<Page> => suite.open(path);

describe("ownership at a glance", () => {
  it("each instance tab shows its kind (badge and data-kind) and version; a session tab carries its owner's id", async () => {
    const s = await createSession(beta, "trust kinds");
    const page = await open(`/?session=${s.id}`);
    for (const server of suite.servers) {
      const tab = instanceTab(page, idOf(server));
      expect(await tab.getAttribute("data-kind")).toBe(server.kind);
      const badge = tab.locator(".kind-badge");
      expect(await badge.isVisible()).toBe(true);
      expect((await badge.innerText()).replace(/\s+/g, " ")).toBe(`${server.kind === "tui" ? "TUI" : "serve"} ${server.version}`);
    }
    // Selecting an instance tab shows that instance, not the open session of another server.
    await instanceTab(page, idOf(alpha)).click();
    const overview = page.getByRole("region", { name: "Instance overview" });
    await overview.waitFor();
    const facts = await overview.innerText();
    for (const fact of [alpha.directory, String(alpha.port), String(alpha.pid), alpha.version, "opencode serve", "Uptime"])
      expect(facts).toContain(fact);
    expect(await page.locator("section.sv-session").count()).toBe(0);
    await instanceTab(page, "all").click();

    const tab = sessionTab(page, s.id);
    await waitFor("the session tab to name its owner", async () => (await tab.getAttribute("data-instance-id")) === idOf(beta));
    expect(await tab.locator(".tab-owner").innerText()).toBe(await instanceTab(page, idOf(beta)).locator(".tab-name").innerText());
    // The owner's colour is the instance tab's colour.
    const hueOf = (el: Element) => getComputedStyle(el).getPropertyValue("--instance-hue").trim();
    expect(await tab.evaluate(hueOf)).toBe(await instanceTab(page, idOf(beta)).evaluate(hueOf));
  });
});

describe("lazy new session", () => {
  it("creates nothing on the server until it is sent; then the tab switches to the real session on that instance", async () => {
    const listed = async () => (await rest<Array<{ id: string }>>(beta, `/session?directory=${encodeURIComponent(beta.directory)}`)).map((s) => s.id);
    const before = await listed();
    const page = await open();
    const plus = page.locator(`nav[aria-label="Session list"] button[aria-label="New session"][data-new-session-for="${idOf(beta)}"]`);
    await plus.click();
    const pane = page.getByRole("region", { name: "New session" });
    await pane.waitFor();
    expect(await pane.getAttribute("data-new-session-for")).toBe(idOf(beta));
    await page.getByRole("textbox", { name: "Message" }).fill("trust lazy first prompt");
    // Changing one's mind (another instance's overview, then + again): still nothing on the server.
    await instanceTab(page, idOf(alpha)).click();
    await page.getByRole("region", { name: "Instance overview" }).waitFor();
    await instanceTab(page, "all").click();
    await plus.click();
    await pane.waitFor();
    expect(await listed()).toEqual(before);
    expect(await page.getByRole("tablist", { name: "Sessions" }).count()).toBe(0);

    await sendFromComposer(page, "trust lazy first prompt");
    const tab = page.getByRole("tablist", { name: "Sessions" }).locator('[role="tab"][aria-selected="true"]');
    const sessionId = await waitFor(
      "the real session's tab",
      () => tab.getAttribute("data-session-id", { timeout: 1_000 }).catch(() => null),
      15_000,
    );
    const after = await listed();
    expect(after.filter((id) => !before.includes(id))).toEqual([sessionId]);
    expect(await tab.getAttribute("data-instance-id")).toBe(idOf(beta));
    await page.locator(`.sv-timeline [data-role="assistant"]`).first().waitFor({ timeout: 20_000 });
    expect(await page.locator(`.sv-timeline [data-role="user"]`).count()).toBe(1);
  });
});

describe("honest status", () => {
  it("kill -9 of the owner mid-reply: unknown within 3 s, no Stop, no streaming marker; a reload says which OpenCode to start; a restart brings the truth back", async () => {
    const s = await createSession(alpha, "trust kill");
    const page = await open(`/?session=${s.id}`);
    await sendFromComposer(page, "[[slow:150]][[long:400]] keep talking");
    const row = sessionRows(page, s.id);
    await waitFor(
      "the session busy with Stop shown",
      async () =>
        (await row.getAttribute("data-session-status")) === "busy" &&
        (await page.getByRole("button", { name: "Stop", exact: true }).isVisible()) &&
        (await page.locator(".sv-live").count()) > 0,
      30_000,
    );

    await alpha.kill("SIGKILL");
    await waitFor("the row to say unknown", async () => (await row.getAttribute("data-session-status")) === "unknown", 3_000, 50);
    expect(await sessionTab(page, s.id).getAttribute("data-session-status")).toBe("unknown");
    expect(await page.getByRole("button", { name: "Stop", exact: true }).count()).toBe(0);
    expect(await page.locator(".sv-live").count()).toBe(0);
    expect(await page.locator(".sv-status").getAttribute("data-status")).toBe("unknown");
    // Still unknown once the hub has dropped the process (nothing claims it is running).
    await waitFor("the hub to drop alpha", async () => (await instanceTab(page, idOf(alpha)).getAttribute("data-connection")) === "offline", 15_000);
    expect(await row.getAttribute("data-session-status")).toBe("unknown");
    expect(await page.getByRole("button", { name: "Stop", exact: true }).count()).toBe(0);

    // A reload with the server gone: the restored tab remembers its title and folder and says what to start.
    await page.reload();
    const command = page.locator("[data-start-command]");
    await command.waitFor({ timeout: 30_000 });
    expect(await command.innerText()).toBe(`cd ${alpha.directory} && opencode --port 0`);
    expect(await sessionTab(page, s.id).innerText()).toContain("trust kill");
    expect(await page.locator("[data-session-missing]").innerText()).toContain(alpha.directory);

    // An owner reports again: the restarted process in that directory says what is true (nothing runs it).
    const restarted = await suite.fleet.restart(alpha);
    const newId = await hubInstanceId(suite.hub, restarted.port);
    await waitConnected(page, [newId]);
    await waitFor("the row back to the server's truth (idle)", async () => (await row.getAttribute("data-session-status")) === "idle", 15_000);
    expect(await page.getByRole("button", { name: "Stop", exact: true }).count()).toBe(0);
  });
});
