/** Text part: markdown for the assistant (grows live), plain text for what the user typed. */
import { Show } from "solid-js";
import { wasInterrupted } from "../../../store/interrupted";
import type { TextPart } from "../../../store/types";
import { Markdown } from "../../markdown/markdown";

/** Props of {@link TextPartView}. */
export interface TextPartProps {
  part: TextPart;
  role: "user" | "assistant";
  /** True while the assistant is still writing this part. */
  live: boolean;
}

/** Renders one text part. */
export function TextPartView(props: TextPartProps) {
  return (
    <Show
      when={props.role === "assistant"}
      fallback={
        <div class="sv-user-text" classList={{ "sv-synthetic": !!props.part.synthetic }}>
          {props.part.text}
        </div>
      }
    >
      <div classList={{ "sv-synthetic": !!props.part.synthetic }}>
        <Markdown text={props.part.text} streaming={props.live} />
        <Show when={wasInterrupted(props.part)}>
          <p class="sv-interrupted" role="note">
            interrupted: the server stopped
          </p>
        </Show>
      </div>
    </Show>
  );
}
