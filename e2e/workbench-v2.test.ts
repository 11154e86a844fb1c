/**
 * The workbench's Files panel and "Revert to here" in Chromium against a real OpenCode 2.1.2 serve
 * (the mock model's `[[write:…]]` cue calls 2.x's `write {path, content}`): the tree, the viewer
 * and the uncommitted review read 2.x's `/api/fs/*` and `/api/vcs/*`; revert stages 2.x's revert
 * (files restored on disk, timeline marked) and "Redo all" clears it. 1.18.33: `workbench.test.ts`.
 * Needs `node scripts/start.mjs --build-only`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { V2FleetServer } from "../scripts/fleet/index.js";
import { createSession, isSettled, listMessages, promptAsync } from "../scripts/fleet/client.js";
import { waitFor } from "./support/wait.js";
import { openGreet, writeGreet } from "./support/files-panel.js";
import { browserSuite } from "./support/suite.js";
import { timelineMessages } from "./support/workspace-page.js";

const suite = browserSuite({ count: 0, v2: 1, wordDelayMs: 2 }, { idTimeoutMs: 45_000 });
const v2 = () => suite.servers[0] as V2FleetServer;

/** Sends `text` over 2.x's REST and waits until the turn's reply is stored and the session idle. */
async function runV2Turn(sessionId: string, text: string): Promise<void> {
  const before = (await listMessages(v2(), sessionId)).filter((m) => m.type === "assistant").length;
  await promptAsync(v2(), sessionId, text);
  await waitFor(
    `the 2.x turn "${text.slice(0, 30)}" to end`,
    async () => (await listMessages(v2(), sessionId)).filter((m) => m.type === "assistant").length > before && (await isSettled(v2(), sessionId)),
    60_000,
  );
}

async function open(sessionId: string): Promise<Page> {
  const page = await suite.open(`/?session=${sessionId}`);
  await page.locator(`section.sv-session[data-session-id="${sessionId}"] [data-role="assistant"]`).first().waitFor({ timeout: 30_000 });
  return page;
}

const liveUsers = (page: Page) => page.locator('.sv-timeline [data-role="user"]:not([data-reverted])');

describe("Files panel on OpenCode 2.1.2", () => {
  it("lists the folder with git marks, shows a file highlighted, opens by name, and reviews uncommitted changes", async () => {
    const dir = v2().directory;
    writeGreet(dir);
    writeFileSync(join(dir, "README.md"), `${readFileSync(join(dir, "README.md"), "utf8")}changed by the v2 files test\n`);
    const s = await createSession(v2(), { title: "files v2" });
    await runV2Turn(s.id, "look at the files");
    const page = await open(s.id);
    await page.getByRole("button", { name: "Files", exact: true }).click();
    const region = page.getByRole("region", { name: "Files", exact: true });
    const tree = region.getByRole("tree");
    await tree.getByRole("treeitem", { name: "README.md" }).waitFor({ timeout: 20_000 });
    await tree.getByRole("treeitem", { name: "opencode.json" }).waitFor();
    await waitFor(
      "README.md's git mark",
      async () => (await tree.getByRole("treeitem", { name: "README.md" }).getAttribute("data-git")) === "modified",
      15_000,
    );
    // src holds an untracked file: the folder carries the mark of what is below it.
    await waitFor("src's git mark", async () => (await tree.getByRole("treeitem", { name: "src" }).getAttribute("data-git")) !== null, 15_000);
    expect(await tree.getByRole("treeitem", { name: "opencode.json" }).getAttribute("data-git")).toBeNull();

    const file = await openGreet(page, tree);

    // "Open file" by fuzzy name (2.x /api/fs/find).
    await region.getByRole("searchbox").fill("readme");
    await region.getByRole("listbox", { name: "Matching files" }).getByRole("option", { name: "README.md" }).click();
    await waitFor("README.md in the viewer", async () => ((await file.textContent()) ?? "").includes("changed by the v2 files test"), 20_000);

    // The folder's uncommitted changes (2.x /api/vcs/diff?mode=working).
    await region.getByRole("button", { name: "Uncommitted" }).click();
    const review = region.getByRole("region", { name: "Uncommitted changes" });
    await review.locator(".ch-path", { hasText: "README.md" }).waitFor({ timeout: 20_000 });
    const readme = review.locator(".ch-file", { has: page.locator(".ch-path", { hasText: /^README\.md$/ }) });
    expect(await readme.locator(".ch-add").textContent()).toBe("+1");
  }, 180_000);
});

describe("Revert to here on OpenCode 2.1.2", () => {
  it("undoes the second of three turns on disk and in the timeline, and Redo all brings them back", async () => {
    const dir = v2().directory;
    const s = await createSession(v2(), { title: "revert v2" });
    await runV2Turn(s.id, "[[write:rv2-one.txt:one]] first");
    await runV2Turn(s.id, "[[write:rv2-two.txt:two]] second");
    await runV2Turn(s.id, "[[write:rv2-three.txt:three]] third");
    const files = ["rv2-one.txt", "rv2-two.txt", "rv2-three.txt"];
    expect(files.map((f) => existsSync(join(dir, f)))).toEqual([true, true, true]);
    const page = await open(s.id);
    // The timeline is virtualized: a tall window renders every message at once.
    await page.setViewportSize({ width: 1440, height: 2400 });
    const users = timelineMessages(page, "user");
    await waitFor("three user messages", async () => (await users.count()) === 3, 30_000);

    await users.nth(1).getByRole("button", { name: "Revert to here" }).click();
    const dialog = page.getByRole("dialog", { name: "Revert to here" });
    const turns = dialog.getByRole("list", { name: "Turns to undo" });
    await turns.waitFor();
    expect(await turns.getByRole("listitem").count()).toBe(2);
    const listed = dialog.getByRole("list", { name: "Files to restore" });
    await listed.waitFor({ timeout: 15_000 });
    expect((await listed.getByRole("listitem").allTextContents()).map((t) => t.trim()).sort()).toEqual(["rv2-three.txt", "rv2-two.txt"]);
    await dialog.getByRole("button", { name: "Revert", exact: true }).click();

    await waitFor("the two turns' files to be gone", () => !existsSync(join(dir, "rv2-two.txt")) && !existsSync(join(dir, "rv2-three.txt")), 20_000);
    expect(existsSync(join(dir, "rv2-one.txt"))).toBe(true);
    await waitFor("one live user turn", async () => (await liveUsers(page).count()) === 1, 15_000);
    expect(await page.getByRole("button", { name: "Redo all" }).isVisible()).toBe(true);

    await page.getByRole("button", { name: "Redo all" }).click();
    await waitFor("both files back", () => existsSync(join(dir, "rv2-two.txt")) && existsSync(join(dir, "rv2-three.txt")), 20_000);
    expect(readFileSync(join(dir, "rv2-three.txt"), "utf8")).toBe("three");
    await waitFor("three live user turns", async () => (await liveUsers(page).count()) === 3, 15_000);
    await page.getByRole("button", { name: "Redo all" }).waitFor({ state: "detached", timeout: 10_000 });
  }, 240_000);
});
