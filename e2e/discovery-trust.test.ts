/**
 * Issue 7, hub side, against real OpenCode processes and the built hub:
 * - password servers whose password is in their environment become `ready` even when eight
 *   servers start at once on this two-core machine (a credentialed probe that timed out used to
 *   leave them `auth-required` for good), and are never listed as locked meanwhile;
 * - OpenCode 1.14.41 started on the data folder a 1.18.33 fleet has migrated (its API answers
 *   DrizzleError 500s) is listed as `error` with that message, and the page shows it as such
 *   (`data-connection="error"`, the message, and the fix in words).
 * The hub lists every OpenCode on the machine, so everything is selected by this fleet's ports.
 */
import { createParser } from "eventsource-parser";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { V1_14_OPENCODE_VERSION, v114OpencodeBin, type FleetServer } from "../scripts/fleet/index.js";
import { connectionOf, instancesByPort, tabSelector } from "./support/live-page.js";
import type { Instance, InstancesDocument } from "../packages/server/src/contract/hub-api.js";
import { browserSuite } from "./support/suite.js";
import { waitFor } from "./support/wait.js";

const v114Bin = v114OpencodeBin();

/** Every status the hub's stream ever published per port (the stream sends each change). */
const statusesByPort = new Map<number, Set<string>>();
let stopWatching: () => void = () => {};

/** Follows GET /api/instances/stream and records each port's statuses. */
async function watchHub(url: string): Promise<() => void> {
  const controller = new AbortController();
  const res = await fetch(`${url}/api/instances/stream`, { signal: controller.signal });
  const parser = createParser({
    onEvent(event) {
      const doc = JSON.parse(event.data) as InstancesDocument;
      for (const i of doc.instances) {
        const seen = statusesByPort.get(i.port) ?? new Set<string>();
        seen.add(i.status);
        statusesByPort.set(i.port, seen);
      }
    },
  });
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch {
      // aborted at the end of the file
    }
  })();
  return () => controller.abort();
}

// One 1.18.33 server first: it creates and migrates the fleet's shared data folder, so the
// servers started together below do not race on the first migration (see discovery.md).
const suite = browserSuite({ count: 1 }, { hubLast: true, hookTimeoutMs: 180_000 });

beforeAll(async () => {
  stopWatching = await watchHub(suite.hub.url);
});

afterAll(() => {
  stopWatching();
});

describe("password servers under load", () => {
  it("lists a password server with its password in its environment as ready, never locked, when eight servers start at once", async () => {
    const started = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        suite.fleet.startServer({ name: `load${i}`, timeoutMs: 150_000, ...(i % 3 === 0 ? { password: `pw-load-${i}` } : {}) }),
      ),
    );
    const locked = started.filter((s) => s.password !== undefined);
    expect(locked).toHaveLength(3);
    const byPort = await waitFor(
      "every locked server of the eight to be ready",
      async () => {
        const found = await instancesByPort(suite.hub.url, started, 60_000);
        return locked.every((s) => found.get(s.port)?.status === "ready") ? found : null;
      },
      60_000,
      250,
    ).catch(async (err: unknown) => {
      throw new Error(
        `${err instanceof Error ? err.message : String(err)}\nstatuses seen: ${JSON.stringify([...statusesByPort].map(([p, s]) => [p, [...s]]))}\nhub:\n${suite.hub.output().slice(-3000)}`,
      );
    });
    for (const server of locked) {
      const inst = byPort.get(server.port) as Instance;
      expect(inst).toMatchObject({ status: "ready", error: null, directory: server.directory, pid: server.pid });
      expect(inst.eventsUrl).toContain("?auth_token=");
      // Listed only once its password worked: never a false "locked" on the way.
      expect([...(statusesByPort.get(server.port) ?? [])]).toEqual(["ready"]);
    }
    for (const server of started.filter((s) => s.password === undefined)) expect(byPort.get(server.port)?.status).toBe("ready");
    await Promise.all(started.map((s) => s.kill()));
  }, 400_000);
});

describe.skipIf(!v114Bin)(
  `OpenCode ${V1_14_OPENCODE_VERSION} on a data folder 1.18.33 migrated (skipped: binary only installed on linux-x64)`,
  () => {
    let old: FleetServer;
    let page: Page;
    let instanceId = "";
    /** Every request the page sent to the broken server (it must open no event stream there). */
    const requestsToOld: string[] = [];

    beforeAll(async () => {
      // Same fleet, same HOME: the 1.18.33 servers above have migrated its database.
      old = await suite.fleet.startServer({ name: "old", bin: v114Bin as string, timeoutMs: 120_000 });
      page = await suite.browser.newPage({ viewport: { width: 1440, height: 900 } });
      page.on("request", (req) => {
        if (req.url().includes(`:${old.port}/`)) requestsToOld.push(req.url());
      });
      await page.goto(suite.hub.url);
    }, 180_000);

    it("is listed as error with the server's own DrizzleError message, its version and directory", async () => {
      expect(old.version).toBe(V1_14_OPENCODE_VERSION);
      const inst = await waitFor(
        "the 1.14.41 server to be listed as error",
        async () => {
          const found = (await instancesByPort(suite.hub.url, [old], 30_000)).get(old.port);
          return found?.status === "error" ? found : null;
        },
        30_000,
      );
      instanceId = inst.id;
      expect(inst).toMatchObject({ version: V1_14_OPENCODE_VERSION, directory: old.directory, eventsUrl: null, pid: old.pid, kind: "serve" });
      expect(inst.error).toMatch(/^DrizzleError: Failed to run the query 'CREATE TABLE `project`/);
      expect((inst.error ?? "").length).toBeLessThanOrEqual(240);
      expect(inst.error).not.toContain("\n");
    });

    it("shows the error state in the page: the tab, the message and the fix in words", async () => {
      await waitFor("the tab to show error", async () => (await connectionOf(page, instanceId)) === "error", 20_000);
      const tab = page.locator(tabSelector(instanceId));
      expect(await tab.getAttribute("aria-label")).toContain("DrizzleError");
      const notice = page.locator(`[role="alert"][aria-label="Broken OpenCode server"][data-instance-id="${instanceId}"]`);
      await notice.waitFor({ timeout: 10_000 });
      const text = (await notice.innerText()).replace(/\s+/g, " ");
      expect(text).toContain(`OpenCode ${V1_14_OPENCODE_VERSION} cannot use its database`);
      expect(text).toContain("OpenCode versions that share one data folder are incompatible");
      expect(text).toContain("XDG_DATA_HOME");
      expect(text).toContain(old.directory);
      expect(await notice.locator("[data-error-message]").innerText()).toMatch(/^DrizzleError: Failed to run the query/);
      // No event stream (nor anything else) is opened to a broken server.
      expect(requestsToOld).toEqual([]);
      await page.screenshot({ path: "/tmp/a/error-instance-1440.png" });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: "/tmp/a/error-instance-390.png" });
    });
  },
);
