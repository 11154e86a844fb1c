/**
 * The terminal panel (issue 19) in Debian's Chromium against real OpenCode 1.18.33 and 2.1.2
 * serves: a shell runs a command and shows its output, survives a reload, is closed on the server
 * when its tab is closed; in remote mode its WebSocket goes through the hub's relay.
 */
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createSession } from "../scripts/fleet/client.js";
import type { FleetServer } from "../scripts/fleet/index.js";
import { startHub } from "./support/hub.js";
import { browserSuite } from "./support/suite.js";
import { waitForConnections } from "./support/live-page.js";
import { waitFor } from "./support/wait.js";
import { openTerminal, runInTerminal, serverPtys, terminalRegion, terminalText } from "./support/terminal-page.js";

/** Where the screenshots go (looked at by hand; not compared). */
const SHOTS = process.env.SWITCHBOARD_SHOTS ?? "/tmp/switchboard-terminal-shots";

// Two generations on a loaded 2-core machine: the first scan that verifies both can take a while.
const suite = browserSuite(
  { count: 1 },
  { more: async (fleet) => void (await fleet.startServer({ generation: 2, kind: "serve" })), idTimeoutMs: 45_000 },
);

const region = terminalRegion;

/** Runs `echo hello-<random>""=$((40+2))` and resolves the line it printed (`hello-<random>=42`). */
async function runHello(page: Page): Promise<string> {
  const { value, printed } = await runInTerminal(page, "hello", "$((40+2))");
  expect(value).toBe("42");
  return printed;
}

describe("terminal panel", () => {
  for (const generation of [1, 2] as const) {
    it(`OpenCode ${generation === 1 ? "1.18.33" : "2.1.2"}: runs a command, survives a reload, and closing it ends the PTY on the server`, async () => {
      const server = suite.servers.find((s) => s.generation === generation) as FleetServer;
      const session = await createSession(server, { title: `terminal on ${generation}` });
      const page = await suite.openPage(`/?session=${session.id}`);
      const ptyId = await openTerminal(page, session.id, generation === 1 ? "button" : "shortcut");
      expect(await serverPtys(server)).toContain(ptyId);
      const hello = await runHello(page);

      // A second tab, then back to the first.
      await region(page).getByRole("button", { name: "New terminal" }).click();
      await waitFor("a second terminal", async () => (await region(page).getByRole("tab").count()) === 2);
      await region(page).getByRole("tab", { name: "Terminal 1" }).click();

      await page.reload();
      await region(page).waitFor({ timeout: 20_000 });
      await waitFor("the output replayed after the reload", async () => (await terminalText(page)).includes(hello), 20_000);
      expect(await region(page).locator(".tm-view:not([hidden])").getAttribute("data-pty-id")).toBe(ptyId);
      expect(await region(page).getByRole("tab").count()).toBe(2);

      // Closing both ends both shells on the server.
      const ids = await region(page)
        .locator(".tm-tab")
        .evaluateAll((tabs) => tabs.map((t) => t.getAttribute("data-pty-id")));
      for (const name of ["Terminal 1", "Terminal 2"])
        await region(page)
          .getByRole("button", { name: `Close ${name}` })
          .click();
      await waitFor("the server's PTYs gone", async () => (await serverPtys(server)).every((id) => !ids.includes(id)), 15_000);
      expect(ids).toHaveLength(2);
    }, 180_000);
  }

  it("screenshots (1440×900 and 390×844, light and dark)", async () => {
    mkdirSync(SHOTS, { recursive: true });
    const server = suite.servers[0] as FleetServer;
    const session = await createSession(server, { title: "terminal screenshots" });
    for (const scheme of ["light", "dark"] as const) {
      for (const [w, h] of [
        [1440, 900],
        [390, 844],
      ] as const) {
        const context = await suite.browser.newContext({
          viewport: { width: w, height: h },
          colorScheme: scheme,
          ...(w < 600 ? { isMobile: true, hasTouch: true } : {}),
        });
        try {
          const page = await context.newPage();
          await page.goto(`${suite.hub.url}/?session=${session.id}`);
          const ptyId = await openTerminal(page, session.id, "button");
          await runHello(page);
          await page.keyboard.type("ls");
          await page.keyboard.press("Enter");
          await waitFor("the listing", async () => (await terminalText(page)).includes("README.md"));
          await page.screenshot({ path: `${SHOTS}/terminal-${w}x${h}-${scheme}.png` });
          await region(page).locator(`.tm-tab[data-pty-id="${ptyId}"] .tm-tab-close`).click();
        } finally {
          await context.close();
        }
      }
    }
  }, 240_000);

  // Under load (2 cores shared with other fleets, which the remote hub also discovers and indexes)
  // every step below can take tens of seconds: each waits for its own condition, with the page's
  // and the hub's words in the failure, never for a fixed time.
  it("in remote mode the terminal's WebSocket goes through the hub's relay", async () => {
    const remote = await startHub({ args: ["--host", "127.0.0.2", "--remote"] });
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 860 } });
    try {
      const link = await waitFor(
        "the remote hub's one-time sign-in link",
        () => /(http:\/\/127\.0\.0\.2:\d+\/auth\/[A-Za-z0-9_-]{43})/.exec(remote.output())?.[1],
        45_000,
      );
      const page = await context.newPage();
      const sockets: string[] = [];
      page.on("websocket", (ws) => sockets.push(ws.url()));
      await page.goto(link);
      const cookie = await waitFor("the sign-in cookie", async () => {
        const c = (await context.cookies(remote.url)).find((x) => x.name === "switchboard_session");
        return c ? `${c.name}=${c.value}` : null;
      });
      // The remote hub scans on its own schedule: wait until it lists every fleet server as ready.
      const ids = new Map<number, string>();
      for (const server of suite.servers) {
        const id = await waitFor(
          `the remote hub to list :${server.port} as ready`,
          async () => {
            const doc = (await (await fetch(`${remote.url}/api/instances`, { headers: { cookie } })).json()) as {
              instances: Array<{ id: string; port: number; status: string }>;
            };
            return doc.instances.find((i) => i.port === server.port && i.status === "ready")?.id;
          },
          90_000,
        );
        ids.set(server.port, id);
      }
      for (const server of suite.servers) {
        sockets.length = 0;
        const session = await createSession(server, { title: `remote terminal ${server.generation}` });
        await page.goto(`${remote.url}/?session=${session.id}`);
        // The page reaches the server through the relay: its tab connects, then it lists the session.
        await waitForConnections(page, [ids.get(server.port) as string], ["connected"], 90_000);
        await page.locator(`section.sv-session[data-session-id="${session.id}"]`).waitFor({ timeout: 90_000 });
        const ptyId = await openTerminal(page, session.id, "button");
        await runHello(page);
        expect(sockets.length).toBeGreaterThan(0);
        for (const url of sockets) expect(url.startsWith(`${remote.url.replace("http", "ws")}/relay/`), url).toBe(true);
        expect(sockets.join(" ")).toContain(`/pty/${ptyId}/connect`);
        expect(sockets.join(" ")).not.toContain("auth_token");
        await region(page).locator(`.tm-tab[data-pty-id="${ptyId}"] .tm-tab-close`).click();
        await waitFor("the relayed close to end the PTY", async () => !(await serverPtys(server)).includes(ptyId), 60_000);
      }
    } catch (err) {
      // The hub's own account of what went wrong (relay refusals, scans) beside the test's.
      throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- remote hub output (tail) ---\n${remote.output().slice(-3000)}`);
    } finally {
      await context.close();
      await remote.stop();
    }
  }, 420_000);
});
