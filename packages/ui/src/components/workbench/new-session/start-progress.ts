/**
 * What the "New session in…" dialog says while the hub starts OpenCode (pure): the job's steps in
 * order, which are done, which runs, and the seconds so far.
 */
import type { StartJob, StartJobState } from "../../../api/hub-types";

/** One line of the progress list. */
export interface StartStep {
  state: "spawning" | "waiting-port" | "probing" | "listed";
  label: string;
  /** done, the one running now, not reached yet, or the one that failed (or was cancelled). */
  status: "done" | "current" | "todo" | "failed";
}

const STEPS: ReadonlyArray<Pick<StartStep, "state" | "label">> = [
  { state: "spawning", label: "Finding OpenCode on the hub's PATH and starting it" },
  { state: "waiting-port", label: "Waiting for OpenCode to listen on its port" },
  { state: "probing", label: "The hub verifies the new server" },
  { state: "listed", label: "Listed" },
];

/** True once the job will not change any more. */
export function jobEnded(state: StartJobState): boolean {
  return state === "listed" || state === "failed" || state === "cancelled";
}

/** The steps for a job; a failed or cancelled job marks the step it stopped at (known from its pid and port). */
export function startSteps(job: Pick<StartJob, "state" | "pid" | "port">): StartStep[] {
  const ended = job.state === "failed" || job.state === "cancelled";
  const stoppedAt = !ended ? job.state : job.port !== null ? "probing" : job.pid !== null ? "waiting-port" : "spawning";
  const at = STEPS.findIndex((s) => s.state === stoppedAt);
  return STEPS.map((s, i) => ({
    ...s,
    status: i < at || job.state === "listed" ? "done" : i > at ? "todo" : ended ? "failed" : "current",
  }));
}

/** "12 s" from the job's elapsed milliseconds (whole seconds: the dialog re-reads the job several times a second). */
export function elapsedWords(elapsedMs: number): string {
  return `${Math.floor(elapsedMs / 1000)} s`;
}
