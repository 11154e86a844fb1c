/**
 * The Changes panel in Chromium against a real `opencode serve`: files a turn wrote and edited
 * (mock [[write]]/[[edit]] cues → OpenCode's write/edit tools) listed with the server's own +/-
 * counts and lines, per turn from "Changed N files", and kept live while a new turn edits.
 * Needs `node scripts/start.mjs --build-only`.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import type { FleetServer } from "../scripts/fleet/index.js";
import { createSession, rest } from "./support/rest.js";
import { runTurn } from "./support/turns.js";
import { waitFor } from "./support/wait.js";
import { browserSuite } from "./support/suite.js";
import { sendFromComposer } from "./support/workspace-page.js";

interface ServerDiff {
  file: string;
  additions: number;
  deletions: number;
  status?: string;
}

const suite = browserSuite({ count: 1, wordDelayMs: 2 });
const alpha = () => suite.servers[0] as FleetServer;

async function open(sessionId: string): Promise<Page> {
  const page = await suite.open(`/?session=${sessionId}`);
  await page.locator(`section.sv-session[data-session-id="${sessionId}"] [data-role="assistant"]`).first().waitFor({ timeout: 15_000 });
  return page;
}

/** Text of the rows of one kind (add/del/context) in a file's diff. */
async function lines(file: Locator, kind: "add" | "del" | "context"): Promise<string[]> {
  return file.locator(`[data-line-kind="${kind}"] .df-code`).allTextContents();
}

describe("Changes panel", () => {
  it("shows an edited file with the server's +/- counts and lines, whole session and per turn", async () => {
    const s = await createSession(alpha(), "changes");
    const write = await runTurn(alpha(), s.id, "[[write:notes/todo.txt:one\\ntwo\\nthree]] write it");
    const edit = await runTurn(alpha(), s.id, "[[edit:notes/todo.txt:two=>TWO\\nmore]] edit it");
    // The file really changed on disk, and the server reports each turn's diff.
    expect(await readFile(join(alpha().directory, "notes/todo.txt"), "utf8")).toBe("one\nTWO\nmore\nthree");
    // The server computes a turn's diff just after the turn ends: wait for both answers.
    const turnDiff = (id: string) =>
      waitFor(
        `the server's diff of ${id}`,
        async () => {
          const list = await rest<ServerDiff[]>(alpha(), `/session/${s.id}/diff?messageID=${id}`);
          return list.length > 0 ? list : undefined;
        },
        15_000,
      );
    const [first, second] = await Promise.all([turnDiff(write.info.id), turnDiff(edit.info.id)]);
    expect(first?.map((d) => [d.file, d.additions, d.deletions])).toEqual([["notes/todo.txt", 3, 0]]);
    expect(second?.map((d) => [d.file, d.additions, d.deletions])).toEqual([["notes/todo.txt", 2, 1]]);

    const page = await open(s.id);
    await page.getByRole("button", { name: /^Changes/ }).click();
    const panel = page.getByRole("region", { name: "Changes" });
    const file = panel.locator('[data-diff-file="notes/todo.txt"]');
    await file.waitFor();
    // Whole session: both turns, counts summed from the server's per-turn answers.
    expect(await file.getAttribute("data-additions")).toBe(String(3 + 2));
    expect(await file.getAttribute("data-deletions")).toBe(String(0 + 1));
    expect(await file.getAttribute("data-status")).toBe("added");
    expect(await lines(file, "add")).toEqual(["one", "two", "three", "TWO", "more"]);
    expect(await lines(file, "del")).toEqual(["two"]);

    // "Changed 1 file" of the edit turn opens that turn's diff (GET …/diff?messageID=).
    const editReply = page.locator(`[data-message-id]`).filter({ has: page.getByRole("button", { name: "Changed 1 file" }) });
    await editReply.last().getByRole("button", { name: "Changed 1 file" }).click();
    await waitFor("the panel to show the edit turn", async () => (await panel.getAttribute("data-scope")) === edit.info.id);
    await waitFor("the turn's counts", async () => (await file.getAttribute("data-additions")) === "2");
    expect(await file.getAttribute("data-deletions")).toBe("1");
    expect(await lines(file, "add")).toEqual(["TWO", "more"]);
    expect(await lines(file, "del")).toEqual(["two"]);
    expect(await lines(file, "context")).toEqual(["one", "three"]);

    // Split view on a wide screen: the deleted line sits beside its replacement.
    await page.setViewportSize({ width: 1440, height: 900 });
    await panel.getByRole("button", { name: "Split" }).click();
    const pair = file.locator(".df-pair").filter({ has: page.locator('.df-half[data-line-kind="del"]') });
    expect(await pair.locator(".df-code").allTextContents()).toEqual(["two", "TWO"]);
    await panel.getByRole("button", { name: "Unified" }).click();
  });

  it("updates while open as a new turn edits another file (no reload)", async () => {
    const s = await createSession(alpha(), "changes live");
    await runTurn(alpha(), s.id, "[[write:live-a.ts:export const a = 1;]] first");
    const page = await open(s.id);
    await page.getByRole("button", { name: /^Changes/ }).click();
    const panel = page.getByRole("region", { name: "Changes" });
    await panel.locator('[data-diff-file="live-a.ts"]').waitFor();
    await sendFromComposer(page, "[[write:live-b.ts:export const b = 2;\\nexport const c = 3;]] second");
    const added = panel.locator('[data-diff-file="live-b.ts"]');
    await added.waitFor({ timeout: 30_000 });
    expect(await added.getAttribute("data-additions")).toBe("2");
    expect(await added.getAttribute("data-deletions")).toBe("0");
    expect(await panel.locator("[data-diff-file]").count()).toBe(2);
  });
});
