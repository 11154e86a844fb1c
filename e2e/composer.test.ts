/**
 * The composer in Chromium against real `opencode serve` processes: drafts per session that
 * survive tab switches, list clicks and reloads, a failed send that comes back into its own
 * session's draft with the error, and what the server stores for slash commands, the Agent and
 * Model pickers, @-mentions, pasted images and `!shell`. Needs `node scripts/start.mjs --build-only`.
 */
import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { FilePart, ToolPart } from "@opencode-ai/sdk/v2";
import { FLEET_COMMAND, fleetCommandExpansion, SECOND_MOCK_MODEL, type FleetServer } from "../scripts/fleet/index.js";
import { createSession, rest, storedMessages, textOf, type StoredMessage } from "./support/rest.js";
import { runTurn, storedSession } from "./support/turns.js";
import { waitFor } from "./support/wait.js";
import { browserSuite } from "./support/suite.js";
import { composer, openFromList, sessionTab, waitConnected } from "./support/workspace-page.js";

const suite = browserSuite({ count: 2, wordDelayMs: 5 });
let alpha: FleetServer;
let beta: FleetServer;
let alphaId: string;
let betaId: string;

beforeAll(() => {
  [alpha, beta] = suite.servers as [FleetServer, FleetServer];
  [alphaId, betaId] = suite.ids as [string, string];
});

const open = (path = "/"): Promise<Page> => suite.open(path);

/** The composer of the session shown now, once that session's view is up. */
async function composerOf(page: Page, sessionId: string) {
  await page.locator(`section.sv-session[data-session-id="${sessionId}"]`).waitFor({ timeout: 15_000 });
  return composer(page);
}

/** The stored user messages of a session, once `count` of them exist (and the turn has settled). */
async function storedUsers(server: FleetServer, sessionId: string, count = 1): Promise<StoredMessage[]> {
  return waitFor(
    `${count} user message(s) stored in ${sessionId}`,
    async () => {
      const all = await storedMessages(server, sessionId);
      const users = all.filter((m) => m.info.role === "user");
      const settled = all.some((m) => m.info.role === "assistant" && "completed" in m.info.time && m.info.time.completed);
      return users.length >= count && settled ? users : undefined;
    },
    30_000,
  );
}

/** The sessions a server lists (`GET /session`). */
const storedSessionsOf = (server: FleetServer) => rest<Array<{ id: string }>>(server, "/session");

/** The composer's popup list of the session shown now. */
const popup = (page: Page) => page.locator(".sv-composer").getByRole("listbox");

describe("composer against the server", () => {
  it("a project command chosen from / is stored by the server as its template's expansion, not as /name", async () => {
    const s = await createSession(alpha, "slash project command");
    const page = await open(`/?session=${s.id}`);
    const box = await composerOf(page, s.id);
    await box.click();
    await box.pressSequentially("/fleet");
    const option = popup(page).getByRole("option", { name: new RegExp(`^/${FLEET_COMMAND.name}`) });
    await option.waitFor({ timeout: 15_000 });
    expect(await popup(page).getAttribute("aria-label")).toBe("Commands");
    expect(await option.getAttribute("aria-selected")).toBe("true");
    await box.press("Tab");
    expect(await box.inputValue()).toBe(`/${FLEET_COMMAND.name} `);
    await box.pressSequentially("the README");
    await box.press("Enter");

    const [user] = await storedUsers(alpha, s.id);
    expect(textOf(user)).toBe(fleetCommandExpansion("the README"));
    expect(JSON.stringify(await storedMessages(alpha, s.id))).not.toContain(`/${FLEET_COMMAND.name}`);
    expect(await box.inputValue()).toBe("");
  });

  it("the chosen agent and model are in the server's copy of the message, and remembered for the session", async () => {
    const s = await createSession(alpha, "pickers");
    const page = await open(`/?session=${s.id}`);
    const box = await composerOf(page, s.id);
    const agent = page.getByRole("combobox", { name: "Agent" });
    const model = page.getByRole("combobox", { name: "Model" });
    await waitFor(
      "the pickers to be filled from the server",
      async () => (await agent.inputValue()) === "build" && (await model.inputValue()) === "mock/mock-1",
      15_000,
    );
    await model.selectOption(`${SECOND_MOCK_MODEL.providerID}/${SECOND_MOCK_MODEL.modelID}`);
    // Tab in the message box cycles agents, as in the TUI: build → plan.
    await box.click();
    await box.press("Tab");
    expect(await agent.inputValue()).toBe("plan");
    await box.fill("plan this with the second model");
    await box.press("Enter");

    const [user] = await storedUsers(alpha, s.id);
    expect(user?.info).toMatchObject({
      role: "user",
      agent: "plan",
      model: { providerID: SECOND_MOCK_MODEL.providerID, modelID: SECOND_MOCK_MODEL.modelID },
    });
    const reply = (await storedMessages(alpha, s.id)).find((m) => m.info.role === "assistant");
    expect(reply?.info).toMatchObject({ agent: "plan", providerID: SECOND_MOCK_MODEL.providerID, modelID: SECOND_MOCK_MODEL.modelID });

    await page.reload();
    await waitConnected(page, [alphaId, betaId]);
    await composerOf(page, s.id);
    await waitFor(
      "the pickers to show the session's choice after a reload",
      async () => (await agent.inputValue()) === "plan" && (await model.inputValue()) === "mock/mock-2",
      15_000,
    );
  });

  it("an @-mention and a pasted image arrive on the server as file parts", async () => {
    const s = await createSession(alpha, "mention and paste");
    const page = await open(`/?session=${s.id}`);
    const box = await composerOf(page, s.id);
    await box.click();
    await box.pressSequentially("summarize @READ");
    const found = popup(page).getByRole("option", { name: "README.md" });
    await found.waitFor({ timeout: 15_000 });
    expect(await popup(page).getAttribute("aria-label")).toBe("Files");
    await box.press("Enter");
    expect(await box.inputValue()).toBe("summarize @README.md ");

    // A real paste event carrying a PNG (1×1 pixel), as the clipboard hands it to the page.
    const PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==";
    await box.evaluate((el, b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], "pixel.png", { type: "image/png" }));
      el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, PIXEL);
    await page.getByRole("button", { name: "Remove pixel.png" }).waitFor({ timeout: 5_000 });
    expect(await page.locator("img.sv-chip-preview").getAttribute("src")).toBe(`data:image/png;base64,${PIXEL}`);
    await page.getByRole("button", { name: "Remove README.md" }).waitFor();
    await box.press("Enter");

    const [user] = await storedUsers(alpha, s.id);
    const files = (user?.parts ?? []).filter((p): p is FilePart => p.type === "file");
    expect(files.map((f) => ({ mime: f.mime, url: f.url, filename: f.filename }))).toEqual([
      { mime: "text/plain", url: `file://${alpha.directory}/README.md`, filename: "README.md" },
      { mime: "image/png", url: `data:image/png;base64,${PIXEL}`, filename: "pixel.png" },
    ]);
    expect(textOf(user)).toContain("summarize @README.md");
  });

  it("Attach takes files; one over 10 MB is refused in words and nothing else is dropped", async () => {
    const s = await createSession(alpha, "attach");
    const page = await open(`/?session=${s.id}`);
    const box = await composerOf(page, s.id);
    await box.fill("notes attached");
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Attach", exact: true }).click();
    await (
      await chooser
    ).setFiles([
      { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("attached notes") },
      { name: "huge.bin", mimeType: "application/octet-stream", buffer: Buffer.alloc(10 * 1024 * 1024 + 1) },
    ]);
    const refusal = page.locator(".sv-composer [role='status']");
    await refusal.waitFor({ timeout: 15_000 });
    expect(await refusal.innerText()).toBe("huge.bin is 10.0 MB; attachments can be at most 10.0 MB. It was not attached.");
    await page.getByRole("button", { name: "Remove notes.txt" }).waitFor();
    expect(await page.getByRole("button", { name: "Remove huge.bin" }).count()).toBe(0);
    expect(await box.inputValue()).toBe("notes attached");
    await box.press("Enter");

    const [user] = await storedUsers(alpha, s.id);
    const files = (user?.parts ?? []).filter((p): p is FilePart => p.type === "file");
    expect(files.map((f) => ({ mime: f.mime, url: f.url, filename: f.filename }))).toEqual([
      { mime: "text/plain", url: `data:text/plain;base64,${Buffer.from("attached notes").toString("base64")}`, filename: "notes.txt" },
    ]);
  });

  it("/undo and /redo chosen from the list revert and restore the last turn on the server (actions, never prompt text)", async () => {
    const s = await createSession(alpha, "slash undo");
    const last = await runTurn(alpha, s.id, "undo this turn");
    const page = await open(`/?session=${s.id}`);
    await page.locator(`[data-message-id="${last.info.id}"]`).waitFor({ timeout: 15_000 });
    const box = await composerOf(page, s.id);
    await box.click();
    await box.pressSequentially("/und");
    const option = popup(page).getByRole("option", { name: /^\/undo/ });
    await option.waitFor({ timeout: 15_000 });
    expect(await option.getAttribute("aria-selected")).toBe("true");
    await box.press("Enter");
    await waitFor("the server's revert point", async () => (await storedSession(alpha, s.id)).revert?.messageID === last.info.id, 20_000);
    expect((await storedMessages(alpha, s.id)).filter((m) => m.info.role === "user")).toHaveLength(1);
    expect(await box.inputValue()).toBe("");
    await page.locator(`[data-message-id="${last.info.id}"][data-reverted]`).waitFor({ timeout: 15_000 });

    await box.pressSequentially("/red");
    const redo = popup(page).getByRole("option", { name: /^\/redo/ });
    await redo.waitFor({ timeout: 15_000 });
    expect(await redo.getAttribute("aria-selected")).toBe("true");
    await box.press("Enter");
    await waitFor("the server to drop the revert", async () => (await storedSession(alpha, s.id)).revert === undefined, 20_000);
    await page.locator(`[data-message-id="${last.info.id}"]:not([data-reverted])`).waitFor({ timeout: 15_000 });
    expect((await storedMessages(alpha, s.id)).filter((m) => m.info.role === "user")).toHaveLength(1);
    expect(await box.inputValue()).toBe("");
  });

  it("/export downloads the session's messages as Markdown; /fork opens the fork, which the server has", async () => {
    const s = await createSession(alpha, "slash export fork");
    const turn = await runTurn(alpha, s.id, "carry this into the fork");
    const page = await open(`/?session=${s.id}`);
    await page.locator(`[data-message-id="${turn.info.id}"]`).waitFor({ timeout: 15_000 });
    const box = await composerOf(page, s.id);
    await box.click();
    await box.pressSequentially("/expo");
    await popup(page)
      .getByRole("option", { name: /^\/export/ })
      .waitFor({ timeout: 15_000 });
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 20_000 }), box.press("Enter")]);
    expect(download.suggestedFilename()).toBe(`slash-export-fork-${s.id}.md`);
    const markdown = await readFile(await download.path(), "utf8");
    const stored = await storedMessages(alpha, s.id);
    const reply = stored.find((m) => m.info.role === "assistant");
    expect(markdown).toContain("## User\n\ncarry this into the fork");
    expect(textOf(reply).trim().length).toBeGreaterThan(0);
    expect(markdown).toContain(textOf(reply).trim());
    expect(await page.locator(".sv-composer [role='status']").innerText()).toBe(`Exported slash-export-fork-${s.id}.md.`);
    expect(await box.inputValue()).toBe("");

    await box.pressSequentially("/fork");
    await popup(page)
      .getByRole("option", { name: /^\/fork/ })
      .waitFor({ timeout: 15_000 });
    await box.press("Enter");
    const forkId = await waitFor(
      "the fork to open",
      async () => {
        const id = await page.locator("section.sv-session").getAttribute("data-session-id");
        return id && id !== s.id ? id : undefined;
      },
      20_000,
    );
    await sessionTab(page, forkId).waitFor({ timeout: 15_000 });
    const fork = await storedSession<{ id: string; title: string; parentID?: string }>(alpha, forkId);
    expect(fork.title).toMatch(/\(fork #1\)$/);
    const forked = await storedMessages(alpha, forkId);
    expect(forked.map((m) => m.info.role)).toEqual(["user", "assistant"]);
    expect(textOf(forked[0])).toBe("carry this into the fork");
    // The source session is untouched and nothing was sent as prompt text.
    expect(await storedMessages(alpha, s.id)).toHaveLength(stored.length);
    expect(JSON.stringify(await storedMessages(alpha, s.id))).not.toContain("/fork");
  });

  it("/compact chosen from the list makes the server store a summary; /new opens a new session on the same server, created on its first send", async () => {
    const s = await createSession(alpha, "slash compact new");
    await runTurn(alpha, s.id, "something to compact from the composer");
    const page = await open(`/?session=${s.id}`);
    const box = await composerOf(page, s.id);
    await page.locator(`section.sv-session[data-session-id="${s.id}"] [data-role="assistant"]`).first().waitFor({ timeout: 15_000 });
    await box.click();
    await box.pressSequentially("/compa");
    const compact = popup(page).getByRole("option", { name: /^\/compact/ });
    await compact.waitFor({ timeout: 15_000 });
    expect(await compact.getAttribute("aria-selected")).toBe("true");
    await box.press("Enter");
    // The composer says so once the server has answered (it writes the summary first).
    await page.locator(".sv-composer [role='status']").getByText("Compacted: the session goes on from its summary.").waitFor({ timeout: 30_000 });
    expect(await storedMessages(alpha, s.id)).toContainEqual(
      expect.objectContaining({ info: expect.objectContaining({ role: "assistant", summary: true }) }),
    );
    expect(await box.inputValue()).toBe("");
    expect(JSON.stringify(await storedMessages(alpha, s.id))).not.toContain("/compact");

    const before = new Set((await storedSessionsOf(alpha)).map((x) => x.id));
    await box.pressSequentially("/new");
    await popup(page)
      .getByRole("option", { name: /^\/new/ })
      .waitFor({ timeout: 15_000 });
    await box.press("Enter");
    const pane = page.locator(`section.sv-new[data-new-session-for="${alphaId}"]`);
    await pane.waitFor({ timeout: 15_000 });
    // Nothing exists on the server until the first send.
    expect((await storedSessionsOf(alpha)).filter((x) => !before.has(x.id))).toEqual([]);
    const fresh = composer(page);
    await fresh.fill("first words of the new session");
    await fresh.press("Enter");
    const created = await waitFor("the new session on alpha", async () => (await storedSessionsOf(alpha)).find((x) => !before.has(x.id)), 20_000);
    await page.locator(`section.sv-session[data-session-id="${created.id}"]`).waitFor({ timeout: 15_000 });
    const users = await storedUsers(alpha, created.id);
    expect(textOf(users[0])).toBe("first words of the new session");
  });

  it("a file dropped on the composer arrives on the server as a file part", async () => {
    const s = await createSession(alpha, "drop");
    const page = await open(`/?session=${s.id}`);
    const box = await composerOf(page, s.id);
    await box.fill("see the dropped file");
    // A DataTransfer built in the page, carrying a file as a drag from the desktop would.
    const dataTransfer = await page.evaluateHandle(() => {
      const data = new DataTransfer();
      data.items.add(new File(["dropped notes"], "dropped.txt", { type: "text/plain" }));
      return data;
    });
    // The composer accepts the drag (dragover cancelled), so the browser would deliver the drop.
    const accepted = await box.evaluate(
      (el, data) => !el.dispatchEvent(new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true })),
      dataTransfer,
    );
    expect(accepted).toBe(true);
    await box.dispatchEvent("drop", { dataTransfer });
    await page.getByRole("button", { name: "Remove dropped.txt" }).waitFor({ timeout: 5_000 });
    expect(await box.inputValue()).toBe("see the dropped file");
    await box.press("Enter");

    const [user] = await storedUsers(alpha, s.id);
    const files = (user?.parts ?? []).filter((p): p is FilePart => p.type === "file");
    expect(files.map((f) => ({ mime: f.mime, url: f.url, filename: f.filename }))).toEqual([
      { mime: "text/plain", url: `data:text/plain;base64,${Buffer.from("dropped notes").toString("base64")}`, filename: "dropped.txt" },
    ]);
    expect(textOf(user)).toContain("see the dropped file");
  });

  it("Up and Down in an empty box recall the session's earlier prompts", async () => {
    const s = await createSession(alpha, "history");
    await runTurn(alpha, s.id, "first prompt");
    const second = await runTurn(alpha, s.id, "second prompt");
    const page = await open(`/?session=${s.id}`);
    await page.locator(`[data-message-id="${second.info.id}"]`).waitFor({ timeout: 15_000 });
    const box = await composerOf(page, s.id);
    await box.click();
    const pressed = async (key: "ArrowUp" | "ArrowDown") => {
      await box.press(key);
      return box.inputValue();
    };
    expect(await pressed("ArrowUp")).toBe("second prompt");
    expect(await pressed("ArrowUp")).toBe("first prompt");
    expect(await pressed("ArrowUp")).toBe("first prompt");
    expect(await pressed("ArrowDown")).toBe("second prompt");
    expect(await pressed("ArrowDown")).toBe("");
    // Once the recalled text is edited, the arrows move the caret again instead of recalling.
    expect(await pressed("ArrowUp")).toBe("second prompt");
    await box.press("End");
    await box.pressSequentially(" again");
    expect(await pressed("ArrowUp")).toBe("second prompt again");
    await box.press("Enter");
    await storedUsers(alpha, s.id, 3);
    const users = (await storedMessages(alpha, s.id)).filter((m) => m.info.role === "user");
    expect(users.map((m) => textOf(m))).toEqual(["first prompt", "second prompt", "second prompt again"]);
  });

  it("!command runs a shell command in the session", async () => {
    const s = await createSession(alpha, "shell");
    const page = await open(`/?session=${s.id}`);
    const box = await composerOf(page, s.id);
    await waitFor("the agents to load", async () => (await page.getByRole("combobox", { name: "Agent" }).inputValue()) === "build", 15_000);
    await box.fill("!echo shell-from-composer");
    await box.press("Enter");
    const tool = await waitFor(
      "the shell's tool part on the server",
      async () => {
        const parts = (await storedMessages(alpha, s.id)).flatMap((m) => m.parts);
        return parts.find((p): p is ToolPart => p.type === "tool" && p.state.status === "completed");
      },
      30_000,
    );
    expect(tool.tool).toBe("bash");
    expect(tool.state.status === "completed" ? tool.state.output : "").toContain("shell-from-composer");
  });
});

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
    // The owner's lists have answered (a send waits for them first), so it is the prompt itself that hangs below.
    const model = page.locator(`section.sv-session[data-session-id="${victim.id}"]`).getByRole("combobox", { name: "Model" });
    await waitFor("beta's models in the picker", async () => (await model.inputValue()) === "mock/mock-1", 15_000);

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
