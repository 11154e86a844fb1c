/**
 * The usual browser-test setup in one call: a fleet, a built hub and Chromium started before the
 * file's tests, the hub's id for each fleet server, a fresh browser context per `open`, and all of
 * it stopped afterwards (contexts after each test, their console problems printed).
 */
import { afterAll, afterEach, beforeAll } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startFleet, type Fleet, type FleetOptions, type FleetServer } from "../../scripts/fleet/index.js";
import { launchBrowser } from "./browser.js";
import { startHub, type Hub, type StartHubOptions } from "./hub.js";
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
  /** The hub's instance id of one fleet server. */
  idOf(server: FleetServer): string;
  /** Opens `path` in a new context and waits until every fleet server's tab is connected. */
  open(path: string): Promise<Page>;
  /** Opens `path` in a new context without waiting for the tabs (the caller waits with `ids`). */
  openPage(path: string): Promise<Page>;
  /** Opens `/?session=<id>` like `open` and waits for the session's header. */
  openSession(sessionId: string): Promise<Page>;
}

/** Small variations of the usual setup. */
export interface SuiteExtras {
  /** Runs before anything starts, e.g. creating the network namespace the fleet's options name. */
  setup?: () => void | Promise<void>;
  /** Runs after everything stopped (also when the set-up failed), e.g. removing that namespace. */
  teardown?: () => void | Promise<void>;
  /** Starts more servers once the fleet is up (they are part of `servers` and `ids`), e.g. a TUI. */
  more?: (fleet: Fleet) => Promise<void>;
  /** How long to wait for the hub to list each server (hubInstanceId's default when unset). */
  idTimeoutMs?: number;
  /** How long the whole set-up may take (the project's hookTimeout when unset), e.g. with a TUI to start. */
  hookTimeoutMs?: number;
  /**
   * How the hub starts (startHub's defaults when unset), e.g. a longer wait for its URL on a loaded
   * machine; a function is called after `setup` (options naming a namespace's address).
   */
  hub?: StartHubOptions | (() => StartHubOptions);
  /**
   * Start the hub only once the fleet and `more` are up, so its first scan already finds them (the
   * default starts it beside the fleet). For files whose servers, or their history, exist before the hub.
   */
  hubLast?: boolean;
  /**
   * False skips the lookup of `ids` (then empty, and `idOf` throws): for a hub that answers its API
   * only to a signed-in browser (`--remote`), whose file reads ids itself after signing in.
   */
  lookupIds?: boolean;
}

/**
 * Registers the hooks and returns the suite object the tests read. `options` may be a function,
 * called after `setup`, when the fleet's options depend on what `setup` made.
 */
export function browserSuite(options: FleetOptions | (() => FleetOptions), extras: SuiteExtras = {}): BrowserSuite {
  const opened: OpenedPage[] = [];
  /** Filled at setup: a server the fleet restarts later keeps the id it had. */
  const idByServer = new Map<FleetServer, string>();
  const suite = {
    servers: [] as FleetServer[],
    ids: [] as string[],
    idOf(server: FleetServer): string {
      const id = idByServer.get(server);
      if (!id) throw new Error(`no hub id for ${server.name}`);
      return id;
    },
    async open(path: string): Promise<Page> {
      const page = await suite.openPage(path);
      await waitConnected(page, suite.ids);
      return page;
    },
    async openSession(sessionId: string): Promise<Page> {
      const page = await suite.open(`/?session=${sessionId}`);
      await page.locator(`section.sv-session[data-session-id="${sessionId}"] .sv-title`).waitFor({ timeout: 15_000 });
      return page;
    },
    async openPage(path: string): Promise<Page> {
      const o = await openWorkspace(suite.browser, suite.hub, path);
      opened.push(o);
      return o.page;
    },
  } as BrowserSuite;

  /** Called after `setup`, like the fleet's options. */
  const hubOptions = (): StartHubOptions | undefined => (typeof extras.hub === "function" ? extras.hub() : extras.hub);

  beforeAll(async () => {
    await extras.setup?.();
    // allSettled: when one part fails to start, the others that did are still kept for afterAll to
    // stop (Promise.all dropped them, and a failed hub start left the fleet's OpenCode servers running).
    const started = await Promise.allSettled([
      startFleet(typeof options === "function" ? options() : options),
      extras.hubLast ? undefined : startHub(hubOptions()),
      launchBrowser(),
    ]);
    const value = <T>(r: PromiseSettledResult<T>): T | undefined => (r.status === "fulfilled" ? r.value : undefined);
    Object.assign(suite, { fleet: value(started[0]), hub: value(started[1]), browser: value(started[2]), servers: value(started[0])?.servers ?? [] });
    for (const r of started) if (r.status === "rejected") throw r.reason;
    const { fleet } = suite;
    await extras.more?.(fleet);
    if (extras.hubLast) suite.hub = await startHub(hubOptions());
    const { hub } = suite;
    if (extras.lookupIds === false) return;
    suite.ids = await Promise.all(fleet.servers.map((s) => hubInstanceId(hub, s.port, extras.idTimeoutMs)));
    fleet.servers.forEach((s, i) => idByServer.set(s, suite.ids[i] as string));
  }, extras.hookTimeoutMs);
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
    await extras.teardown?.();
  });
  return suite;
}
