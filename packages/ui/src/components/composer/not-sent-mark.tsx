/** The mark on a session's tab whose last send failed: the prompt is back in its draft. */
import { Show, untrack, type JSX } from "solid-js";
import type { DraftStore } from "../../store/drafts";
import { useWorkspace } from "../workspace-services";
import "./not-sent-mark.css";

/** Renders "!" with the error in words (for screen readers and the tooltip) while the draft holds a failed send. */
export function NotSentMark(props: { draftKey: string; drafts?: DraftStore }): JSX.Element {
  // The draft store is chosen once, for the life of the mark.
  const drafts = untrack(() => props.drafts) ?? useWorkspace().drafts;
  const error = () => drafts.get(props.draftKey).error;
  return (
    <Show when={error()}>
      {(words) => (
        <span class="not-sent-mark" role="img" aria-label={words()} title={`${words()} — the text is back in this session's draft`} data-not-sent="">
          !
        </span>
      )}
    </Show>
  );
}
