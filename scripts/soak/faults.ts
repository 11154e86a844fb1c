/** Applies one scheduled fault to a real server and undoes it after its duration. */
import type { CutProxy } from "../../e2e/support/cut-proxy.js";
import type { Fleet, FleetServer } from "../fleet/index.js";
import type { Fault } from "./schedule.js";

/** The fleet's servers by name; a restart replaces the entry (the old object is stale). */
export type Roster = Map<string, FleetServer>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Restarts `server` on its port, trying up to three times: on a loaded machine (load average 30+
 * was seen) an OpenCode start can miss the fleet's 60 s limit, which is OpenCode's time, not the page's.
 */
export async function restartOnPort(server: FleetServer, roster: Roster, fleet: Fleet): Promise<FleetServer> {
  let last: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const next = await fleet.restart(server);
      roster.set(server.name, next);
      return next;
    } catch (error) {
      last = error;
    }
  }
  throw last;
}

/** Runs `fault` to its end: the server is healthy again (restarted, continued, reconnected) when this resolves. */
export async function applyFault(fault: Fault, roster: Roster, fleet: Fleet, proxy: CutProxy): Promise<void> {
  const server = roster.get(fault.server);
  if (!server) throw new Error(`no server named ${fault.server}`);
  switch (fault.kind) {
    case "kill9":
      process.kill(server.pid, "SIGKILL");
      await sleep(fault.durationMs);
      await restartOnPort(server, roster, fleet);
      return;
    case "restart":
      await restartOnPort(server, roster, fleet);
      return;
    case "stop":
      process.kill(server.pid, "SIGSTOP");
      try {
        await sleep(fault.durationMs);
      } finally {
        process.kill(server.pid, "SIGCONT");
      }
      return;
    case "cut":
      // The browser loses this server (its stream and REST calls) while the process runs on.
      proxy.cut(server.port);
      try {
        await sleep(fault.durationMs);
      } finally {
        proxy.restore(server.port);
      }
      return;
  }
}
