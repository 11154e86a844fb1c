/** The small part renderers: file, step summary, patch, agent, subtask, retry, compaction, snapshot. */
import { For, Show } from "solid-js";
import type { AgentPart, CompactionPart, FilePart, PatchPart, RetryPart, SnapshotPart, StepFinishPart, SubtaskPart } from "../../../store/types";
import { formatCost, formatTokens, isWebUrl, lastSegment, stepEndWords } from "../format";
import { useSessionActions } from "../../session-actions/session-actions-host";
import { relativePath } from "../../changes/diff-model";

/** File attachment: name and mime; a link only for http(s) URLs. */
export function FilePartView(props: { part: FilePart }) {
  const name = () => {
    const src = props.part.source;
    return props.part.filename ?? (src && "path" in src ? src.path : undefined) ?? lastSegment(props.part.url);
  };
  return (
    <div class="sv-line sv-file">
      <span aria-hidden="true">📄</span>
      <Show when={isWebUrl(props.part.url)} fallback={<span class="sv-file-name">{name()}</span>}>
        <a class="sv-file-name" href={props.part.url} target="_blank" rel="noopener noreferrer">
          {name()}
        </a>
      </Show>
      <span class="sv-muted">{props.part.mime}</span>
    </div>
  );
}

/** End of one model step: cost and token counts. */
export function StepFinishView(props: { part: StepFinishPart }) {
  return (
    <div class="sv-line sv-muted sv-step-finish">
      <span>{formatCost(props.part.cost)}</span>
      <span>{formatTokens(props.part.tokens)}</span>
      <Show when={stepEndWords(props.part.reason)}>{(words) => <span>({words()})</span>}</Show>
    </div>
  );
}

/** Files the step changed. */
export function PatchPartView(props: { part: PatchPart }) {
  const host = useSessionActions();
  const words = () => `Changed ${props.part.files.length} ${props.part.files.length === 1 ? "file" : "files"}`;
  const path = (f: string) => relativePath(f, host?.directoryOf(props.part.sessionID) ?? "");
  return (
    <div class="sv-patch">
      <Show when={host} fallback={<div class="sv-muted">{words()}</div>}>
        {(api) => (
          <button
            type="button"
            class="sv-patch-open"
            title="Show this turn's diff"
            onClick={() => api().showTurnChanges(props.part.sessionID, props.part.messageID)}
          >
            {words()}
          </button>
        )}
      </Show>
      <ul class="sv-patch-files">
        <For each={props.part.files}>{(f) => <li title={f}>{path(f)}</li>}</For>
      </ul>
    </div>
  );
}

/** An @agent mention. */
export function AgentPartView(props: { part: AgentPart }) {
  return (
    <div class="sv-line">
      <span class="sv-pill">@{props.part.name}</span>
    </div>
  );
}

/** A subtask handed to another agent. */
export function SubtaskPartView(props: { part: SubtaskPart }) {
  return (
    <details class="sv-subtask">
      <summary>
        Subtask <span class="sv-pill">@{props.part.agent}</span> {props.part.description}
      </summary>
      <pre class="sv-pre">{props.part.prompt}</pre>
    </details>
  );
}

/** A retried model call. */
export function RetryPartView(props: { part: RetryPart }) {
  return (
    <div class="sv-line sv-warn">
      Retry attempt {props.part.attempt}: {props.part.error.data.message}
    </div>
  );
}

/** The context was compacted. */
export function CompactionPartView(props: { part: CompactionPart }) {
  return (
    <div class="sv-line sv-muted">
      Context compacted{props.part.auto ? " automatically" : ""}
      {props.part.overflow ? " (context overflow)" : ""}
    </div>
  );
}

/** A file-system snapshot was taken. */
export function SnapshotPartView(props: { part: SnapshotPart }) {
  return <div class="sv-line sv-muted">Snapshot {props.part.snapshot.slice(0, 8)}</div>;
}

/** A part type this version of Switchboard does not know. */
export function UnsupportedPartView(props: { type: string }) {
  return <div class="sv-line sv-muted">unsupported part: {props.type}</div>;
}
