/**
 * Issue 02 "Live instances in the browser", end to end: a fleet of real `opencode serve`
 * processes (mock model), the built hub, and Debian's Chromium showing the built UI.
 * One fleet, hub and browser for the whole file; the tests run in order and build on each other.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opencodeBin, tuiAvailable, type FleetServer } from "../scripts/fleet/index.js";
import { TmuxHost } from "../scripts/fleet/tmux.js";
import { startCutProxy, type CutProxy } from "./support/cut-proxy.js";
import {
  connectionLog,
  connectionOf,
  hubDocument,
  openLoggedPage,
  instancesByPort,
  pageNow,
  renderedTimeline,
  scanTimeline,
  sessionRowIds,
  tabSelector,
  waitForConnections,
  type RenderedMessage,
  type TimelineScan,
} from "./support/live-page.js";
import { createSession, isSettled, promptAsync, storedMessages, storedText, type RestTarget } from "./support/rest.js";
import { browserSuite } from "./support/suite.js";
import { waitFor } from "./support/wait.js";

let page: Page;
/** Sessions created before the page loaded, per server name; the first has a finished reply. */
const before = new Map<string, string[]>();

const server = (name: string): FleetServer => {
  const s = suite.fleet.servers.find((x) => x.name === name);
  if (!s) throw new Error(`no fleet server ${name}`);
  return s;
};

/** The hub's current instance id for a fleet server (a restarted process gets a new id). */
async function idOf(s: FleetServer): Promise<string> {
  const found = await instancesByPort(suite.hub.url, [{ port: s.port, pid: s.pid }]);
  const hit = found.get(s.port);
  if (!hit) throw new Error(`hub does not list ${s.name}`);
  return hit.id;
}

/** Waits until the page's timeline shows exactly the server's stored messages: each id once, same text. */
async function expectTimelineEqualsServer(p: Page, target: RestTarget, sessionId: string, timeoutMs = 10_000): Promise<void> {
  let scan: TimelineScan = { messages: [], duplicates: [] };
  let expected: RenderedMessage[] = [];
  try {
    await waitFor(
      `the timeline of ${sessionId} to equal the server's messages`,
      async () => {
        expected = (await storedMessages(target, sessionId)).map((m) => ({ id: m.info.id, role: m.info.role, text: storedText(m) }));
        scan = await scanTimeline(p);
        return scan.duplicates.length === 0 && JSON.stringify(scan.messages) === JSON.stringify(expected);
      },
      timeoutMs,
    );
  } catch (err) {
    // Show the difference rather than only "timed out".
    expect(scan.duplicates).toEqual([]);
    expect(scan.messages).toEqual(expected);
    throw err;
  }
}

/** Opens a session by clicking its row in the session list, and waits for its timeline. */
async function openByRow(p: Page, target: RestTarget, sessionId: string): Promise<void> {
  await p.click(`[aria-label="Session list"] [data-session-id="${sessionId}"]`);
  await p.waitForSelector(`section[aria-label="Session"][data-session-id="${sessionId}"]`);
  await expectTimelineEqualsServer(p, target, sessionId);
}

const suite = browserSuite(
  { count: 3, wordDelayMs: 5 },
  {
    // History that exists before the browser looks: two sessions per server, the first answered.
    more: async (fleet) => {
      await Promise.all(
        fleet.servers.map(async (s) => {
          const answered = await createSession(s, `${s.name} answered`);
          const empty = await createSession(s, `${s.name} empty`);
          await promptAsync(s, answered.id, `Hello from ${s.name}`);
          await waitFor(`${s.name}'s first reply`, () => isSettled(s, answered.id), 60_000, 200);
          before.set(s.name, [answered.id, empty.id]);
        }),
      );
    },
    hubLast: true,
    // The password test needs the hub to NOT pick passwords out of the servers' environment.
    hub: { env: { ...process.env, SWITCHBOARD_READ_PROCESS_ENV: "0" } },
  },
);
beforeAll(async () => {
  ({ page } = await openLoggedPage(suite.browser, "page", { viewport: { width: 1400, height: 900 } }));
  await page.goto(suite.hub.url);
});

afterAll(() => {
  // The suite stops the fleet next: servers a test left stopped must be able to exit.
  for (const s of suite.fleet?.servers ?? []) {
    try {
      process.kill(s.pid, "SIGCONT");
    } catch {
      // already gone
    }
  }
});

describe("live instances in the browser", () => {
  it("shows every fleet server as a connected instance tab, with its sessions listed once", async () => {
    const ids = [...(await instancesByPort(suite.hub.url, suite.fleet.servers)).values()].map((i) => i.id);
    await waitForConnections(page, ids, ["connected"], 15_000);
    const all = [...before.values()].flat();
    await waitFor("every earlier session in the list", async () => {
      const rows = await sessionRowIds(page);
      return all.every((id) => rows.includes(id));
    });
    const rows = await sessionRowIds(page);
    expect(rows.length).toBe(new Set(rows).size);
  });

  it("turns a kill -9'd server's tab offline/reconnecting within 3 s while the others stay connected", async () => {
    const beta = server("beta");
    const [answered] = before.get("beta") ?? [];
    if (!answered) throw new Error("beta has no answered session");
    // Select beta's tab and open its answered session: after the restart both must still be there.
    const betaId = await idOf(beta);
    await page.click(tabSelector(betaId));
    await openByRow(page, beta, answered);

    const others = await Promise.all(suite.fleet.servers.filter((s) => s !== beta).map(idOf));
    const since = await pageNow(page);
    await beta.kill("SIGKILL");
    const killedAt = Date.now();
    await waitFor(
      "beta's tab to leave connected",
      async () => ["offline", "reconnecting"].includes((await connectionOf(page, betaId)) ?? ""),
      3_000,
      50,
    );
    expect(Date.now() - killedAt).toBeLessThan(3_000);
    // The hub drops the exited process within a scan or two: the tab then says offline.
    await waitFor("beta's tab to be offline", async () => (await connectionOf(page, betaId)) === "offline", 5_000);
    expect(await connectionLog(page, since, others)).toEqual([]);
    for (const id of others) expect(await connectionOf(page, id)).toBe("connected");
  });

  it("reconnects a server restarted on its port and directory, with its sessions and messages intact and not doubled", async () => {
    const old = server("beta");
    const oldId = (await hubDocument(suite.hub.url)).instances.find((i) => i.port === old.port)?.id;
    const others = await Promise.all(suite.fleet.servers.filter((s) => s !== old).map(idOf));
    const since = await pageNow(page);
    const beta = await suite.fleet.restart(old);
    const betaId = await idOf(beta);
    await waitForConnections(page, [betaId], ["connected"], 15_000);
    // The new process takes its predecessor's tab: one tab for beta, not two, and still selected
    // (the URL names the exited process).
    await waitFor("the exited beta's tab to go", async () => oldId === undefined || (await connectionOf(page, oldId)) === null, 5_000);
    expect(await page.getAttribute(tabSelector(betaId), "aria-selected")).toBe("true");

    const [answered, empty] = before.get("beta") ?? [];
    const rows = await sessionRowIds(page);
    expect(rows.filter((id) => id === answered)).toHaveLength(1);
    expect(rows.filter((id) => id === empty)).toHaveLength(1);
    expect(rows.length).toBe(new Set(rows).size);
    // The open session was reloaded from the new process: every message once, text as stored.
    if (!answered) throw new Error("beta has no answered session");
    await expectTimelineEqualsServer(page, beta, answered);
    expect((await renderedTimeline(page)).length).toBeGreaterThanOrEqual(2);
    expect(await connectionLog(page, since, others)).toEqual([]);
  });

  describe("a browser whose connection to one server is cut", () => {
    let proxy: CutProxy;
    let cutContext: BrowserContext;
    let cutPage: Page;
    let gamma: FleetServer;
    let gammaId: string;
    let sessionId: string;

    beforeAll(async () => {
      gamma = server("gamma");
      gammaId = await idOf(gamma);
      sessionId = (await createSession(gamma, "gamma streams while cut")).id;
      await promptAsync(gamma, sessionId, "Warm up");
      await waitFor("gamma's warm-up reply", () => isSettled(gamma, sessionId), 60_000, 200);
      proxy = await startCutProxy();
      // A second page whose traffic (loopback included) goes through the proxy.
      ({ context: cutContext, page: cutPage } = await openLoggedPage(suite.browser, "cut page", {
        viewport: { width: 1400, height: 900 },
        proxy: { server: proxy.url },
      }));
      await cutPage.goto(`${suite.hub.url}/?session=${sessionId}`);
      await waitForConnections(cutPage, [gammaId], ["connected"], 15_000);
      // Opened from the URL at page load (a deep link), and fully loaded before anything is cut.
      await cutPage.waitForSelector(`section[aria-label="Session"][data-session-id="${sessionId}"]`);
      await expectTimelineEqualsServer(cutPage, gamma, sessionId);
    });

    afterAll(async () => {
      await cutContext?.close();
      await proxy?.close();
    });

    /**
     * Sends `text` and waits until the first words of its reply are on the cut page (a new message:
     * the previous test's finished reply is the last one until this prompt's rows render).
     */
    async function promptUntilPartShown(text: string): Promise<void> {
      const before = (await renderedTimeline(cutPage)).at(-1)?.id;
      await promptAsync(gamma, sessionId, text);
      await waitFor(
        "part of the reply in the page",
        async () => {
          const last = (await renderedTimeline(cutPage)).at(-1);
          return last?.role === "assistant" && last.id !== before && last.text.split(" ").length >= 5;
        },
        15_000,
        50,
      );
    }

    /** Cuts gamma off, proves the page noticed, runs `during`, waits for the server to finish, restores. */
    async function throughACut(during: () => Promise<void>): Promise<void> {
      proxy.cut(gamma.port);
      await waitFor("the page to notice the cut", async () => (await connectionOf(cutPage, gammaId)) !== "connected", 5_000, 50);
      expect(proxy.openRequests(gamma.port)).toBe(0);
      await during();
      await waitFor("gamma to finish the reply", () => isSettled(gamma, sessionId), 30_000, 200);
      // Nothing of the finished reply can have reached the page while it was cut off.
      const stored = await storedMessages(gamma, sessionId);
      const last = stored.at(-1);
      const shown = (await renderedTimeline(cutPage)).find((m) => m.id === last?.info.id);
      expect(shown?.text ?? "").not.toBe(last ? storedText(last) : "never");
      proxy.restore(gamma.port);
      // What the browser does when the network comes back.
      await cutPage.evaluate(() => window.dispatchEvent(new Event("online")));
      await waitForConnections(cutPage, [gammaId], ["connected"], 5_000);
    }

    it("shows a prompt that streamed entirely while disconnected completely, once, after the reconnect", async () => {
      await throughACut(() => promptAsync(gamma, sessionId, "Tell me about the weather [[slow:30]]"));
      await expectTimelineEqualsServer(cutPage, gamma, sessionId);
      const rendered = await renderedTimeline(cutPage);
      expect(rendered.filter((m) => m.role === "assistant")).toHaveLength(2);
      expect(rendered.at(-1)?.text).toMatch(/^Mock reply to: Tell me about the weather\. .*Nothing here came from a real model\.$/);
    });

    it("completes a reply that was half streamed when the connection was cut, without doubling the half", async () => {
      // Let part of the reply reach the page first.
      await promptUntilPartShown("Count slowly for me [[slow:40]] [[long:120]]");
      await throughACut(async () => {});
      await expectTimelineEqualsServer(cutPage, gamma, sessionId);
      expect((await renderedTimeline(cutPage)).at(-1)?.text.split(" ")).toHaveLength(120);
      // The page saw it busy before the cut and missed the idle: the resync must not leave it busy.
      const row = `[aria-label="Session list"] [data-session-id="${sessionId}"]`;
      await waitFor("the session row to be idle", async () => (await cutPage.getAttribute(row, "data-session-status")) === "idle", 5_000);
    });

    it("shows a reply exactly once when the connection comes back while it is still streaming", async () => {
      await promptUntilPartShown("Keep talking [[slow:60]] [[long:150]]");
      proxy.cut(gamma.port);
      await waitFor("the page to notice the cut", async () => (await connectionOf(cutPage, gammaId)) !== "connected", 5_000, 50);
      expect(await isSettled(gamma, sessionId)).toBe(false);
      proxy.restore(gamma.port);
      await cutPage.evaluate(() => window.dispatchEvent(new Event("online")));
      await waitForConnections(cutPage, [gammaId], ["connected"], 5_000);
      // What the page shows while the rest streams: never a fragment, never text with a hole.
      const shown: string[] = [];
      const deadline = Date.now() + 30_000;
      while (!(await isSettled(gamma, sessionId)) && Date.now() < deadline) {
        const last = (await renderedTimeline(cutPage)).at(-1);
        if (last?.role === "assistant") shown.push(last.text);
      }
      await expectTimelineEqualsServer(cutPage, gamma, sessionId);
      const final = (await renderedTimeline(cutPage)).at(-1)?.text ?? "";
      expect(final.split(" ")).toHaveLength(150);
      expect(shown.length).toBeGreaterThan(0);
      for (const text of shown) expect(final.startsWith(text), `shown mid-stream: ${JSON.stringify(text.slice(0, 80))}`).toBe(true);
    });
  });

  describe("a password server", () => {
    let locked: FleetServer;
    let lockedId: string;

    beforeAll(async () => {
      locked = await suite.fleet.startServer({ name: "vault", password: "open-sesame" });
      lockedId = await idOf(locked);
    });

    it("shows auth-required, refuses a wrong password in words, and connects with the right one", async () => {
      await waitForConnections(page, [lockedId], ["auth-required"], 10_000);
      await page.click(tabSelector(lockedId));
      const form = page.getByRole("dialog", { name: /^Unlock / });
      await form.getByLabel("Password").fill("not-the-password");
      await form.getByRole("button", { name: "Unlock" }).click();
      const alert = form.getByRole("alert");
      await alert.waitFor({ timeout: 10_000 });
      const words = (await alert.textContent()) ?? "";
      expect(words).toMatch(/password|credentials/i);
      expect(words).not.toMatch(/^\s*(error|undefined|null|\d+)\s*$/i);
      expect(await connectionOf(page, lockedId)).toBe("auth-required");

      await form.getByLabel("Password").fill("open-sesame");
      await form.getByRole("button", { name: "Unlock" }).click();
      await waitForConnections(page, [lockedId], ["connected"], 10_000);
      await form.waitFor({ state: "detached", timeout: 5_000 });
    });
  });

  it("shows a stalled server as stalled/reconnecting within the watchdog window and connected again once it resumes", async () => {
    const alpha = server("alpha");
    const alphaId = await idOf(alpha);
    const others = await Promise.all(suite.fleet.servers.filter((s) => s !== alpha && s.name !== "vault").map(idOf));
    const since = await pageNow(page);
    process.kill(alpha.pid, "SIGSTOP");
    try {
      // Heartbeats come every 10 s and the watchdog fires after 25 s of silence.
      await waitFor(
        "alpha's tab to notice the silence",
        async () => ["stalled", "reconnecting"].includes((await connectionOf(page, alphaId)) ?? ""),
        40_000,
        200,
      );
      const log = await connectionLog(page, since, [alphaId]);
      expect(log.map((c) => c.state)).toContain("stalled");
    } finally {
      process.kill(alpha.pid, "SIGCONT");
    }
    await waitForConnections(page, [alphaId], ["connected"], 15_000);
    expect(await connectionLog(page, since, others)).toEqual([]);
  });

  it("lists a TUI started without --port as unreachable, with the hub's hint", async () => {
    if (!tuiAvailable()) throw new Error("this test needs tmux to host the TUI (.ci/run installs it)");
    const directory = join(suite.fleet.root, "portless");
    mkdirSync(directory, { recursive: true });
    const tmux = new TmuxHost(join(suite.fleet.root, "portless.tmux"), suite.fleet.env());
    const bin = opencodeBin();
    let pid = -1;
    try {
      pid = tmux.start("portless", directory, [bin, directory], { TERM: "xterm-256color" }, bin);
      const entry = await waitFor(
        "the hub to report the portless TUI",
        async () => (await hubDocument(suite.hub.url)).unreachable.find((u) => u.pid === pid),
        15_000,
      );
      expect(entry.reason).toBe("no-listening-port");
      const notice = page.locator('details[aria-label="Unreachable"]');
      await notice.waitFor({ timeout: 10_000 });
      await notice.locator("summary").click();
      const item = notice.locator("li", { hasText: `pid ${pid} ` });
      await item.waitFor({ timeout: 5_000 });
      expect((await item.textContent()) ?? "").toContain(entry.hint.replaceAll("`", ""));
    } finally {
      tmux.killServer();
      if (pid > 0) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // gone with its tmux server
        }
      }
    }
  });
});
