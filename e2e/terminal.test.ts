/**
 * The terminal panel (issue 19) in Debian's Chromium against real OpenCode 1.18.33 and 2.1.2
 * serves: a shell runs a command and shows its output, survives a reload, is closed on the server
 * when its tab is closed; in remote mode its WebSocket goes through the hub's relay.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { api, createSession } from "../scripts/fleet/client.js";
import type { FleetServer } from "../scripts/fleet/index.js";
import { startHub } from "./support/hub.js";
import { browserSuite } from "./support/suite.js";
import { waitFor } from "./support/wait.js";

/** Where the screenshots go (looked at by hand; not compared). */
const SHOTS = process.env.SWITCHBOARD_SHOTS ?? "/tmp/switchboard-terminal-shots";

const suite = browserSuite({ count: 1 }, { more: async (fleet) => void (await fleet.startServer({ generation: 2, kind: "serve" })) });

/** The server's running PTY ids (1.x `/pty`, 2.x `/api/pty` in the server's folder). */
async function serverPtys(server: FleetServer): Promise<string[]> {
  const list =
    server.generation === 2
      ? (await api<{ data: Array<{ id: string }> }>(server, "/api/pty", { headers: { "x-opencode-directory": server.directory } })).data
      : await api<Array<{ id: string }>>(server, `/pty?directory=${encodeURIComponent(server.directory)}`);
  return list.map((p) => p.id);
}

const region = (page: Page) => page.getByRole("region", { name: "Terminal" });
const terminalText = async (page: Page) => (await region(page).locator(".xterm-rows").allInnerTexts()).join("\n").replace(/\u00a0/g, " ");

/** Opens the session's page and its terminal (button or shortcut); returns the attached PTY id. */
async function openTerminal(page: Page, sessionId: string, how: "button" | "shortcut"): Promise<string> {
  await page.locator(`section.sv-session[data-session-id="${sessionId}"]`).waitFor({ timeout: 30_000 });
  // The button (and its shortcut) come with the session's header once an instance listed the session.
  // (Through the relay on a loaded machine this took over 30 s once.)
  await page.getByRole("button", { name: "Terminal", exact: true }).waitFor({ timeout: 60_000 });
  if (how === "button") await page.getByRole("button", { name: "Terminal", exact: true }).click();
  else await page.keyboard.press("Control+Backquote");
  await region(page).waitFor();
  const view = region(page).locator('.tm-view[data-connection="open"]:not([hidden])');
  // A 1.x server boots its project instance on the first /pty call (measured: up to 7 s on a busy machine).
  await view.waitFor({ timeout: 60_000 });
  // The shell's prompt arrived.
  await waitFor("the shell prompt", async () => /[#$] *$/m.test(await terminalText(page)), 20_000);
  return (await view.getAttribute("data-pty-id")) as string;
}

/** Types a command into the terminal that prints `hello-<marker>` (not in the typed text itself). */
async function runHello(page: Page): Promise<string> {
  const marker = randomUUID().slice(0, 8);
  await region(page).locator(".xterm").click();
  await page.keyboard.type(`echo hello-$((40+2))-${marker}`);
  await page.keyboard.press("Enter");
  const expected = `hello-42-${marker}`;
  await waitFor(`"${expected}" in the terminal`, async () => (await terminalText(page)).includes(expected), 20_000);
  return expected;
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

  it("in remote mode the terminal's WebSocket goes through the hub's relay", async () => {
    const remote = await startHub({ args: ["--host", "127.0.0.2", "--remote"] });
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 860 } });
    try {
      const link = await waitFor("the one-time link", () => /(http:\/\/127\.0\.0\.2:\d+\/auth\/[A-Za-z0-9_-]{43})/.exec(remote.output())?.[1]);
      const page = await context.newPage();
      const sockets: string[] = [];
      page.on("websocket", (ws) => sockets.push(ws.url()));
      await page.goto(link);
      const session = (await context.cookies(remote.url)).find((c) => c.name === "switchboard_session");
      const cookie = `${session?.name}=${session?.value}`;
      // The remote hub scans on its own schedule: wait until it lists every fleet server as ready.
      for (const server of suite.servers) {
        await waitFor(
          `the remote hub to list :${server.port}`,
          async () => {
            const doc = (await (await fetch(`${remote.url}/api/instances`, { headers: { cookie } })).json()) as {
              instances: Array<{ port: number; status: string }>;
            };
            return doc.instances.some((i) => i.port === server.port && i.status === "ready");
          },
          60_000,
        );
      }
      for (const server of suite.servers) {
        sockets.length = 0;
        const session = await createSession(server, { title: `remote terminal ${server.generation}` });
        await page.goto(`${remote.url}/?session=${session.id}`);
        const ptyId = await openTerminal(page, session.id, "button");
        await runHello(page);
        expect(sockets.length).toBeGreaterThan(0);
        for (const url of sockets) expect(url.startsWith(`${remote.url.replace("http", "ws")}/relay/`), url).toBe(true);
        expect(sockets.join(" ")).toContain(`/pty/${ptyId}/connect`);
        expect(sockets.join(" ")).not.toContain("auth_token");
        await region(page).locator(`.tm-tab[data-pty-id="${ptyId}"] .tm-tab-close`).click();
        await waitFor("the relayed close to end the PTY", async () => !(await serverPtys(server)).includes(ptyId), 15_000);
      }
    } finally {
      await context.close();
      await remote.stop();
    }
  }, 240_000);
});
