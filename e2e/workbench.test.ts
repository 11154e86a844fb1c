/**
 * The workbench in Chromium against real servers (OpenCode 1.18.33 and 2.1.2 with the mock model):
 * the Context panel's sums equal the server's own messages, the Files panel lists and shows the
 * folder's files with git marks, "Revert to here" undoes turns on disk and Redo brings them back, and
 * the projects home lists the fleet's folders and starts a session in one.
 * Needs `node scripts/start.mjs --build-only`. Screenshots go to SWITCHBOARD_SHOTS (looked at by hand).
 */
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { FleetServer, V2FleetServer } from "../scripts/fleet/index.js";
import { createSession as createV2Session, isSettled, listMessages, promptAsync } from "../scripts/fleet/client.js";
import { runTurn } from "./support/turns.js";
import { createSession, storedMessages } from "./support/rest.js";
import { waitFor } from "./support/wait.js";
import { openGreet, writeGreet } from "./support/files-panel.js";
import { browserSuite } from "./support/suite.js";
import { openWorkspace, sendFromComposer, sessionRows, timelineMessages } from "./support/workspace-page.js";
import { startHub } from "./support/hub.js";
import { opencodeBin } from "../scripts/fleet/opencode-bin.js";

const SHOTS = process.env.SWITCHBOARD_SHOTS ?? "/tmp/switchboard-workbench-shots";

const suite = browserSuite(
  { count: 1, wordDelayMs: 2 },
  {
    more: async (fleet) => {
      await fleet.startServer({ generation: 2, name: "v2" });
    },
    // Two generations on a loaded 2-core machine: the first scan that verifies both can take a while.
    idTimeoutMs: 45_000,
  },
);
const v1 = () => suite.servers[0] as FleetServer;
const v2 = () => suite.servers[1] as V2FleetServer;

interface Sums {
  input: number;
  output: number;
  cost: number;
}

/** Sums over assistant token records, as the server stores them. */
function sum(records: Array<{ tokens?: { input?: number; output?: number }; cost?: number }>): Sums {
  return records.reduce<Sums>(
    (s, r) => ({ input: s.input + (r.tokens?.input ?? 0), output: s.output + (r.tokens?.output ?? 0), cost: s.cost + (r.cost ?? 0) }),
    { input: 0, output: 0, cost: 0 },
  );
}

async function open(sessionId: string): Promise<Page> {
  const page = await suite.open(`/?session=${sessionId}`);
  await page.locator(`section.sv-session[data-session-id="${sessionId}"] [data-role="assistant"]`).first().waitFor({ timeout: 20_000 });
  return page;
}

/** Waits until the Context region shows `expected`. */
async function expectContext(page: Page, expected: Sums): Promise<void> {
  await page.getByRole("button", { name: "Context", exact: true }).click();
  const region = page.getByRole("region", { name: "Context" });
  await region.waitFor();
  const shown = async () => ({
    input: Number(await region.getAttribute("data-tokens-input")),
    output: Number(await region.getAttribute("data-tokens-output")),
    cost: Number(await region.getAttribute("data-cost")),
  });
  await waitFor("the context sums to match the server's", async () => JSON.stringify(await shown()) === JSON.stringify(expected), 15_000).catch(
    async (err: unknown) => {
      throw new Error(`${String(err)}: shown ${JSON.stringify(await shown())}, server ${JSON.stringify(expected)}`);
    },
  );
  expect(expected.input).toBeGreaterThan(0);
  expect(expected.output).toBeGreaterThan(0);
}

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const [w, h] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    // The sidebar slides into its phone drawer when the window narrows: shoot once it has settled.
    await page.evaluate(async () => {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      // Transitions only: a busy row's spinner runs forever.
      await Promise.all(document.getAnimations().flatMap((a) => (a instanceof CSSTransition ? [a.finished.catch(() => a)] : [])));
    });
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: join(SHOTS, `${name}-${w}-${scheme}.png`) });
    }
  }
  await page.setViewportSize({ width: 1280, height: 860 });
}

describe("Context panel", () => {
  it("sums the 1.18.33 session's tokens and cost as the server stores them, and the row says the cost", async () => {
    const s = await createSession(v1(), "context v1");
    await runTurn(v1(), s.id, "hello there, context");
    await runTurn(v1(), s.id, "and a second turn to sum");
    const stored = await storedMessages(v1(), s.id);
    const expected = sum(stored.flatMap((m) => (m.info.role === "assistant" ? [m.info] : [])));
    const page = await open(s.id);
    await expectContext(page, expected);
    const region = page.getByRole("region", { name: "Context" });
    // The mock model's window is 100,000 tokens (fleet config): the share is shown.
    await region.getByText(/of 100\.0k tokens/).waitFor();
    expect(await sessionRows(page, s.id).first().getAttribute("title")).toContain("cost $");
    await shoot(page, "context-v1");
  });

  it("sums the 2.1.2 session's tokens and cost as the server stores them", async () => {
    const s = await createV2Session(v2(), { title: "context v2" });
    await promptAsync(v2(), s.id, "hello from the v2 context test");
    await waitFor(
      "the 2.x turn to end",
      async () => (await listMessages(v2(), s.id)).some((m) => m.type === "assistant") && (await isSettled(v2(), s.id)),
      60_000,
    );
    const stored = await listMessages(v2(), s.id);
    const replies = stored.filter((m) => m.type === "assistant") as unknown as Array<{ tokens?: { input?: number; output?: number }; cost?: number }>;
    const page = await open(s.id);
    await expectContext(page, sum(replies));
  });
});

describe("Files panel", () => {
  it("lists the folder, shows a file highlighted, and marks a changed file", async () => {
    const dir = v1().directory;
    writeGreet(dir);
    writeFileSync(join(dir, "README.md"), "# changed by the files test\n");
    const s = await createSession(v1(), "files");
    await runTurn(v1(), s.id, "look at the files");
    const page = await open(s.id);
    await page.getByRole("button", { name: "Files", exact: true }).click();
    const region = page.getByRole("region", { name: "Files", exact: true });
    const tree = region.getByRole("tree");
    await tree.getByRole("treeitem", { name: "README.md" }).waitFor();
    await tree.getByRole("treeitem", { name: "opencode.json" }).waitFor();
    // README.md is committed and changed: git's "M" mark.
    await waitFor(
      "README.md's git mark",
      async () => (await tree.getByRole("treeitem", { name: "README.md" }).getAttribute("data-git")) === "modified",
      15_000,
    );
    expect(await tree.getByRole("treeitem", { name: "opencode.json" }).getAttribute("data-git")).toBeNull();
    // A folder opens on click; its file opens in the viewer, highlighted.
    await openGreet(page, tree);
    await shoot(page, "files-v1");
  });
});

describe("Revert to here", () => {
  it("undoes the second of three turns and what followed on disk, and Redo all brings them back", async () => {
    const s = await createSession(v1(), "revert");
    const dir = v1().directory;
    await runTurn(v1(), s.id, "[[write:rv-one.txt:one]] first");
    await runTurn(v1(), s.id, "[[write:rv-two.txt:two]] second");
    await runTurn(v1(), s.id, "[[write:rv-three.txt:three]] third");
    expect(["rv-one.txt", "rv-two.txt", "rv-three.txt"].map((f) => existsSync(join(dir, f)))).toEqual([true, true, true]);
    const page = await open(s.id);
    // The timeline is virtualized: a tall window renders all six messages at once.
    await page.setViewportSize({ width: 1440, height: 2400 });
    const users = timelineMessages(page, "user");
    await waitFor("three user messages", async () => (await users.count()) === 3, 30_000).catch(async (err: unknown) => {
      await shoot(page, "revert-failed");
      throw new Error(`${String(err)}: ${await users.count()} user messages shown`);
    });
    await users.nth(1).getByRole("button", { name: "Revert to here" }).click();
    const dialog = page.getByRole("dialog", { name: "Revert to here" });
    await dialog.getByRole("list", { name: "Turns to undo" }).waitFor();
    expect(await dialog.getByRole("list", { name: "Turns to undo" }).getByRole("listitem").count()).toBe(2);
    const files = dialog.getByRole("list", { name: "Files to restore" });
    await files.waitFor({ timeout: 15_000 });
    expect((await files.getByRole("listitem").allTextContents()).map((t) => t.trim())).toEqual(["rv-three.txt", "rv-two.txt"]);
    await shoot(page, "revert-dialog");
    await page.setViewportSize({ width: 1440, height: 2400 });
    await dialog.getByRole("button", { name: "Revert", exact: true }).click();
    await waitFor("the two turns' files to be gone", () => !existsSync(join(dir, "rv-two.txt")) && !existsSync(join(dir, "rv-three.txt")), 20_000);
    expect(existsSync(join(dir, "rv-one.txt"))).toBe(true);
    // One turn left in the timeline (the others are marked reverted).
    await waitFor(
      "one live user turn",
      async () => (await page.locator('.sv-timeline [data-role="user"]:not([data-reverted])').count()) === 1,
      15_000,
    );
    await page.getByRole("button", { name: "Redo all" }).click();
    await waitFor("both files back", () => existsSync(join(dir, "rv-two.txt")) && existsSync(join(dir, "rv-three.txt")), 20_000);
    await waitFor(
      "three live user turns",
      async () => (await page.locator('.sv-timeline [data-role="user"]:not([data-reverted])').count()) === 3,
      15_000,
    );
  });
});

describe("Projects home", () => {
  it("lists the fleet's project folder with its server; New session there runs a prompt in it; the name opens its latest", async () => {
    const dir = v1().directory.replace(/\/+$/, "");
    await createSession(v1(), "home v1");
    const page = await suite.open("/");
    const row = page.getByRole("region", { name: "Projects" }).locator(`[data-project-dir="${dir}"]`);
    await row.locator('[data-connection="connected"]').waitFor({ timeout: 15_000 });
    // The folder's name is a button once its sessions are listed (servers come first).
    await row.getByRole("button", { name: basename(dir), exact: true }).waitFor({ timeout: 15_000 });
    expect(Number(await row.getAttribute("data-session-count"))).toBeGreaterThan(0);
    await shoot(page, "projects-home");
    await row.getByRole("button", { name: `New session in ${dir}` }).click();
    await sendFromComposer(page, "hello from the projects home");
    const view = page.locator("section.sv-session[data-session-id]");
    await view.locator('[data-role="assistant"]').first().waitFor({ timeout: 60_000 });
    expect(await view.locator(".sv-dir").textContent()).toBe(dir);
    const made = await view.getAttribute("data-session-id");
    // A fresh page shows the home again; the folder's name opens its most recent session, the one just made.
    const again = await suite.open("/");
    await again
      .getByRole("region", { name: "Projects" })
      .locator(`[data-project-dir="${dir}"]`)
      .getByRole("button", { name: basename(dir), exact: true })
      .click();
    await again.locator("section.sv-session[data-session-id]").waitFor({ timeout: 15_000 });
    await again.locator(`section.sv-session[data-session-id="${made ?? ""}"]`).waitFor({ timeout: 15_000 });
  });
});

describe("New session in…", () => {
  // "Listed within 5 s" is measured by scripts/bench/start-bench.ts (no timing assertions in tests).
  it("starts OpenCode in a folder that has none, shows the start's steps, lists it, and the prompt runs there", async () => {
    // The hub finds `opencode` on its PATH: a symlink to the pinned 1.18.33 binary, first on PATH.
    const bin = mkdtempSync(join(tmpdir(), "sb-path-"));
    symlinkSync(opencodeBin(), join(bin, "opencode"));
    const folder = join(suite.fleet.home, "projects", "fresh");
    mkdirSync(folder, { recursive: true });
    const hub = await startHub({ env: { ...suite.fleet.env(), PATH: `${bin}:${process.env.PATH ?? ""}` } });
    let startedPid: number | null = null;
    try {
      const opened = await openWorkspace(suite.browser, hub, "/");
      const page = opened.page;
      try {
        await page.getByRole("button", { name: "New session in…" }).click();
        const dialog = page.getByRole("dialog", { name: "New session in…" });
        // The folder browser walks home: projects → fresh → use it.
        await dialog.getByRole("button", { name: "Browse your home folder" }).click();
        await dialog.getByRole("option", { name: /projects/ }).click();
        await dialog.getByRole("option", { name: /fresh/ }).click();
        await dialog.getByText(folder, { exact: true }).waitFor();
        await dialog.getByRole("option", { name: /Use this folder/ }).click();
        expect(await dialog.getByRole("textbox", { name: "Folder" }).inputValue()).toBe(folder);
        await shoot(page, "new-session-dialog");
        await dialog.getByRole("button", { name: "Start" }).click();
        // The hub's start job is shown step by step: OpenCode takes seconds to print its port (more under load).
        await dialog
          .getByRole("list", { name: "Starting OpenCode" })
          .locator('[data-step="waiting-port"][data-status="current"]')
          .waitFor({ timeout: 15_000 });
        const started = await waitFor(
          "the hub to list a managed server in the folder",
          async () => {
            const doc = (await (await fetch(`${hub.url}/api/instances`)).json()) as {
              instances: Array<{ id: string; pid: number; directory: string | null; managed?: boolean; status: string }>;
            };
            return doc.instances.find((i) => i.managed === true && i.directory === folder && i.status === "ready");
          },
          30_000,
        );
        startedPid = started.pid;
        await page.locator(`[data-instance-id="${started.id}"]`).first().waitFor({ timeout: 5_000 });
        await sendFromComposer(page, "hello from a folder with no agent");
        const view = page.locator("section.sv-session[data-session-id]");
        await view.locator('[data-role="assistant"]').first().waitFor({ timeout: 60_000 });
        expect(await view.locator(".sv-dir").textContent()).toBe(folder);
        // Its tab's overview stops it (only servers the hub started offer that).
        await page.locator(`[data-instance-id="${started.id}"]`).first().click();
        await page.getByRole("button", { name: "Stop this server" }).click();
        await waitFor(
          "the hub to stop listing the started server",
          async () => {
            const alerts = await page.getByRole("alert").allTextContents();
            if (alerts.some((t) => t.includes("stop the server"))) throw new Error(alerts.join(" "));
            const doc = (await (await fetch(`${hub.url}/api/instances`)).json()) as { instances: Array<{ id: string }> };
            return !doc.instances.some((i) => i.id === started.id);
          },
          30_000,
        );
        startedPid = null;
      } finally {
        await opened.context.close();
      }
    } finally {
      await hub.stop();
      // The hub leaves servers it started running (no --stop-managed-on-exit): this test stops its own.
      if (startedPid !== null) {
        try {
          process.kill(startedPid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
    }
  });

  it("with a running OpenCode 2 service, makes the session there and starts nothing", async () => {
    const service = await suite.fleet.startServer({ generation: 2, kind: "service", name: "svc" });
    const folder = join(suite.fleet.home, "projects", "by-service");
    mkdirSync(folder, { recursive: true });
    const bin = mkdtempSync(join(tmpdir(), "sb-path-"));
    symlinkSync(opencodeBin(), join(bin, "opencode"));
    const hub = await startHub({ env: { ...suite.fleet.env(), PATH: `${bin}:${process.env.PATH ?? ""}` } });
    try {
      const serviceId = await waitFor(
        "the hub to verify the service",
        async () => {
          const doc = (await (await fetch(`${hub.url}/api/instances`)).json()) as {
            instances: Array<{ id: string; port: number; kind: string; status: string }>;
          };
          return doc.instances.find((i) => i.port === service.port && i.status === "ready")?.id;
        },
        45_000,
      );
      const opened = await openWorkspace(suite.browser, hub, "/");
      try {
        const page = opened.page;
        await page.locator(`[data-instance-id="${serviceId}"][data-connection="connected"]`).first().waitFor({ timeout: 30_000 });
        await page.getByRole("button", { name: "New session in…" }).click();
        const dialog = page.getByRole("dialog", { name: "New session in…" });
        await dialog.getByRole("textbox", { name: "Folder" }).fill(folder);
        await dialog.getByRole("button", { name: "Start" }).click();
        await dialog.waitFor({ state: "detached", timeout: 30_000 });
        const view = page.locator("section.sv-session[data-session-id]");
        await view.waitFor({ timeout: 30_000 });
        const sessionId = await view.getAttribute("data-session-id");
        // The service has it, in that folder; the hub started nothing.
        const res = await fetch(`${service.url}/api/session/${sessionId ?? ""}`, { headers: service.headers });
        const stored = ((await res.json()) as { data: { location?: { directory?: string } } }).data;
        expect(stored.location?.directory).toBe(folder);
        const doc = (await (await fetch(`${hub.url}/api/instances`)).json()) as { instances: Array<{ managed?: boolean }> };
        expect(doc.instances.some((i) => i.managed === true)).toBe(false);
        await sendFromComposer(page, "hello from the service folder");
        await view.locator('[data-role="assistant"]').first().waitFor({ timeout: 60_000 });
      } finally {
        await opened.context.close();
      }
    } finally {
      await hub.stop();
      await service.kill();
    }
  });
});
