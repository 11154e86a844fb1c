/**
 * OpenCode 2's terminal kinds in Chromium, with no set-up: the HOME's background service (its
 * password in service.json, written after the hub is already scanning), a default TUI attached to
 * it (in tmux; no port of its own) and a standalone TUI (`opencode --standalone`, whose private
 * `serve --stdio --port 0` child has its password in its environment). Each is listed and connected;
 * a session of either streams; where a terminal shows the session, words say why 2.1.2 has no
 * "Show in terminal". Needs tmux and `node scripts/start.mjs --build-only`.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { tuiAvailable, type FleetServer, type V2FleetServer } from "../scripts/fleet/index.js";
import { createSession, isSettled, lastAssistantText, listMessages } from "../scripts/fleet/client.js";
import { hubDocument } from "./support/live-page.js";
import { waitFor } from "./support/wait.js";
import { browserSuite } from "./support/suite.js";
import { flat, instanceTab, sendFromComposer, timelineMessages } from "./support/workspace-page.js";

if (!tuiAvailable()) throw new Error("this file needs tmux to host the TUIs (.ci/run installs it)");

// The hub starts with the fleet, so it is scanning before the service has written its service.json.
const suite = browserSuite(
  { count: 0, wordDelayMs: 2 },
  {
    more: async (fleet) => {
      await fleet.startServer({ generation: 2, kind: "service", name: "service" });
      await fleet.startServer({ generation: 2, kind: "tui", name: "attached" });
      await fleet.startServer({ generation: 2, kind: "standalone", name: "standalone" });
    },
    idTimeoutMs: 90_000,
  },
);
const byName = (name: string) => suite.servers.find((s) => s.name === name) as V2FleetServer;

/** The words that replace "Show in terminal" for a 2.x owner. */
const NO_TUI_ROUTE = /has no route to switch its terminal to a session/;

/** Sends from the page and waits for the reply to be stored and shown. */
async function promptAndSee(page: Page, server: FleetServer & { generation: 2 }, sessionId: string, text: string): Promise<void> {
  await sendFromComposer(page, text);
  await waitFor(
    "the turn to end on the server",
    async () => (await isSettled(server, sessionId)) && (await listMessages(server, sessionId)).length > 1,
    60_000,
  );
  const stored = flat(lastAssistantText(await listMessages(server, sessionId)));
  expect(stored).toContain(`Mock reply to: ${text}`);
  await waitFor("the reply on the page", async () => flat(await timelineMessages(page, "assistant").last().innerText()).includes(stored), 20_000);
}

describe("OpenCode 2 TUIs and the service", () => {
  it("lists the service with its attached TUI and the standalone TUI's server, each found unaided and connected", async () => {
    const [service, attached, standalone] = [byName("service"), byName("attached"), byName("standalone")];
    const doc = await hubDocument(suite.hub.url);
    const svc = doc.instances.find((i) => i.port === service.port);
    expect(svc).toMatchObject({ protocol: "v2", kind: "service", status: "ready", version: "2.1.2" });
    expect(svc?.attachedTuis).toContainEqual({ pid: attached.pid, directory: attached.directory });
    const alone = doc.instances.find((i) => i.port === standalone.port);
    expect(alone).toMatchObject({ protocol: "v2", kind: "tui", status: "ready", directory: standalone.directory });
    // A default 2.x TUI is a client of the service: never "unreachable, restart with --port 0".
    expect(doc.unreachable.map((u) => u.pid)).not.toContain(attached.pid);

    const page = await suite.open("/");
    expect(await instanceTab(page, suite.idOf(service)).getAttribute("aria-label")).toMatch(/service 2\.1\.2/);
    expect(await instanceTab(page, suite.idOf(standalone)).getAttribute("data-connection")).toBe("connected");
  });

  it("a session of the standalone TUI streams on the page, which says why there is no Show in terminal", async () => {
    const standalone = byName("standalone");
    const s = await createSession(standalone, { title: "in the standalone TUI" });
    const page = await suite.openSession(s.id);
    await page.getByText(NO_TUI_ROUTE).first().waitFor({ timeout: 15_000 });
    expect(await page.getByRole("button", { name: "Show in terminal" }).count()).toBe(0);
    await promptAndSee(page, standalone, s.id, "hello standalone");
  });

  it("a session the service owns in the attached TUI's folder streams on the page, with the same words", async () => {
    const [service, attached] = [byName("service"), byName("attached")];
    const s = await createSession(service, { title: "served for the TUI", directory: attached.directory });
    const page = await suite.openSession(s.id);
    // Owned by this HOME's service, never by another user's service on the same machine (it does not list the session).
    const tab = page.getByRole("tablist", { name: "Sessions" }).locator(`[role="tab"][data-session-id="${s.id}"]`);
    await waitFor("the service to own the session", async () => (await tab.getAttribute("data-instance-id")) === suite.idOf(service), 20_000);
    await page.getByText(NO_TUI_ROUTE).first().waitFor({ timeout: 15_000 });
    expect(await page.getByRole("button", { name: "Show in terminal" }).count()).toBe(0);
    await promptAndSee(page, service, s.id, "hello service");
  });
});
