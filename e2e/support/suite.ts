/**
 * The usual browser-test setup in one call: a fleet, a built hub and Chromium started before the
 * file's tests, the hub's id for each fleet server, a fresh browser context per `open`, and all of
 * it stopped afterwards (contexts after each test, their console problems printed).
 */
import { afterAll, afterEach, beforeAll } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startFleet, type Fleet, type FleetOptions, type FleetServer } from "../../scripts/fleet/index.js";
import { launchBrowser } from "./browser.js";
import { startHub, type Hub } from "./hub.js";
import { hubInstanceId, openWorkspace, waitConnected, type OpenedPage } from "./workspace-page.js";

/** What the tests of a file use; fields are filled by beforeAll. */
export interface BrowserSuite {
  fleet: Fleet;
  hub: Hub;
  browser: Browser;
  /** The fleet's servers, in start order. */
  servers: FleetServer[];
  /** The hub's instance id of each server, same order. */
  ids: string[];
  /** Opens `path` in a new context and waits until every fleet server's tab is connected. */
  open(path: string): Promise<Page>;
}

/** Registers the hooks and returns the suite object the tests read. */
export function browserSuite(options: FleetOptions): BrowserSuite {
  const opened: OpenedPage[] = [];
  const suite = {
    servers: [] as FleetServer[],
    ids: [] as string[],
    async open(path: string): Promise<Page> {
      const o = await openWorkspace(suite.browser, suite.hub, path);
      opened.push(o);
      await waitConnected(o.page, suite.ids);
      return o.page;
    },
  } as BrowserSuite;

  beforeAll(async () => {
    const [fleet, hub, browser] = await Promise.all([startFleet(options), startHub(), launchBrowser()]);
    Object.assign(suite, { fleet, hub, browser, servers: fleet.servers });
    suite.ids = await Promise.all(fleet.servers.map((s) => hubInstanceId(hub, s.port)));
  });
  afterEach(async () => {
    for (const o of opened.splice(0)) {
      if (o.problems.length > 0) console.warn(`browser problems:\n${o.problems.join("\n")}`);
      await o.context.close();
    }
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.hub?.stop();
    await suite.fleet?.stop();
  });
  return suite;
}
