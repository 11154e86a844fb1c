/** The start job in the "New session in…" dialog: its steps, the seconds so far, and the server's output when it failed. */
import { For, Show, type JSX } from "solid-js";
import type { StartJob } from "../../../api/hub-types";
import { elapsedWords, startSteps } from "./start-progress";

const MARK = { done: "✓", current: "…", todo: "·", failed: "✕" } as const;

/** Props: the job as last read from the hub. */
export function StartProgressView(props: { job: StartJob }): JSX.Element {
  return (
    <div class="wb-start" data-start-state={props.job.state}>
      <ol class="wb-start-steps" aria-label="Starting OpenCode">
        <For each={startSteps(props.job)}>
          {(step) => (
            <li data-step={step.state} data-status={step.status} aria-current={step.status === "current" ? "step" : undefined}>
              <span aria-hidden="true">{MARK[step.status]}</span> {step.label}
            </li>
          )}
        </For>
      </ol>
      <p class="wb-muted" role="status">
        <span data-elapsed>{elapsedWords(props.job.elapsedMs)}</span>
        <Show when={props.job.pid !== null}> · pid {props.job.pid}</Show>
        <Show when={props.job.port !== null}> · port {props.job.port}</Show>
      </p>
      <Show when={props.job.state === "cancelled" && props.job.message}>{(words) => <p class="wb-muted">{words()}</p>}</Show>
      <Show when={props.job.output}>
        {(output) => (
          <>
            <h3 class="wb-sub">What OpenCode printed</h3>
            <pre class="wb-start-output" aria-label="OpenCode's output">
              {output()}
            </pre>
          </>
        )}
      </Show>
      <Show when={props.job.state === "failed" && props.job.log}>{(log) => <p class="wb-muted wb-name">Its whole output: {log()}</p>}</Show>
    </div>
  );
}
