/**
 * Follows a hub start job until it ends: re-reads it every {@link POLL_MS} and hands each read
 * to `onUpdate`, so the dialog shows the step and the seconds as they pass. Stops early (resolving
 * null) once `stopped()` says the dialog no longer wants it.
 */
import type { HubServers } from "../../../api/hub-servers";
import type { StartJob } from "../../../api/hub-types";
import { jobEnded } from "./start-progress";

/** How often the job is read (its steps last seconds; the elapsed seconds tick on every read). */
export const POLL_MS = 250;

/** Resolves with the ended job, or null when stopped first. A failed read rejects (in the hub client's words). */
export async function followStartJob(
  hub: Pick<HubServers, "job">,
  first: StartJob,
  onUpdate: (job: StartJob) => void,
  stopped: () => boolean,
): Promise<StartJob | null> {
  let job = first;
  onUpdate(job);
  while (!jobEnded(job.state)) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    if (stopped()) return null;
    job = await hub.job(job.id);
    if (stopped()) return null;
    onUpdate(job);
  }
  return job;
}
