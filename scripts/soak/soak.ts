/**
 * `npm run soak` (and e2e/soak.test.ts): real OpenCode servers of both generations, the built hub
 * and one Chromium page, under prompt bursts and random faults for N minutes; then the page is
 * compared with every server's own answer (verdict.ts). Returns the failures instead of throwing,
 * so the caller prints them all.
 */
import { loadavg } from "node:os";
import type { Page } from "playwright-core";
import { launchBrowser } from "../../e2e/support/browser.js";
import { startCutProxy } from "../../e2e/support/cut-proxy.js";
import { startHub } from "../../e2e/support/hub.js";
import { hubDocument } from "../../e2e/support/live-page.js";
import { startScopedHub } from "../../e2e/support/scoped-hub.js";
import { waitFor } from "../../e2e/support/wait.js";
import { composer, waitConnected } from "../../e2e/support/workspace-page.js";
import { createSession, promptAsync, sessionStatus } from "../fleet/client.js";
import { isAlive } from "../fleet/process-exit.js";
import { startFleet, type FleetServer } from "../fleet/index.js";
import { applyFault, restartOnPort, type Roster } from "./faults.js";
import type { SoakOptions } from "./options.js";
import { heapAfterGc, openSession, readRows, readTimeline } from "./page-probe.js";
import { burstGapMs, faultGapMs, nextFault, pick, planBurst, prng, type Fault, type TrackedSession } from "./schedule.js";
import { listedSessions, sessionTruth } from "./truth.js";
import { verdict, type DraftCheck, type SessionTruth, type TimelineSeen } from "./verdict.js";

/** What a run found: failed assertions (empty = pass) and the printed summary. */
export interface SoakReport {
  failures: string[];
  summary: string[];
}

/**
 * Down = its process is gone. On a loaded machine a live server can take longer than any fixed
 * timeout to answer; the comparison below waits for it anyway.
 */
function isDown(server: FleetServer): boolean {
  return !isAlive(server.pid);
}

/** At load average 50 the fleet client's default 10 s for a prompt were seen to run out. */
const PROMPT_TIMEOUT_MS = 60_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(" ");

/** Runs one soak; `log` gets progress lines (default: console). */
export async function runSoak(options: SoakOptions, log: (line: string) => void = console.log): Promise<SoakReport> {
  const started = Date.now();
  const at = () => `[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s]`;
  const say = (line: string) => log(`${at()} ${line}`);
  const rand = prng(options.seed);
  say(`starting ${options.v1} × OpenCode 1.x serve, the 2.x service and ${options.v2} × 2.x serve (load ${load()})`);
  // One server at a time, with a generous limit: 8 parallel starts on a loaded 2-core machine were
  // seen to miss the fleet's 60 s. 1.x first (it cannot open a data folder 2.x made), then the service.
  const fleet = await startFleet({ count: 1 });
  const cleanups: Array<() => Promise<unknown>> = [() => fleet.stop()];
  try {
    const timeoutMs = 180_000;
    for (let i = 1; i < options.v1; i++) await fleet.startServer({ timeoutMs });
    await fleet.startServer({ generation: 2, kind: "service", timeoutMs });
    for (let i = 0; i < options.v2; i++) await fleet.startServer({ generation: 2, timeoutMs });
    const roster: Roster = new Map(fleet.servers.map((s) => [s.name, s]));
    const ports = new Set(fleet.servers.map((s) => s.port));
    const hub = await startHub({ timeoutMs: 120_000 });
    cleanups.unshift(() => hub.stop());
    // The hub lists every OpenCode on the machine; the page sees only ours (ports survive restarts).
    const scoped = await startScopedHub(hub, (port) => ports.has(port));
    cleanups.unshift(() => scoped.close());
    const proxy = await startCutProxy();
    cleanups.unshift(() => proxy.close());
    const browser = await launchBrowser();
    cleanups.unshift(() => browser.close());
    let seen = "";
    await waitFor(
      "the hub to list every soak server ready",
      async () => {
        const doc = await hubDocument(hub.url);
        const ours = doc.instances.filter((i) => ports.has(i.port));
        seen = JSON.stringify(ours.map((i) => ({ port: i.port, kind: i.kind, status: i.status, error: i.error })));
        return [...ports].every((port) => ours.some((i) => i.port === port && i.status === "ready"));
      },
      180_000,
      500,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; the hub listed ${seen} of ports ${[...ports].join(", ")}`);
    });
    const hubIds = async () => (await hubDocument(hub.url)).instances.filter((i) => ports.has(i.port)).map((i) => i.id);

    // Every server gets two sessions, one with a finished turn, before the page opens.
    const sessions: TrackedSession[] = [];
    let prompts = 0;
    let refused = 0;
    const newSession = async (server: FleetServer) => {
      const created = await waitFor(`a session on ${server.name}`, () => createSession(server), 30_000, 500);
      sessions.push({ id: created.id, server: server.name });
      return created.id;
    };
    for (const server of fleet.servers) {
      const first = await newSession(server);
      await newSession(server);
      await promptAsync(server, first, `soak warm-up on ${server.name}`, PROMPT_TIMEOUT_MS);
      prompts++;
    }
    say(`${sessions.length} sessions made; opening the page (load ${load()})`);

    const context = await browser.newContext({ viewport: { width: 1280, height: 1600 }, proxy: { server: proxy.url } });
    // tsx compiles with esbuild's keepNames, which wraps functions handed to page.evaluate in __name().
    await context.addInitScript({ content: "globalThis.__name = (fn) => fn;" });
    const page: Page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(scoped.url);
    await waitConnected(page, await hubIds(), 60_000);
    const cdp = await context.newCDPSession(page);

    // Drafts typed now must still be in their composers at the end, whatever happened between.
    const drafts: Array<{ sessionId: string; typed: string }> = [];
    for (const s of [sessions[0], sessions[3], sessions.at(-2)]) {
      if (!s) continue;
      await openSession(page, s.id, 30_000);
      const typed = `soak draft for ${s.id}: keep me`;
      await composer(page).fill(typed);
      drafts.push({ sessionId: s.id, typed });
    }
    say(`drafts typed in ${drafts.length} sessions; chaos for ${options.minutes} min (load ${load()})`);

    // Faults and bursts until the deadline; every fault heals itself when its time is up.
    const end = Date.now() + options.minutes * 60_000;
    const chaosStart = end - options.minutes * 60_000;
    const hurt = new Map<string, Fault>();
    const faultRuns: Array<Promise<void>> = [];
    const faultCounts: Record<string, number> = { kill9: 0, stop: 0, restart: 0, cut: 0 };
    const faultErrors: string[] = [];
    const faultLoop = (async () => {
      await sleep(faultGapMs(rand));
      while (Date.now() < end) {
        const fault = nextFault(
          rand,
          [...roster.values()].map((s) => ({ name: s.name, kind: s.kind, faulted: hurt.has(s.name) })),
        );
        if (fault) {
          hurt.set(fault.server, fault);
          faultCounts[fault.kind] = (faultCounts[fault.kind] ?? 0) + 1;
          say(`fault: ${fault.kind} ${fault.server}${fault.durationMs ? ` for ${(fault.durationMs / 1000).toFixed(1)} s` : ""}`);
          faultRuns.push(
            applyFault(fault, roster, fleet, proxy)
              .catch((error: unknown) => {
                faultErrors.push(`${fault.kind} on ${fault.server}: ${error instanceof Error ? error.message : String(error)}`);
              })
              .finally(() => hurt.delete(fault.server)),
          );
        }
        await sleep(faultGapMs(rand));
      }
    })();

    let burst = 0;
    const shownBeforeBaseline: TrackedSession[] = sessions.filter((s) => drafts.some((d) => d.sessionId === s.id));
    const sends: Array<Promise<void>> = [];
    const burstLoop = (async () => {
      while (Date.now() < end) {
        burst++;
        // REST goes straight to the servers, so a cut (browser-side) server still gets prompts.
        const reachable = [...roster.values()].filter((s) => hurt.get(s.name)?.kind === "cut" || !hurt.has(s.name)).map((s) => s.name);
        // From the heap baseline on the workload is steady (no new sessions, the same sessions on
        // screen), so the heap check finds leaks, not a page that legitimately holds more.
        const steady = Date.now() >= chaosStart + options.baselineMinute * 60_000;
        for (const plan of planBurst(rand, burst, sessions, reachable, !steady)) {
          const server = roster.get(plan.server);
          if (!server) continue;
          sends.push(
            (async () => {
              const id = plan.sessionId ?? (await newSession(server));
              await promptAsync(server, id, plan.text, PROMPT_TIMEOUT_MS);
              prompts++;
            })().catch((error: unknown) => {
              refused++;
              say(
                `prompt to ${plan.server} failed (a fault may have hit it): ${error instanceof Error ? error.message.slice(0, 160) : String(error)}`,
              );
            }),
          );
        }
        // The page follows along: one session's timeline is on screen, streaming.
        const shown = pick(rand, steady ? shownBeforeBaseline : sessions);
        if (!steady && !shownBeforeBaseline.includes(shown)) shownBeforeBaseline.push(shown);
        await openSession(page, shown.id, 10_000).catch((error: unknown) => {
          say(`could not open ${shown.id} (${shown.server}) in the page: ${error instanceof Error ? error.message.slice(0, 160) : String(error)}`);
        });
        await sleep(burstGapMs(rand));
      }
    })();

    let baseline = 0;
    for (let minute = 1; minute <= options.minutes; minute++) {
      await sleep(Math.max(0, chaosStart + minute * 60_000 - Date.now()));
      const heap = await heapAfterGc(cdp);
      if (minute === options.baselineMinute) baseline = heap;
      say(
        `minute ${minute}: heap ${(heap / 1024 / 1024).toFixed(1)} MB${minute === options.baselineMinute ? " (baseline)" : ""}, ${sessions.length} sessions, ${prompts} prompts, faults ${JSON.stringify(faultCounts)}, load ${load()}`,
      );
    }
    await Promise.all([faultLoop, burstLoop]);
    await Promise.all(faultRuns);
    await Promise.all(sends);
    say(`chaos over; every fault healed. Waiting for the servers to finish their turns (load ${load()})`);

    const failures: string[] = [...faultErrors.map((e) => `a fault could not be applied or undone: ${e}`)];
    const servers = () => [...roster.values()];
    // A server that died on its own (not by a fault) is OpenCode's business, not the page's: say so and revive it.
    const lost = new Set<string>();
    for (const server of servers()) {
      if (!isDown(server)) continue;
      say(`${server.name} (pid ${server.pid}) exited though every fault healed; restarting it. Its log ends:\n${server.logs().slice(-1500)}`);
      await restartOnPort(server, roster, fleet).catch((error: unknown) => {
        lost.add(server.name);
        say(
          `${server.name} could not be restarted, its sessions are not judged: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`,
        );
      });
    }
    // Judging the page needs most of the fleet alive; a machine too loaded to restart OpenCode proves nothing.
    if (lost.size > servers().length / 2)
      failures.push(`${lost.size} of ${servers().length} servers could not be restarted: ${[...lost].join(", ")}`);
    const byServer = (name: string) => sessions.filter((s) => s.server === name).map((s) => s.id);
    await waitFor(
      "every server to say all its sessions are idle",
      async () => {
        for (const server of servers()) {
          if (lost.has(server.name)) continue;
          const status = (await sessionStatus(server)) as Record<string, { type?: string } | undefined>;
          if (byServer(server.name).some((id) => status[id] !== undefined && status[id]?.type !== "idle")) return false;
        }
        return true;
      },
      180_000,
      1_000,
    ).catch((error: unknown) => say(`not every turn ended on the servers (compared as they are): ${String(error)}`));

    const heapEnd = await heapAfterGc(cdp);
    const readTruth = async (): Promise<SessionTruth[]> => {
      const all: SessionTruth[] = [];
      for (const server of servers()) {
        if (lost.has(server.name)) {
          all.push(...byServer(server.name).map((id) => ({ id, server: server.name, up: false, busy: false, users: 0, assistants: 0 })));
          continue;
        }
        try {
          all.push(...(await sessionTruth(server, byServer(server.name))));
        } catch (error) {
          failures.push(`${server.name} did not answer at the end: ${error instanceof Error ? error.message : String(error)}`);
          all.push(...byServer(server.name).map((id) => ({ id, server: server.name, up: false, busy: false, users: 0, assistants: 0 })));
        }
      }
      return all;
    };
    const listed = new Set<string>();
    for (const server of servers()) {
      if (lost.has(server.name)) continue;
      for (const id of await listedSessions(server).catch(() => [])) listed.add(id);
    }

    // The list and statuses get time to converge after the last fault (a resync, a reconnect backoff).
    let truth = await readTruth();
    const assumeTimelines = (t: SessionTruth[]) => new Map(t.map((x) => [x.id, { users: x.users, assistants: x.assistants, duplicates: [] }]));
    const listFailures = async () =>
      verdict({
        truth: (truth = await readTruth()),
        listed,
        rows: await readRows(page),
        timelines: assumeTimelines(truth),
        drafts: [],
        heap: { baselineMinute: options.baselineMinute, baseline: 1, end: 1 },
      });
    let last: string[] = [];
    await waitFor("the session list to equal the servers", async () => (last = await listFailures()).length === 0, 60_000, 1_000).catch(() =>
      say(`the session list did not converge within 60 s: ${last.length} differences`),
    );

    // Timelines: each session opened in turn, given time to load, then scanned (with duplicates).
    const timelines = new Map<string, TimelineSeen>();
    for (const t of truth) {
      if (!t.up) continue;
      let seen: TimelineSeen = { users: -1, assistants: -1, duplicates: [] };
      try {
        await openSession(page, t.id);
        await waitFor(
          `the timeline of ${t.id} to show the server's messages`,
          async () => {
            seen = await readTimeline(page);
            return seen.users === t.users && seen.assistants === t.assistants;
          },
          15_000,
          300,
        );
      } catch (error) {
        say(`timeline of ${t.id} (${t.server}): ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`);
      }
      timelines.set(t.id, seen);
    }
    const draftChecks: DraftCheck[] = [];
    for (const d of drafts) {
      let found = "";
      try {
        await openSession(page, d.sessionId);
        found = await composer(page).inputValue();
      } catch (error) {
        found = `(could not open the session: ${error instanceof Error ? error.message.slice(0, 120) : String(error)})`;
      }
      draftChecks.push({ ...d, found });
    }

    failures.push(
      ...verdict({
        truth,
        listed,
        rows: await readRows(page),
        timelines,
        drafts: draftChecks,
        heap: { baselineMinute: options.baselineMinute, baseline, end: heapEnd },
      }),
    );
    const summary = [
      `soak: ${options.minutes} min, seed ${options.seed}, ${servers().length} servers (${options.v1} × 1.18.33 serve, 2.1.2 service + ${options.v2} × serve)`,
      `faults: ${Object.entries(faultCounts)
        .map(([k, n]) => `${n} ${k}`)
        .join(", ")}; ${prompts} prompts in ${burst} bursts (${refused} refused during faults); ${sessions.length} sessions`,
      `heap after GC: ${(baseline / 1024 / 1024).toFixed(1)} MB at minute ${options.baselineMinute}, ${(heapEnd / 1024 / 1024).toFixed(1)} MB at the end (${(((heapEnd - baseline) / baseline) * 100).toFixed(1)} %)`,
      `checked: ${truth.filter((t) => t.up).length} sessions' rows, statuses and timelines, ${draftChecks.length} drafts; load average ${load()}`,
      `servers lost (could not be restarted): ${lost.size ? [...lost].join(", ") : "none"}`,
      `page errors (uncaught): ${pageErrors.length}${pageErrors.length ? ` — ${pageErrors.slice(0, 5).join(" | ")}` : ""}`,
      `took ${((Date.now() - started) / 60_000).toFixed(1)} min`,
    ];
    return { failures, summary };
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => log(`cleanup: ${String(error)}`));
  }
}
