/**
 * Sub-agents never hang silently: under a parent session, one line per running or waiting child
 * (any depth) with its current tool, and the children's pending requests, answerable right there.
 */
import { For, Show, createMemo, type JSX } from "solid-js";
import { activityOf } from "../../store/activity";
import { descendantIds, parentChain } from "../../store/attention";
import type { State } from "../../store/types";
import { PendingPrompts } from "../prompts/pending-prompts";
import { formatElapsed, linkTitle, sameList } from "./format";
import { createNow } from "../common/create-now";
import { useWorkspace } from "../workspace-services";
import "../activity/activity.css";
import "./attention.css";

/** Props of {@link ChildActivity}. */
export interface ChildActivityProps {
  sessionId: string;
  onOpen?: (sessionId: string) => void;
}

/** Ids of the session's descendants that are running or waiting for the user. */
export function activeChildren(state: State, sessionId: string): string[] {
  return descendantIds(state, sessionId).filter(
    (id) => state.status[id] !== undefined || (state.permissions[id]?.length ?? 0) > 0 || (state.questions[id]?.length ?? 0) > 0,
  );
}

/** Renders the lines (nothing when no child is active). */
export function ChildActivity(props: ChildActivityProps): JSX.Element {
  const { state } = useWorkspace();
  const ids = createMemo(() => activeChildren(state, props.sessionId), undefined, { equals: sameList });
  return (
    <Show when={ids().length > 0}>
      <ChildLines ids={ids()} sessionId={props.sessionId} onOpen={props.onOpen} />
    </Show>
  );
}

function ChildLines(props: ChildActivityProps & { ids: string[] }): JSX.Element {
  const { state } = useWorkspace();
  // The clock only exists while a child is active.
  const now = createNow(1000);
  return (
    <section class="child-activity" aria-label="Sub-agents">
      <For each={props.ids}>
        {(id) => {
          const row = createMemo(() => activityOf(state, id, () => false, Date.now()));
          const path = () =>
            parentChain(state, id)
              .slice(parentChain(state, id).findIndex((l) => l.id === props.sessionId) + 1)
              .map(linkTitle)
              .join(" › ");
          return (
            <div class="child-line" data-child-session-id={id} data-child-state={row()?.kind ?? "idle"}>
              <div class="child-line-head">
                <span class="child-mark" aria-hidden="true">
                  ↳
                </span>
                <a
                  class="attention-link"
                  href={`?session=${encodeURIComponent(id)}`}
                  onClick={(e) => {
                    if (!props.onOpen) return;
                    e.preventDefault();
                    props.onOpen(id);
                  }}
                >
                  {path()}
                </a>
                <span class={`activity-kind kind-${row()?.kind ?? "busy"}`}>{row()?.kind === "waiting" ? "needs you" : "working"}</span>
                <span class="child-step">{row()?.step ?? "starting…"}</span>
                <Show when={row()?.since}>{(since) => <span class="child-elapsed">{formatElapsed(since(), now())}</span>}</Show>
              </div>
              <PendingPrompts sessionId={id} />
            </div>
          );
        }}
      </For>
    </section>
  );
}
