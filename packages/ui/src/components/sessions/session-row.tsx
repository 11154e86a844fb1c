import { createMemo, Show, type JSX } from "solid-js";
import { formatRelative } from "../common/format";
import { formatCost, sessionCost } from "../workbench/context/context-sums";
import { attentionOf, statusKind, type SessionStatusKind } from "./view-model";
import { useWorkspace } from "../workspace-services";

/** `toLocaleString()`'s format, made once: a formatter per row costs more than the rest of the row. */
const LOCAL_TIME = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
});

const PILL_WORDS: Record<SessionStatusKind, string> = { idle: "", busy: "busy", retry: "retry", unknown: "status unknown" };

/** One session in the sidebar: title, relative time, status pill, unread dot. */
export function SessionRow(props: {
  sessionId: string;
  depth: number;
  /** Its index in the virtualized list (`data-index`, read by `measure`). */
  index: number;
  /** Its offset inside its group's row list (px). */
  top: number;
  /** The virtualizer's ref: measures the row as it renders and when it resizes. */
  measure: (element: HTMLElement) => void;
  now: number;
  active: boolean;
  unread: boolean;
  onOpen: (sessionId: string) => void;
  /** Right-click / menu key: the session actions menu. */
  onContextMenu?: (sessionId: string, event: MouseEvent) => void;
}): JSX.Element {
  const { state } = useWorkspace();
  const info = createMemo(() => state.sessions[props.sessionId]?.info);
  const status = createMemo(() => statusKind(state, props.sessionId));
  const attention = createMemo(() => attentionOf(state, props.sessionId));
  const retryMessage = createMemo(() => {
    const value = state.status[props.sessionId];
    return value?.type === "retry" ? `Retrying (attempt ${value.attempt}): ${value.message}` : "";
  });
  const costLine = () => {
    const cost = sessionCost(info() as { cost?: unknown } | undefined, state.messages[props.sessionId]);
    return cost === null ? "" : `\ncost ${formatCost(cost)}`;
  };
  const pillTitle = () =>
    status() === "unknown" ? "The OpenCode running this session is not connected: its status is unknown." : retryMessage() || undefined;
  return (
    <Show when={info()}>
      {(session) => (
        <li class="session-item" data-index={props.index} ref={props.measure} style={{ "--depth": String(props.depth), top: `${props.top}px` }}>
          <button
            type="button"
            class="session-row"
            classList={{
              "is-active": props.active,
              "is-unread": props.unread,
              "is-child": props.depth > 0,
              "is-archived": Boolean(session().time.archived),
            }}
            data-session-id={props.sessionId}
            data-session-status={status()}
            data-unread={props.unread ? "true" : undefined}
            aria-current={props.active ? "page" : undefined}
            title={`${session().title || "Untitled session"}\n${session().directory}\nupdated ${LOCAL_TIME.format(session().time.updated)}${costLine()}`}
            onClick={() => props.onOpen(props.sessionId)}
            onContextMenu={(event) => props.onContextMenu?.(props.sessionId, event)}
          >
            <Show when={props.depth > 0}>
              <span class="tree-mark" aria-hidden="true">
                ↳
              </span>
            </Show>
            <span class="session-main">
              <span class="session-title">{session().title || "Untitled session"}</span>
              <Show when={status() !== "idle" || attention()}>
                <span class="session-pills">
                  <Show when={status() !== "idle"}>
                    <span class={`pill pill-${status()}`} title={pillTitle()}>
                      <span class="spinner-dot" aria-hidden="true" />
                      {PILL_WORDS[status()]}
                    </span>
                  </Show>
                  <Show when={attention()}>
                    {(kind) => <span class="pill pill-attention">{kind() === "permission" ? "needs permission" : "question"}</span>}
                  </Show>
                </span>
              </Show>
            </span>
            <span class="session-meta">
              <time class="session-time" dateTime={new Date(session().time.updated).toISOString()}>
                {formatRelative(session().time.updated, props.now)}
              </time>
              <span
                class="unread-dot"
                classList={{ "is-on": props.unread }}
                role={props.unread ? "img" : undefined}
                aria-label={props.unread ? "unread" : undefined}
              />
            </span>
          </button>
        </li>
      )}
    </Show>
  );
}
