/**
 * Working in an OpenCode 2 session from the page (`@opencode/cli` 2.1.2 `serve`, its password found
 * by the hub), in Chromium: Changes after the `write` tool, an `@` file mention from the composer
 * (2.x's `/api/fs/find`), and a sub-agent (`subagent` tool) whose `shell` permission is answered
 * from "Needs you" and from its parent's sub-agent line. Needs `node scripts/start.mjs --build-only`.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { V2FleetServer } from "../scripts/fleet/index.js";
import {
  api,
  createSession,
  isSettled,
  lastAssistantText,
  listMessages,
  pendingPermissions,
  promptAsync,
  type V2Message,
  type V2Permission,
  type V2Session,
  type V2ToolContent,
} from "../scripts/fleet/client.js";
import { connectionOf, hubDocument, tabSelector, waitForConnections } from "./support/live-page.js";
import { waitFor } from "./support/wait.js";
import { browserSuite } from "./support/suite.js";
import { runV2Turn } from "./support/turns.js";
import { composer, sendFromComposer } from "./support/workspace-page.js";

// A fresh 2.x serve can take its time to answer its first probes on a loaded machine (dev-docs/discovery.md "Measured").
const suite = browserSuite({ count: 0, v2: 1, wordDelayMs: 2 }, { idTimeoutMs: 60_000 });
const v2 = () => suite.servers[0] as V2FleetServer;

/** The tool call `name` of a session as the server stored it. */
const toolOf = async (sessionId: string, name: string): Promise<V2ToolContent | undefined> =>
  (await listMessages(v2(), sessionId)).flatMap((m) => m.content ?? []).find((c): c is V2ToolContent => c.type === "tool" && c.name === name);

/** Prompts `parentId` to delegate `command` to a sub-agent; resolves the child session and its pending `shell` permission. */
async function delegateShell(parentId: string, command: string): Promise<{ child: V2Session; request: V2Permission }> {
  await promptAsync(v2(), parentId, `delegate [[task-bash:${command}]]`);
  const child = await waitFor(
    "the sub-agent's child session",
    async () => {
      const page = await api<{ data: V2Session[] }>(v2(), `/api/session?directory=${encodeURIComponent(v2().directory)}&limit=100`);
      return page.data.find((s) => s.parentID === parentId);
    },
    60_000,
  );
  const request = await waitFor("the child's permission", async () => (await pendingPermissions(v2())).find((p) => p.sessionID === child.id), 60_000);
  return { child, request };
}

describe("working in an OpenCode 2 session", () => {
  it("Changes lists the file a turn's write tool made, with its lines", async () => {
    const s = await createSession(v2(), { title: "v2 changes" });
    await runV2Turn(v2(), s.id, "[[write:notes/v2-todo.txt:one\\ntwo\\nthree]] write it");
    expect(await readFile(join(v2().directory, "notes/v2-todo.txt"), "utf8")).toBe("one\ntwo\nthree");
    const page = await suite.openSession(s.id);
    await page.getByRole("button", { name: /^Changes/ }).click();
    const panel = page.getByRole("region", { name: "Changes" });
    const file = panel.locator('[data-diff-file="notes/v2-todo.txt"]');
    await file.waitFor({ timeout: 20_000 });
    expect(await file.getAttribute("data-additions")).toBe("3");
    expect(await file.getAttribute("data-deletions")).toBe("0");
    expect(await file.locator('[data-line-kind="add"] .df-code').allTextContents()).toEqual(["one", "two", "three"]);

    // A turn sent from the page writes another file: the open panel shows it without a reload.
    await sendFromComposer(page, "[[write:notes/v2-live.ts:export const b = 2;]] second");
    const added = panel.locator('[data-diff-file="notes/v2-live.ts"]');
    await added.waitFor({ timeout: 30_000 });
    expect(await added.getAttribute("data-additions")).toBe("1");
  });

  it("an @ mention found through 2.x's file search arrives on the server as a file of the prompt", async () => {
    const s = await createSession(v2(), { title: "v2 mention" });
    const page = await suite.openSession(s.id);
    const box = composer(page);
    await box.click();
    await box.pressSequentially("summarize @READ");
    const popup = page.locator(".sv-composer").getByRole("listbox");
    const found = popup.getByRole("option", { name: "README.md" });
    await found.waitFor({ timeout: 15_000 });
    expect(await popup.getAttribute("aria-label")).toBe("Files");
    await box.press("Enter");
    expect(await box.inputValue()).toBe("summarize @README.md ");
    await page.getByRole("button", { name: "Remove README.md" }).waitFor();
    await box.press("Enter");
    const user = await waitFor(
      "the prompt stored",
      async () => (await listMessages(v2(), s.id)).find((m): m is V2Message & { files?: unknown[] } => m.type === "user"),
      20_000,
    );
    expect(user.text).toContain("summarize @README.md");
    expect(JSON.stringify(user.files ?? [])).toContain(`${v2().directory}/README.md`);
    await waitFor("the turn to end", () => isSettled(v2(), s.id), 60_000);
  });

  it("a sub-agent's permission is listed under its parent in Needs you; allowed there, the child's shell runs and the parent's turn ends", async () => {
    const parent = await createSession(v2(), { title: "v2 sub-agent parent" });
    const page = await suite.openSession(parent.id);
    const { child, request } = await delegateShell(parent.id, "echo v2-nested-ok");
    const needsYou = page.getByRole("button", { name: /^Needs you/ });
    await waitFor("the count on Needs you", async () => /Needs you\s*1$/.test((await needsYou.innerText()).trim()), 20_000);
    const inbox = page.getByRole("region", { name: "Needs you" });
    if ((await inbox.count()) === 0) await needsYou.click();
    const card = inbox.locator(`[data-attention-id="${request.id}"]`);
    await card.waitFor({ timeout: 15_000 });
    expect(await card.getAttribute("data-attention-kind")).toBe("permission");
    expect(await card.getAttribute("data-session-id")).toBe(child.id);
    const chain = await card.locator("[data-chain-session-id]").evaluateAll((els) => els.map((e) => e.getAttribute("data-chain-session-id")));
    expect(chain).toEqual([parent.id, child.id]);
    expect((await card.innerText()).replace(/\s+/g, " ")).toContain("echo v2-nested-ok");

    await card.getByRole("button", { name: "Allow once" }).click();
    await card.waitFor({ state: "detached", timeout: 15_000 });
    await waitFor("the child's shell to complete", async () => (await toolOf(child.id, "shell"))?.state.status === "completed", 30_000);
    await waitFor("the parent's turn to end", () => isSettled(v2(), parent.id), 60_000);
    expect(lastAssistantText(await listMessages(v2(), parent.id))).toMatch(/^Tool finished:/);
    expect(await pendingPermissions(v2())).toEqual([]);
  });

  it("a running sub-agent shows on its parent with its tool, and its permission is answered right there", async () => {
    const parent = await createSession(v2(), { title: "v2 sub-agent lines" });
    const page = await suite.openSession(parent.id);
    const { child, request } = await delegateShell(parent.id, "echo v2-from-the-parent");
    const line = page.locator('section[aria-label="Sub-agents"]').locator(`[data-child-session-id="${child.id}"]`);
    await line.waitFor({ timeout: 20_000 });
    expect(await line.getAttribute("data-child-state")).toBe("waiting");
    expect((await line.innerText()).replace(/\s+/g, " ")).toContain("echo v2-from-the-parent");
    await line.locator(`[data-permission-id="${request.id}"]`).getByRole("button", { name: "Allow once" }).click();
    await waitFor("the parent's turn to end", () => isSettled(v2(), parent.id), 60_000);
    await line.waitFor({ state: "detached", timeout: 15_000 });
  });

  it("a 2.x server whose password the hub cannot find (it made one up) is unlocked from its tab, then streams", async () => {
    // No password variable: 2.1.2 makes one up and prints it; only the fleet, which read its output, knows it.
    const hidden = await suite.fleet.startServer({ generation: 2, passwordVar: false, name: "hidden" });
    const id = await waitFor(
      "the hub to list it auth-required",
      async () => (await hubDocument(suite.hub.url)).instances.find((i) => i.port === hidden.port && i.status === "auth-required")?.id,
      60_000,
    );
    const page = await suite.open("/");
    await waitForConnections(page, [id], ["auth-required"], 15_000);
    await page.click(tabSelector(id));
    const form = page.getByRole("dialog", { name: /^Unlock / });
    await form.getByLabel("Password").fill("not-the-password");
    await form.getByRole("button", { name: "Unlock" }).click();
    await form.getByRole("alert").waitFor({ timeout: 10_000 });
    expect(await connectionOf(page, id)).toBe("auth-required");
    await form.getByLabel("Password").fill(hidden.password);
    await form.getByRole("button", { name: "Unlock" }).click();
    await waitForConnections(page, [id], ["connected"], 15_000);

    const s = await createSession(hidden, { title: "v2 unlocked" });
    await page.goto(`${suite.hub.url}/?session=${s.id}`);
    await sendFromComposer(page, "hello unlocked");
    await waitFor("the turn to end", () => isSettled(hidden, s.id), 60_000);
    const stored = lastAssistantText(await listMessages(hidden, s.id));
    expect(stored).toContain("Mock reply to: hello unlocked");
  });
});
