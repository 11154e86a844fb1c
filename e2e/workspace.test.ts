/**
 * The session workspace (tasks/03) in a real browser: real `opencode serve` processes (and a TUI
 * in tmux when available) talking to the mock model, the built hub, Debian's Chromium.
 * The hub lists every OpenCode on the machine, so everything here is selected by this fleet's
 * ports and directories.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { ToolPart } from "@opencode-ai/sdk/v2";
import { tuiAvailable, type FleetServer } from "../scripts/fleet/index.js";
import { tapEvents } from "./support/workspace-event-tap.js";
import { createSession, pendingPermissions, rest, seedUserMessages, settledReply, storedMessages, textOf } from "./support/rest.js";
import { browserSuite } from "./support/suite.js";
import { waitFor } from "./support/wait.js";
import {
  composer,
  directoryGroup,
  flat,
  instanceTab,
  openFromList,
  sendFromComposer,
  sessionRows,
  sessionTab,
  timelineMessages,
} from "./support/workspace-page.js";

const suite = browserSuite(
  { count: 2, wordDelayMs: 10 },
  {
    more: async (fleet) => {
      if (tuiAvailable()) {
        // The TUI first, then a serve in the same directory: the newer serve would win a directory
        // tie-break, so only real ownership can route the TUI's session to the TUI.
        tui = await fleet.startServer({ kind: "tui", name: "tui" });
        gamma = await fleet.startServer({ name: "gamma", directory: tui.directory });
      } else {
        gamma = await fleet.startServer({ name: "gamma" });
      }
    },
  },
);
let alpha: FleetServer;
let beta: FleetServer;
/** A serve instance with no sessions until the "New session" test; shares the TUI's directory when there is one. */
let gamma: FleetServer;
let tui: FleetServer | undefined;

beforeAll(() => {
  [alpha, beta] = suite.servers as [FleetServer, FleetServer];
});

const idOf = (server: FleetServer): string => suite.idOf(server);

/** What the server and the page show for a session, for failure messages. */
async function explain(page: Page, server: FleetServer, sessionId: string): Promise<string> {
  const stored = await storedMessages(server, sessionId).catch((e: unknown) => String(e));
  const summary =
    typeof stored === "string"
      ? stored
      : stored
          .map((m) => `${m.info.role}:${m.parts.map((p) => (p.type === "tool" ? `tool(${p.tool}:${p.state.status})` : p.type)).join(",")}`)
          .join(" | ");
  const pending = await pendingPermissions(server).catch((e: unknown) => String(e));
  const shot = `/tmp/workspace-failure-${Date.now()}.png`;
  await page.screenshot({ path: shot }).catch(() => undefined);
  const timelineText = await page
    .locator(".sv-timeline")
    .innerText()
    .catch(() => "");
  return `server: ${summary}\npending permissions: ${JSON.stringify(pending).slice(0, 400)}\npage timeline: ${timelineText.slice(-600)}\nscreenshot: ${shot}`;
}

/** Waits for a locator; on timeout the error says what the server and the page had. */
async function expectShown(page: Page, selector: string, server: FleetServer, sessionId: string, timeoutMs = 20_000): Promise<void> {
  try {
    await page.locator(selector).first().waitFor({ timeout: timeoutMs });
  } catch (error) {
    throw new Error(`${selector} not shown within ${timeoutMs} ms\n${await explain(page, server, sessionId)}`, { cause: error });
  }
}

/** A fresh page on the hub, waiting until this fleet's instances are connected. */
const open = (path = "/"): Promise<Page> => suite.open(path);

describe("session list", () => {
  it("lists each instance's session once in All, grouped by directory in one stable order; an instance tab shows only its own; filter", async () => {
    const a = await createSession(alpha, "ws list alpha");
    const b = await createSession(beta, "ws list beta");
    const page = await open();

    await waitFor("both sessions listed", async () => (await sessionRows(page, a.id).count()) === 1 && (await sessionRows(page, b.id).count()) === 1);
    expect(await directoryGroup(page, alpha.directory).locator(`[data-session-id="${a.id}"]`).count()).toBe(1);
    expect(await directoryGroup(page, beta.directory).locator(`[data-session-id="${b.id}"]`).count()).toBe(1);
    const row = sessionRows(page, b.id);
    expect(await row.getAttribute("data-session-status")).toBe("idle");
    expect(await row.innerText()).toContain("ws list beta");
    expect(await row.locator("time").innerText()).toMatch(/just now|s ago/);

    // One stable order (issue 7, store/order.ts): groups by folder name, never by activity, so alpha's
    // group stays before beta's although beta's session is newer.
    const order = await page
      .locator('nav[aria-label="Session list"] section')
      .evaluateAll((sections) => sections.map((s) => s.getAttribute("aria-label")));
    expect(order.indexOf(alpha.directory)).toBeGreaterThanOrEqual(0);
    expect(order.indexOf(alpha.directory)).toBeLessThan(order.indexOf(beta.directory));

    await instanceTab(page, idOf(alpha)).click();
    await waitFor("alpha's tab to show only alpha's sessions", async () => (await sessionRows(page, b.id).count()) === 0);
    expect(await sessionRows(page, a.id).count()).toBe(1);
    expect(page.url()).toContain(`/instance/${idOf(alpha)}`);

    await instanceTab(page, "all").click();
    await page.getByRole("searchbox", { name: "Filter sessions" }).fill("list beta");
    await waitFor("the filter to hide alpha's session", async () => (await sessionRows(page, a.id).count()) === 0);
    expect(await sessionRows(page, b.id).count()).toBe(1);
    await page.getByRole("searchbox", { name: "Filter sessions" }).fill("");
    await waitFor("alpha's session back", async () => (await sessionRows(page, a.id).count()) === 1);
  });

  it("lists more sessions than OpenCode's default page of 100", async () => {
    const oldest = await createSession(beta, "ws the oldest of many");
    for (let i = 0; i < 100; i += 10) await Promise.all(Array.from({ length: 10 }, (_, j) => createSession(beta, `ws many ${i + j}`)));
    const page = await open();
    await waitFor("the 101st newest session listed", async () => (await sessionRows(page, oldest.id).count()) === 1, 15_000);
  });

  it("shows a running instance's directory with New session even before it has sessions; the button opens a composer there and the first send creates the session", async () => {
    const page = await open();
    const group = directoryGroup(page, gamma.directory);
    const button = group.locator(`button[aria-label="New session"][data-new-session-for="${idOf(gamma)}"]`);
    await button.waitFor({ timeout: 10_000 });
    await button.click();
    // Ready to type: the new session's composer has the focus and says where it sends.
    await waitFor("the composer focused", () =>
      page.evaluate(() => document.activeElement?.getAttribute("aria-label") === "Message" || document.activeElement?.tagName === "TEXTAREA"),
    );
    expect(await page.locator(".sv-composer").innerText()).toContain(`:${gamma.port}`);
    // Lazy (issue 7): the server session is created by the first send.
    await sendFromComposer(page, "ws new session first words");

    const tab = page.getByRole("tablist", { name: "Sessions" }).locator('[role="tab"][aria-selected="true"]');
    const sessionId = await waitFor("the new session's tab", () => tab.getAttribute("data-session-id", { timeout: 1_000 }).catch(() => null));
    const listed = await rest<Array<{ id: string; directory: string }>>(gamma, `/session?directory=${encodeURIComponent(gamma.directory)}`);
    expect(listed.map((s) => s.id)).toContain(sessionId);
    await waitFor("the new session listed in its group", async () => (await group.locator(`[data-session-id="${sessionId}"]`).count()) === 1);
    expect(await page.locator(".sv-composer").innerText()).toContain(`:${gamma.port}`);
  });
});

describe("sending and the live timeline", () => {
  it("sends with Enter (Shift+Enter = newline); the reply streams live and ends equal to the stored text; one user message with the server's id", async () => {
    const s = await createSession(alpha, "ws send");
    const page = await open(`/?session=${s.id}`);
    await composer(page).waitFor();
    const box = composer(page);
    await box.click();
    await box.pressSequentially("first line");
    await box.press("Shift+Enter");
    await box.pressSequentially("second line [[slow:40]]");
    expect(await box.inputValue()).toBe("first line\nsecond line [[slow:40]]");
    await waitFor("Send enabled", () => page.getByRole("button", { name: "Send", exact: true }).isEnabled());
    await box.press("Enter");

    // Sample the growing reply until the server says it is done.
    const seen = new Set<string>();
    const stored = await waitFor(
      "the reply to complete on the server",
      async () => {
        const text = await timelineMessages(page, "assistant")
          .last()
          .locator('[data-part-type="text"]')
          .allInnerTexts()
          .catch(() => []);
        seen.add(flat(text.join(" ")));
        return settledReply(alpha, s.id);
      },
      30_000,
      50,
    );
    const finalText = flat(textOf(stored));
    expect(finalText).toContain("Mock reply to: first line second line");
    await waitFor(
      "the page to show the stored reply",
      async () => flat((await timelineMessages(page, "assistant").last().locator('[data-part-type="text"]').allInnerTexts()).join(" ")) === finalText,
    );
    // It grew: some sample was a non-empty proper prefix of the final text.
    expect([...seen].some((t) => t.length > 0 && t.length < finalText.length && finalText.startsWith(t))).toBe(true);

    const messages = await storedMessages(alpha, s.id);
    const user = messages.filter((m) => m.info.role === "user");
    expect(user).toHaveLength(1);
    expect(textOf(user[0])).toBe("first line\nsecond line [[slow:40]]");
    await waitFor("exactly one user message on the page", async () => (await timelineMessages(page, "user").count()) === 1);
    expect(await timelineMessages(page, "user").getAttribute("data-message-id")).toBe(user[0]?.info.id);
    expect(await box.inputValue()).toBe("");
    // Per-turn cost/tokens line.
    expect(await timelineMessages(page, "assistant").last().locator('[data-part-type="step-finish"]').innerText()).toMatch(/\$\d.*in.*out/s);
  });

  it("renders a read tool call as a card that reaches completed, with collapsible output", async () => {
    const s = await createSession(alpha, "ws read");
    const page = await open(`/?session=${s.id}`);
    await sendFromComposer(page, `[[read:${alpha.directory}/README.md]] read it`);
    const card = page.locator('.sv-timeline [data-part-type="tool"]').first();
    await expectShown(page, '.sv-timeline [data-part-type="tool"]', alpha, s.id);
    await waitFor(
      "the tool card to say completed",
      async () => (await card.locator("[data-tool-status]").getAttribute("data-tool-status")) === "completed",
      20_000,
    );
    expect(await card.innerText()).toContain("read");
    const output = card.locator("details", { hasText: "Output" });
    expect(await output.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await output.locator("summary").click();
    expect(await output.locator("pre").innerText()).toContain("A throwaway repo");
    await waitFor("the turn to settle", () => settledReply(alpha, s.id), 20_000);
  });

  it("asks for bash permission inline with an attention count on the instance tab; Allow once completes the tool", async () => {
    const s = await createSession(beta, "ws bash");
    const page = await open(`/?session=${s.id}`);
    await sendFromComposer(page, "[[bash:echo hi-from-bash]] run it");
    const prompt = page.locator("[data-permission-id]");
    await expectShown(page, "[data-permission-id]", beta, s.id);
    const requestId = await prompt.getAttribute("data-permission-id");
    expect((await pendingPermissions(beta)).map((p) => p.id)).toContain(requestId);
    const badge = instanceTab(page, idOf(beta)).locator(".badge");
    expect(await badge.innerText()).toBe("1");
    expect(await instanceTab(page, idOf(beta)).getAttribute("aria-label")).toContain("1 waiting for you");
    expect(await sessionRows(page, s.id).innerText()).toContain("needs permission");

    await prompt.getByRole("button", { name: "Allow once" }).click();
    const tool = await waitFor(
      "the bash tool to complete on the server",
      async () => {
        const parts = (await storedMessages(beta, s.id)).flatMap((m) => m.parts);
        const part = parts.find((p): p is ToolPart => p.type === "tool" && p.tool === "bash");
        return part?.state.status === "completed" ? part : undefined;
      },
      20_000,
    );
    expect(tool.state.status === "completed" ? tool.state.output : "").toContain("hi-from-bash");
    const card = page.locator('.sv-timeline [data-part-type="tool"]').first();
    await waitFor(
      "the card to say completed",
      async () => (await card.locator("[data-tool-status]").getAttribute("data-tool-status")) === "completed",
    );
    await waitFor("the prompt and the badge to go", async () => (await prompt.count()) === 0 && (await badge.count()) === 0);
  });

  it("opens a task's child session in a tab beside its parent without taking the focus from the composer", async () => {
    const s = await createSession(alpha, "ws task");
    const page = await open(`/?session=${s.id}`);
    await sendFromComposer(page, "[[task:look around]] [[slow:30]] delegate");
    const box = composer(page);
    await box.pressSequentially("still typing");
    const child = await waitFor("the child session", async () => (await rest<Array<{ id: string }>>(alpha, `/session/${s.id}/children`))[0], 20_000);
    await sessionTab(page, child.id).waitFor({ timeout: 15_000 });
    await box.pressSequentially(" more");

    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("TEXTAREA");
    expect(await box.inputValue()).toBe("still typing more");
    expect(await sessionTab(page, s.id).getAttribute("aria-selected")).toBe("true");
    expect(await sessionTab(page, child.id).getAttribute("aria-selected")).toBe("false");
    // Beside its parent.
    const order = await page
      .getByRole("tablist", { name: "Sessions" })
      .locator('[role="tab"]')
      .evaluateAll((tabs) => tabs.map((t) => t.getAttribute("data-session-id")));
    expect(order.indexOf(child.id)).toBe(order.indexOf(s.id) + 1);
    // Children sit under their parent in the list.
    expect(await sessionRows(page, child.id).getAttribute("class")).toContain("is-child");
    await waitFor("the task turn to settle", () => settledReply(alpha, s.id), 30_000);
  });

  it("renders HTML and script in a reply as text and runs nothing", async () => {
    const s = await createSession(beta, "ws html");
    const page = await open(`/?session=${s.id}`);
    await sendFromComposer(page, "[[html]] show markup");
    const stored = await waitFor("the reply", () => settledReply(beta, s.id), 20_000);
    expect(textOf(stored)).toContain("<script>");
    const reply = timelineMessages(page, "assistant").last().locator('[data-part-type="text"]');
    await waitFor("the markup shown as text", async () => (await reply.innerText()).includes("<script>window.__pwned=1</script>"));
    expect(await reply.innerText()).toContain('<img src=x onerror="window.__pwned=2">');
    expect(await reply.locator("strong").innerText()).toBe("bold");
    expect(await page.locator(".sv-timeline script, .sv-timeline img, .sv-timeline [onerror]").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });

  it("keeps the text and says why when a send fails (network, 400, 500); a later send works", async () => {
    const s = await createSession(alpha, "ws fail");
    const page = await open(`/?session=${s.id}`);
    const route = `${alpha.url}/session/${s.id}/prompt_async**`;
    await page.route(route, (r) => r.abort("connectionrefused"));
    await sendFromComposer(page, "this must not be lost");
    const alert = page.locator(".sv-composer [role=alert]");
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(new RegExp(`Not sent: Could not reach OpenCode at :${alpha.port}`));
    expect(await composer(page).inputValue()).toBe("this must not be lost");
    expect(await timelineMessages(page, "user").count()).toBe(0);

    await page.unroute(route);
    await page.route(route, (r) =>
      r.fulfill({ status: 400, contentType: "application/json", body: JSON.stringify({ name: "BadRequest", data: { message: "prompt rejected" } }) }),
    );
    await composer(page).press("Enter");
    await waitFor("the 400 in words", async () => /\(400\)/.test(await alert.innerText().catch(() => "")));
    expect(await composer(page).inputValue()).toBe("this must not be lost");

    await page.unroute(route);
    await page.route(route, (r) =>
      r.fulfill({ status: 500, contentType: "application/json", body: JSON.stringify({ name: "UnknownError", data: { message: "disk on fire" } }) }),
    );
    await composer(page).press("Enter");
    await waitFor(
      "the 500 in words",
      async () => /500/.test(await alert.innerText().catch(() => "")) && (await alert.innerText()).includes("disk on fire"),
    );
    expect(await composer(page).inputValue()).toBe("this must not be lost");

    await page.unroute(route);
    await composer(page).press("Enter");
    await waitFor("the text to be sent", async () => (await composer(page).inputValue()) === "" && (await alert.count()) === 0);
    await waitFor("the reply", () => settledReply(alpha, s.id), 20_000);
  });

  it("shows a model error (session.error) where it happened", async () => {
    const s = await createSession(beta, "ws model error");
    const page = await open(`/?session=${s.id}`);
    await sendFromComposer(page, "[[error:400]] please fail");
    const shown = page.locator(".sv-timeline [role=alert]").first();
    await shown.waitFor({ timeout: 20_000 });
    expect(await shown.innerText()).toMatch(/Mock model/);
    // Once: OpenCode reports it on the message and as session.error, the page shows it one time.
    await waitFor("the turn to end", async () => (await rest<Record<string, unknown>>(beta, "/session/status"))[s.id] === undefined);
    expect(await page.locator(".sv-timeline [role=alert]", { hasText: "Mock model" }).count()).toBe(1);
    // In place: after the user message that caused it.
    const order = await page
      .locator(".sv-timeline [data-message-id], .sv-timeline [role=alert]")
      .evaluateAll((els) => els.map((e) => (e.hasAttribute("data-message-id") ? e.getAttribute("data-role") : "error")));
    expect(order.indexOf("user")).toBeLessThan(order.indexOf("error"));
  });

  it("shows a retrying model call as retry (row, header) and Stop ends it", async () => {
    const s = await createSession(beta, "ws retry");
    const page = await open(`/?session=${s.id}`);
    await sendFromComposer(page, "[[error:503]] try again later");
    await waitFor("the row to say retry", async () => (await sessionRows(page, s.id).getAttribute("data-session-status")) === "retry", 20_000);
    expect(await sessionRows(page, s.id).innerText()).toContain("retry");
    expect(await page.locator(".sv-header .sv-status").innerText()).toMatch(/retry \d+ in \d+s: Mock model refused/);
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await waitFor("the server to be idle", async () => (await rest<Record<string, unknown>>(beta, "/session/status"))[s.id] === undefined, 15_000);
    await waitFor("the row to be idle", async () => (await sessionRows(page, s.id).getAttribute("data-session-status")) === "idle");
  });

  it("Stop aborts a running reply", async () => {
    const s = await createSession(beta, "ws stop");
    const page = await open(`/?session=${s.id}`);
    await sendFromComposer(page, "[[long:300]] [[slow:100]] go on and on");
    const stop = page.getByRole("button", { name: "Stop", exact: true });
    await stop.waitFor({ timeout: 15_000 });
    await waitFor("some text streamed", async () => (await timelineMessages(page, "assistant").count()) > 0);
    await stop.click();
    await waitFor(
      "the server to stop the session",
      async () => {
        const last = (await storedMessages(beta, s.id)).at(-1);
        return last?.info.role === "assistant" && last.info.error?.name === "MessageAbortedError";
      },
      15_000,
    );
    await waitFor(
      "Stop to go and the row to be idle",
      async () => (await stop.count()) === 0 && (await sessionRows(page, s.id).getAttribute("data-session-status")) === "idle",
    );
    expect(await timelineMessages(page, "assistant").last().innerText()).toContain("Stopped.");
  });
});

describe("timeline scrolling", () => {
  it("opens on the newest page, follows the bottom while streaming, stops following when scrolled up, loads older pages keeping the position", async () => {
    const s = await createSession(beta, "ws history");
    await seedUserMessages(beta, s.id, 64, (i) => `seed message ${i}\n\nwith a second paragraph so rows have some height`);
    const stored = await storedMessages(beta, s.id);
    const page = await open(`/?session=${s.id}`);
    const scroller = page.locator(".sv-timeline-scroll");
    const newest = stored.at(-1)?.info.id ?? "";
    await page.locator(`[data-message-id="${newest}"]`).waitFor();
    const atBottom = () => scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 60);
    await waitFor("the view at the bottom", atBottom);
    expect(await page.locator(`[data-message-id="${stored[0]?.info.id}"]`).count()).toBe(0);

    // Scroll to the top: the next older page loads and the row that was on top stays put. The older
    // page's request is held until the row has been measured where the user saw it.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let asked = false;
    const olderPage = (url: URL) => url.pathname === `/session/${s.id}/message` && url.searchParams.has("before");
    await page.route(olderPage, async (route) => {
      asked = true;
      await gate;
      await route.continue();
    });
    const anchor = page.locator(`[data-message-id="${stored[stored.length - 50]?.info.id}"]`);
    await scroller.evaluate((el) => (el.scrollTop = 0));
    await waitFor("the older page to be asked for", () => asked);
    await anchor.waitFor({ timeout: 5_000 }).catch(async (e: unknown) => {
      const dump = await scroller.evaluate((el) => ({
        top: el.scrollTop,
        h: el.scrollHeight,
        rows: [...el.querySelectorAll("[data-message-id], [data-timeline-marker]")].map(
          (r) => `${r.textContent?.slice(0, 40)}@${Math.round(r.getBoundingClientRect().top)}`,
        ),
      }));
      throw new Error(`${String(e)}\n${JSON.stringify(dump)}`);
    });
    const before = await anchor.evaluate((el) => el.getBoundingClientRect().top);
    release();
    // The message just older than the anchor renders above it once the page is in.
    await page.locator(`[data-message-id="${stored[stored.length - 51]?.info.id}"]`).waitFor({ state: "attached", timeout: 15_000 });
    await page.unroute(olderPage);
    const after = await anchor.evaluate((el) => el.getBoundingClientRect().top);
    expect(Math.abs(after - before)).toBeLessThan(4);
    // And the oldest message is there above it, under the start marker.
    await scroller.evaluate((el) => (el.scrollTop = 0));
    await page.locator(`[data-message-id="${stored[0]?.info.id}"]`).waitFor();
    await page.getByText("Start of session").waitFor();

    // Back to the bottom, stream a long reply: the view follows it.
    await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await sendFromComposer(page, "[[long:400]] [[slow:15]] a long one");
    await waitFor("the reply to start", async () => (await timelineMessages(page, "assistant").count()) > 0, 15_000);
    await waitFor(
      "the reply to grow past one screen",
      async () =>
        (await timelineMessages(page, "assistant")
          .last()
          .evaluate((el) => el.getBoundingClientRect().height)) > 250,
    );
    await waitFor("following the bottom while streaming", atBottom, 5_000);

    // Scrolled up: stays where the user put it, offers Jump to latest.
    await scroller.hover();
    await page.mouse.wheel(0, -600);
    const jump = page.getByRole("button", { name: /Jump to latest/ });
    await jump.waitFor({ timeout: 5_000 });
    const top = await scroller.evaluate((el) => el.scrollTop);
    await waitFor("the reply to finish", () => settledReply(beta, s.id), 30_000);
    expect(Math.abs((await scroller.evaluate((el) => el.scrollTop)) - top)).toBeLessThan(4);
    await jump.click();
    await waitFor("back at the bottom", atBottom, 5_000);
    await waitFor("Jump to latest to go", async () => (await jump.count()) === 0);
  });
});

describe("unread", () => {
  it("marks a session that changed while not viewed (row and tab), and clears it once viewed", async () => {
    const viewed = await createSession(alpha, "ws unread viewed");
    const other = await createSession(alpha, "ws unread other");
    const page = await open(`/?session=${other.id}`);
    await composer(page).waitFor();
    await openFromList(page, viewed.id);
    expect(await sessionRows(page, other.id).getAttribute("data-unread")).toBeNull();
    // The other session gets a reply while the user looks at another one.
    await rest(alpha, `/session/${other.id}/prompt_async`, { parts: [{ type: "text", text: "background work" }] });
    await waitFor("the reply", () => settledReply(alpha, other.id), 20_000);
    await waitFor("the row marked unread", async () => (await sessionRows(page, other.id).getAttribute("data-unread")) === "true");
    await waitFor("the tab marked unread", async () => (await sessionTab(page, other.id).locator('[aria-label="unread"]').count()) === 1);
    expect(await sessionRows(page, viewed.id).getAttribute("data-unread")).toBeNull();
    await sessionTab(page, other.id).click();
    await waitFor("the mark cleared", async () => (await sessionRows(page, other.id).getAttribute("data-unread")) === null);
    expect(await sessionTab(page, other.id).locator('[aria-label="unread"]').count()).toBe(0);
  });
});

describe("session tabs", () => {
  it("keeps tabs of two instances across a reload (order and active tab), switches with the keyboard, closes", async () => {
    const a = await createSession(alpha, "ws tabs alpha");
    const b = await createSession(beta, "ws tabs beta");
    const page = await open();
    await waitFor("both rows", async () => (await sessionRows(page, a.id).count()) === 1 && (await sessionRows(page, b.id).count()) === 1);
    await openFromList(page, a.id);
    await openFromList(page, b.id);
    expect(await sessionTab(page, b.id).getAttribute("aria-selected")).toBe("true");
    // Each tab names its instance and its session.
    expect(flat(await sessionTab(page, a.id).innerText())).toMatch(/alpha.*ws tabs alpha/);
    expect(flat(await sessionTab(page, b.id).innerText())).toMatch(/beta.*ws tabs beta/);

    await sessionTab(page, b.id).focus();
    await page.keyboard.press("ArrowLeft");
    await waitFor("ArrowLeft to activate alpha's tab", async () => (await sessionTab(page, a.id).getAttribute("aria-selected")) === "true");

    await page.reload();
    await sessionTab(page, a.id).waitFor();
    const order = await page
      .getByRole("tablist", { name: "Sessions" })
      .locator('[role="tab"]')
      .evaluateAll((tabs) => tabs.map((t) => t.getAttribute("data-session-id")));
    expect(order).toEqual([a.id, b.id]);
    expect(await sessionTab(page, a.id).getAttribute("aria-selected")).toBe("true");
    await page.locator(`section.sv-session[data-session-id="${a.id}"]`).waitFor();

    await page.getByRole("button", { name: "Close ws tabs alpha" }).click();
    await waitFor(
      "alpha's tab closed and beta's active",
      async () => (await sessionTab(page, a.id).count()) === 0 && (await sessionTab(page, b.id).getAttribute("aria-selected")) === "true",
    );
    await page.reload();
    await sessionTab(page, b.id).waitFor();
    expect(await sessionTab(page, a.id).count()).toBe(0);
  });
});

describe.runIf(tuiAvailable())("a TUI started with --port", () => {
  it("runs the prompts of the session it owns: the page sends there, the pane shows prompt and reply, the serve in the same directory runs nothing", async () => {
    if (!tui) throw new Error("TUI server missing");
    const page = await open();
    const tap = await tapEvents(gamma);
    try {
      const s = await createSession(tui, "ws tui");
      await rest(tui, "/tui/select-session", { sessionID: s.id });
      await waitFor("the TUI's session listed", async () => (await sessionRows(page, s.id).count()) === 1);
      await openFromList(page, s.id);
      expect(await page.locator(".sv-composer").innerText()).toContain(`:${tui.port}`);
      await sendFromComposer(page, "tui ping from the page");
      const stored = await waitFor("the TUI to finish the reply", () => settledReply(tui as FleetServer, s.id), 30_000);
      expect(textOf(stored)).toContain("Mock reply to: tui ping from the page");
      await waitFor(
        "prompt and reply in the TUI pane",
        () => {
          const pane = suite.fleet.capture(tui as FleetServer);
          return pane.includes("tui ping from the page") && pane.includes("Mock reply to: tui ping from the page");
        },
        20_000,
      );
      await waitFor("the reply on the page", async () =>
        flat(
          await timelineMessages(page, "assistant")
            .last()
            .innerText()
            .catch(() => ""),
        ).includes("Mock reply to: tui ping"),
      );
      expect(tap.forSession(s.id).filter((e) => e.type.startsWith("message.") || e.type === "session.status")).toEqual([]);
    } finally {
      tap.close();
    }
  });
});

describe("without an owner", () => {
  it("says why the composer cannot send when the owner's process has exited, and keeps the draft", async () => {
    const s = await createSession(gamma, "ws orphan");
    const page = await open(`/?session=${s.id}`);
    await composer(page).fill("draft for later");
    // Only gamma serves... the TUI shares its directory, so stop both for a session nobody can run.
    await Promise.all([gamma.kill(), tui?.kill()]);
    const status = page.locator(".sv-composer");
    await waitFor("the composer to say why", async () => /No running OpenCode serves|has exited/.test(await status.innerText()), 20_000);
    expect(await status.innerText()).toContain(gamma.directory);
    expect(await page.getByRole("button", { name: "Send", exact: true }).isDisabled()).toBe(true);
    expect(await composer(page).inputValue()).toBe("draft for later");
  });
});
