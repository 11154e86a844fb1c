/** One message: a header line and its parts (iterated by id so part DOM survives in-place updates). */
import { For, Show, createMemo } from "solid-js";
import type { Message, Part } from "../../store/types";
import { PartView } from "./parts/part-view";
import { formatDuration } from "./format";
import { MessageActions } from "../session-actions/message-actions";
import { useSessionActions } from "../session-actions/session-actions-host";
import { useSearch } from "../search/search-host";

/** Props of {@link MessageView}. */
export interface MessageViewProps {
  message: Message;
  parts: readonly Part[];
  /** True while the assistant is still writing this message. */
  live: boolean;
}

const sameIds = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((id, i) => id === b[i]);

/** One formatter for every message: `toLocaleTimeString` builds a new one per call, which showed in the open profile. */
let clockFormat: Intl.DateTimeFormat | undefined;
const clock = (ms: number): string => (clockFormat ??= new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" })).format(ms);

/** Words for an assistant message's error, or null (an abort is not an error to the user). */
function messageError(message: Message): { text: string; aborted: boolean } | null {
  if (message.role !== "assistant" || !message.error) return null;
  const data = message.error.data as { message?: unknown };
  const detail = typeof data.message === "string" ? data.message : "";
  if (message.error.name === "MessageAbortedError") return { text: "Stopped.", aborted: true };
  return { text: `${message.error.name}${detail ? `: ${detail}` : ""}`, aborted: false };
}

/** Renders one user or assistant message. */
export function MessageView(props: MessageViewProps) {
  const role = () => props.message.role;
  // Like OpenCode's own app, what the server added to a prompt (an @file's "Called the Read tool…"
  // and the file's text) is not what the user typed: it folds away under one line.
  const folded = (p: Part): boolean => role() === "user" && p.type === "text" && !!p.synthetic;
  const partIds = createMemo(() => props.parts.filter((p) => !folded(p)).map((p) => p.id), [], { equals: sameIds });
  const foldedIds = createMemo(() => props.parts.filter(folded).map((p) => p.id), [], { equals: sameIds });
  const renderPart = (id: string) => {
    const part = createMemo(() => props.parts.find((p) => p.id === id));
    return <Show when={part()}>{(p) => <PartView part={p()} role={role()} live={props.live} />}</Show>;
  };
  const meta = () => {
    const m = props.message;
    if (m.role === "user") return "You";
    return [m.agent, m.modelID].filter(Boolean).join(" · ");
  };
  const took = () => {
    const m = props.message;
    return m.role === "assistant" && m.time.completed ? formatDuration(m.time.completed - m.time.created) : null;
  };
  const error = () => messageError(props.message);
  const host = useSessionActions();
  const reverted = () => host?.reverted(props.message.sessionID, props.message.id) ?? false;
  const search = useSearch();
  const mark = (of: ((sessionId: string) => string | undefined) | undefined) => (of?.(props.message.sessionID) === props.message.id ? "" : undefined);

  return (
    <article
      class={`sv-message sv-message-${role()}`}
      data-message-id={props.message.id}
      data-role={role()}
      data-reverted={reverted() ? "" : undefined}
      data-search-hit={mark(search?.hitOf)}
      data-find-current={mark(search?.findOf)}
    >
      <header class="sv-message-head">
        <span class="sv-message-who">{meta()}</span>
        <span class="sv-muted">{clock(props.message.time.created)}</span>
        <Show when={took()}>{(t) => <span class="sv-muted">· {t()}</span>}</Show>
        <Show when={props.live}>
          <span class="sv-live" aria-label="Writing">
            ●
          </span>
        </Show>
        <MessageActions message={props.message} parts={props.parts} />
      </header>
      <div class="sv-parts">
        <For each={partIds()}>{renderPart}</For>
        <Show when={foldedIds().length > 0}>
          <details class="sv-synthetic-fold">
            <summary class="sv-muted">
              Added for the model ({foldedIds().length} {foldedIds().length === 1 ? "part" : "parts"})
            </summary>
            <For each={foldedIds()}>{renderPart}</For>
          </details>
        </Show>
      </div>
      <Show when={error()}>
        {(e) => (
          <div class="sv-line" classList={{ "sv-muted": e().aborted, "sv-error-text": !e().aborted }} role={e().aborted ? undefined : "alert"}>
            {e().text}
          </div>
        )}
      </Show>
    </article>
  );
}
