/** Test support: a hub start job just made (spawning), with `overrides`. */
import type { StartJob } from "../../../api/hub-types";

/** The job as `POST /api/servers/jobs` first answers it. */
export function spawningJob(overrides: Partial<StartJob> = {}): StartJob {
  return {
    id: "job-1",
    directory: "/home/me/fresh",
    state: "spawning",
    elapsedMs: 0,
    pid: null,
    port: null,
    instance: null,
    message: null,
    reason: null,
    output: null,
    log: null,
    ...overrides,
  };
}
