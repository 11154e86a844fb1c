/**
 * kill -9 of an OpenCode 2 server (`@opencode/cli` 2.1.2 `serve`) mid-reply, then a restart on its
 * port and folder, in Chromium: the page keeps the words it showed, says the reply was interrupted,
 * stops claiming the session runs, reconnects to the new process and resyncs (2.x has no resume),
 * and the session works again. Needs `node scripts/start.mjs --build-only`.
 */
import { describe, expect, it } from "vitest";
import type { V2FleetServer } from "../scripts/fleet/index.js";
import { createSession, isSettled, lastAssistantText, listMessages } from "../scripts/fleet/client.js";
import { waitFor } from "./support/wait.js";
import { browserSuite } from "./support/suite.js";
import { flat, hubInstanceId, sendFromComposer, sessionRows, streamedWords, timelineMessages, waitConnected } from "./support/workspace-page.js";

// A fresh 2.x serve can take its time to answer its first probes on a loaded machine (dev-docs/discovery.md "Measured").
const suite = browserSuite({ count: 0, v2: 1, wordDelayMs: 2 }, { idTimeoutMs: 60_000 });

describe("OpenCode 2 killed mid-reply", () => {
  it("keeps what the page saw, marked interrupted; reconnects to the restarted server, resyncs, and the session answers again", async () => {
    const server = suite.servers[0] as V2FleetServer;
    const s = await createSession(server, { title: "v2 killed mid-reply" });
    const page = await suite.open(`/?session=${s.id}`);
    await sendFromComposer(page, "[[slow:150]] [[long:300]] tell me a long story");
    const reply = timelineMessages(page, "assistant").last();
    const row = sessionRows(page, s.id);
    const seen = await streamedWords(page, 8);
    expect(await row.getAttribute("data-session-status")).toBe("busy");

    await server.kill("SIGKILL");
    // Nothing claims the session still runs, and the words already shown stay.
    await waitFor("the row to leave busy", async () => (await row.getAttribute("data-session-status")) !== "busy", 5_000, 50);
    expect(await page.getByRole("button", { name: "Stop", exact: true }).count()).toBe(0);
    expect(flat(await reply.locator('[data-part-type="text"]').textContent())).toContain(seen.slice(0, 30));

    const restarted = (await suite.fleet.restart(server)) as V2FleetServer;
    const id = await hubInstanceId(suite.hub, restarted.port, 60_000, restarted.pid);
    await waitConnected(page, [id], 60_000);
    // The server's copy of the cut reply is empty and never completed (measured on 2.1.2); the page keeps what it showed and says why it stops.
    const cut = (await listMessages(restarted, s.id)).at(-1);
    expect(cut).toMatchObject({ type: "assistant", content: [{ type: "text", text: "" }] });
    expect(cut?.time.completed).toBeUndefined();
    await page.getByText("interrupted: the server stopped").waitFor({ timeout: 20_000 });
    await waitFor("the row to show the server's truth (idle)", async () => (await row.getAttribute("data-session-status")) === "idle", 20_000);
    expect(flat(await reply.locator('[data-part-type="text"]').first().textContent())).toContain(seen.slice(0, 30));

    // The restarted server streams the next turn to the same page.
    await sendFromComposer(page, "after the restart [[slow:20]]");
    await waitFor(
      "the new turn to end on the server",
      async () => (await isSettled(restarted, s.id)) && lastAssistantText(await listMessages(restarted, s.id)).includes("after the restart"),
      60_000,
    );
    const stored = flat(lastAssistantText(await listMessages(restarted, s.id)));
    await waitFor(
      "the new reply on the page",
      async () => flat(await timelineMessages(page, "assistant").last().innerText()).includes(stored),
      20_000,
    );
    // One user message per prompt on the page, as on the server.
    const users = (await listMessages(restarted, s.id)).filter((m) => m.type === "user").length;
    expect(await timelineMessages(page, "user").count()).toBe(users);
  });
});
