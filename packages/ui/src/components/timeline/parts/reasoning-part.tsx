/** Reasoning part: a collapsed "Thinking…" disclosure; the text is there for whoever wants it. */
import { Show } from "solid-js";
import type { ReasoningPart } from "../../../store/types";
import { Markdown } from "../../markdown/markdown";
import { formatDuration } from "../format";

/** Renders one reasoning part, collapsed by default. */
export function ReasoningPartView(props: { part: ReasoningPart }) {
  const done = () => props.part.time.end !== undefined;
  const label = () => {
    const end = props.part.time.end;
    return end !== undefined ? `Thought for ${formatDuration(end - props.part.time.start)}` : "Thinking…";
  };
  return (
    <details class="sv-reasoning">
      <summary>
        <span classList={{ "sv-pulse": !done() }}>{label()}</span>
      </summary>
      <Show when={props.part.text.trim()} fallback={<p class="sv-muted">(no reasoning text)</p>}>
        <div class="sv-reasoning-body">
          <Markdown text={props.part.text} streaming={!done()} />
        </div>
      </Show>
    </details>
  );
}
