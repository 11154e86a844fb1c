/**
 * Timeline parts the mock model produces on cue (tasks/03), in Chromium against a real
 * `opencode serve`: reasoning (collapsed), fenced code (shiki, grammar loaded lazily) and an
 * agent question answered from the page. Needs `node scripts/start.mjs --build-only`.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { QuestionRequest, ReasoningPart, ToolPart } from "@opencode-ai/sdk/v2";
import type { FleetServer } from "../scripts/fleet/index.js";
import { codeReplyText, MOCK_QUESTION, reasoningText } from "../scripts/mock-llm/index.js";
import { createSession, rest, settledReply, storedMessages, textOf } from "./support/rest.js";
import { waitFor } from "./support/wait.js";
import { browserSuite } from "./support/suite.js";
import { flat, sendFromComposer, timelineMessages, waitConnected } from "./support/workspace-page.js";

const ASSETS = fileURLToPath(new URL("../packages/ui/dist/assets/", import.meta.url));

const suite = browserSuite({ count: 1, wordDelayMs: 10 });
let alpha: FleetServer;

beforeAll(() => {
  [alpha] = suite.servers as [FleetServer];
});

/** Every URL the page requested, in order. */
interface Recorded {
  page: Page;
  urls: string[];
}

/** A fresh page on a session of alpha, recording its requests from the first one. */
async function openSession(sessionId: string): Promise<Recorded> {
  const page = await suite.openPage(`/?session=${sessionId}`);
  const urls: string[] = [];
  page.on("request", (r) => urls.push(r.url()));
  await waitConnected(page, suite.ids);
  return { page, urls };
}

/** The built lazy chunk of one shiki grammar (`typescript-<hash>.js`). */
function grammarChunk(lang: string): string {
  const name = readdirSync(ASSETS).find((f) => f.startsWith(`${lang}-`) && f.endsWith(".js"));
  if (!name) throw new Error(`no ${lang} grammar chunk in ${ASSETS}: is the UI built?`);
  return name;
}

describe("parts the mock model produces on cue", () => {
  it("renders a reasoning part collapsed by default; opening it shows the stored reasoning", async () => {
    const s = await createSession(alpha, "parts reasoning");
    const { page } = await openSession(s.id);
    await sendFromComposer(page, "[[reasoning]] think first");
    const stored = await waitFor("the reply to complete on the server", () => settledReply(alpha, s.id), 30_000);
    const storedReasoning = stored.parts.find((p): p is ReasoningPart => p.type === "reasoning");
    expect(storedReasoning?.text).toBe(reasoningText("think first"));

    const part = timelineMessages(page, "assistant").last().locator('[data-part-type="reasoning"]');
    await part.waitFor({ timeout: 15_000 });
    // The reply text is on the page, so the reasoning is fully there too, yet collapsed.
    await waitFor("the reply text on the page", async () =>
      flat(await timelineMessages(page, "assistant").last().locator('[data-part-type="text"]').innerText()).startsWith("Mock reply to: think first"),
    );
    const details = part.locator("details");
    const body = part.getByText("Mock reasoning about: think first");
    expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await body.isVisible()).toBe(false);
    expect(await part.locator("summary").innerText()).toMatch(/Thought for|Thinking/);

    await part.locator("summary").click();
    await body.waitFor({ state: "visible", timeout: 5_000 });
    expect(flat(await part.locator(".sv-reasoning-body").innerText())).toBe(flat(storedReasoning?.text));
  });

  it("highlights a ts code block with shiki, loading the typescript grammar only once one appears", async () => {
    const ts = grammarChunk("typescript");
    const python = grammarChunk("python");
    const s = await createSession(alpha, "parts code");
    const { page, urls } = await openSession(s.id);
    await page.locator(`section.sv-session[data-session-id="${s.id}"]`).waitFor();
    expect(urls.filter((u) => u.includes(ts))).toEqual([]);

    await sendFromComposer(page, "[[code:ts]] show me");
    const code = timelineMessages(page, "assistant").last().locator('[data-part-type="text"] pre code');
    await code.first().waitFor({ timeout: 20_000 });
    // Before any code block the grammar was not fetched; after the block it is (once).
    const highlighted = timelineMessages(page, "assistant").last().locator('[data-part-type="text"] pre[data-highlighted] code');
    await highlighted.first().waitFor({ timeout: 15_000 });
    expect(urls.filter((u) => u.includes(ts))).toHaveLength(1);
    expect(urls.filter((u) => u.includes(python))).toEqual([]);

    // Shiki's tokens carry both themes' colours as CSS variables; the stylesheet turns them into colours.
    const tokens = await highlighted
      .first()
      .evaluate((el) =>
        [...el.querySelectorAll("span[style]")].map((s) => ({ style: s.getAttribute("style") ?? "", color: getComputedStyle(s).color })),
      );
    expect(tokens.length).toBeGreaterThan(5);
    for (const t of tokens) expect(t.style).toMatch(/--shiki-light:#[0-9a-f]{3,8}/i);
    expect(new Set(tokens.map((t) => t.color)).size).toBeGreaterThan(2);
    const stored = await waitFor("the reply to complete on the server", () => settledReply(alpha, s.id), 30_000);
    expect(textOf(stored)).toBe(codeReplyText("show me", "ts"));
    expect(await highlighted.first().innerText()).toContain("export function greet(name: string): string {");
  });

  it("shows the agent's question inline; the answer picked on the page goes to the owner and completes the tool", async () => {
    const s = await createSession(alpha, "parts question");
    const { page } = await openSession(s.id);
    const replies: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && /\/question\/[^/]+\/reply/.test(new URL(r.url()).pathname)) replies.push(r.url());
    });
    await sendFromComposer(page, "[[question]] pick a colour");

    const prompt = page.locator("[data-question-id]");
    await prompt.waitFor({ timeout: 20_000 });
    const requestId = await prompt.getAttribute("data-question-id");
    const pending = await rest<QuestionRequest[]>(alpha, "/question");
    expect(pending.map((q) => q.id)).toContain(requestId);
    expect(pending.find((q) => q.id === requestId)?.sessionID).toBe(s.id);
    expect(await prompt.innerText()).toContain(MOCK_QUESTION.question);

    await prompt.getByRole("radio", { name: /Blue/ }).check();
    await prompt.getByRole("button", { name: "Submit" }).click();
    const tool = await waitFor(
      "the question tool to complete on the server",
      async () => {
        const parts = (await storedMessages(alpha, s.id)).flatMap((m) => m.parts);
        const part = parts.find((p): p is ToolPart => p.type === "tool" && p.tool === "question");
        return part?.state.status === "completed" ? part : undefined;
      },
      20_000,
    );
    expect(tool.state.status === "completed" ? tool.state.output : "").toContain("Blue");
    expect(replies).toHaveLength(1);
    expect(new URL(replies[0] ?? "").port).toBe(String(alpha.port));
    await waitFor("the prompt to go", async () => (await prompt.count()) === 0);
    expect(await rest<QuestionRequest[]>(alpha, "/question")).toEqual([]);
    await waitFor("the turn to settle", () => settledReply(alpha, s.id), 20_000);
  });
});
