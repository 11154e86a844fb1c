/**
 * OpenCode 2 in remote mode: the built hub on 127.0.0.2 with `--remote`, a 1.18.33 `serve` and a
 * 2.1.2 `serve` (its password found by the hub) on 127.0.0.1, Debian's Chromium signed in with the
 * one-time link. Both generations' event streams come through the ONE multiplexed relay stream
 * (`/relay/_events`), 2.x's heartbeat comments included, and the page never asks a server directly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import type { FleetServer, V2FleetServer } from "../scripts/fleet/index.js";
import { createSession, isSettled, lastAssistantText, listMessages } from "../scripts/fleet/client.js";
import { connectionLog, connectionOf, installConnectionLog, pageNow } from "./support/live-page.js";
import { browserSuite } from "./support/suite.js";
import { waitFor } from "./support/wait.js";
import { flat, sendFromComposer, timelineMessages, waitConnected } from "./support/workspace-page.js";

let v1: FleetServer;
let v2: V2FleetServer;
let context: BrowserContext;
let page: Page;
let cookie = "";
/** Every URL the page requested (fetch and EventSource alike). */
const requested: string[] = [];

/** The hub's id for a fleet server, read as the signed-in page would. */
async function remoteInstanceId(server: FleetServer): Promise<string> {
  return waitFor(
    `the hub to list :${server.port} as ready`,
    async () => {
      const doc = (await (await fetch(`${suite.hub.url}/api/instances`, { headers: { cookie } })).json()) as {
        instances: Array<{ id: string; port: number; status: string; protocol: string }>;
      };
      return doc.instances.find((i) => i.port === server.port && i.status === "ready")?.id;
    },
    60_000,
  );
}

const suite = browserSuite(
  { count: 1, wordDelayMs: 10 },
  {
    more: async (fleet) => {
      v2 = await fleet.startServer({ generation: 2, name: "v2remote" });
    },
    hub: { args: ["--host", "127.0.0.2", "--remote"] },
    // The hub answers 401 until the page signs in; the tests read ids with the cookie (remoteInstanceId).
    lookupIds: false,
    hookTimeoutMs: 180_000,
  },
);

beforeAll(async () => {
  v1 = suite.servers[0] as FleetServer;
  const link = await waitFor(
    "the one-time link in the hub's output",
    () => /(http:\/\/127\.0\.0\.2:\d+\/auth\/[A-Za-z0-9_-]{43})/.exec(suite.hub.output())?.[1],
  );
  context = await suite.browser.newContext({ viewport: { width: 1280, height: 860 } });
  await installConnectionLog(context);
  page = await context.newPage();
  page.on("request", (r) => requested.push(r.url()));
  page.on("pageerror", (err) => console.error("[v2 remote page] page error:", err));
  await page.goto(link);
  const session = (await context.cookies(suite.hub.url)).find((c) => c.name === "switchboard_session");
  cookie = `${session?.name}=${session?.value}`;
});

afterAll(async () => {
  await context?.close();
});

describe("OpenCode 2 through the remote relay", () => {
  it("streams a 2.x reply to the page over the one multiplexed relay stream, beside 1.x", async () => {
    const [v1Id, v2Id] = [await remoteInstanceId(v1), await remoteInstanceId(v2)];
    await waitConnected(page, [v1Id, v2Id], 30_000);
    const s = await createSession(v2, { title: "v2 through the relay" });
    await page.goto(`${suite.hub.url}/?session=${s.id}`);
    await waitConnected(page, [v1Id, v2Id], 30_000);
    await sendFromComposer(page, "hello over the relay [[slow:20]]");
    await waitFor("the reply to end on the server", () => isSettled(v2, s.id), 40_000);
    const stored = flat(lastAssistantText(await listMessages(v2, s.id)));
    expect(stored).toContain("Mock reply to: hello over the relay");
    await waitFor(
      "the streamed reply on the page",
      async () => flat(await timelineMessages(page, "assistant").last().innerText()).includes(stored),
      15_000,
    );
    // Every request went to the hub; no instance has an event stream of its own, 2.x's included.
    expect(requested.filter((u) => !u.startsWith(`${suite.hub.url}/`))).toEqual([]);
    expect(requested.filter((u) => /\/relay\/[^/]+\/(global\/|api\/)?event/.test(u))).toEqual([]);
    expect(requested.filter((u) => u === `${suite.hub.url}/relay/_events`).length).toBeGreaterThanOrEqual(1);
    expect(requested.some((u) => u.startsWith(`${suite.hub.url}/relay/${v2Id}/api/session/${s.id}/prompt`))).toBe(true);
  });

  it("an idle 2.x tab stays connected past the 25 s watchdog: its heartbeat comments come through the mux", async () => {
    const v2Id = await remoteInstanceId(v2);
    const since = await pageNow(page);
    // Without the comments the 2.x stream would be silent here and go stalled after 25 s.
    const until = Date.now() + 27_000;
    while (Date.now() < until) {
      expect(await connectionOf(page, v2Id)).toBe("connected");
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(await connectionLog(page, since, [v2Id])).toEqual([]);
  }, 40_000);
});
