/**
 * The main pane for one session: header (title, directory, owner, status), the timeline with
 * pending prompts at its end, the todo checklist, and the composer.
 */
import { Show, createEffect, createMemo, createSignal, onCleanup } from "solid-js";
import { Timeline } from "./timeline/timeline";
import { Composer } from "./composer/composer";
import { PendingPrompts, hasPendingPrompts } from "./prompts/pending-prompts";
import { TodoPanel } from "./todo-panel";
import { ChildActivity } from "./attention/child-activity";
import { ShowInTerminal } from "./attention/show-in-terminal";
import { instanceLabel, sessionOwner } from "./session-owner";
import { ownerLinkWords } from "./sessions/view-model";
import { sessionLookup } from "../store/session-lookup";
import { shownStatus } from "../store/ownership";
import { SessionMenuButton } from "./session-actions/action-menu";
import { ChangesButton, ChangesPanel } from "./changes/changes-panel";
import { ContextButton, ContextPanel } from "./workbench/context/context-panel";
import { FilesButton, FilesPanel } from "./workbench/files/files-panel";
import { RevertedBar } from "./workbench/revert/revert-button";
import { SessionTerminalButton, SessionTerminalPanel } from "./workbench/terminal/session-terminal";
import "./timeline/timeline.css";
import "./session-view.css";
import { useWorkspace } from "./workspace-services";

/** Props of {@link SessionView}. */
export interface SessionViewProps {
  sessionId: string;
  /** false renders the timeline without virtualization (tests only: jsdom has no layout). */
  virtual?: boolean;
  /** Closes this session's tab (offered when the session is on no running server). */
  onClose?: () => void;
  /** Opens another session in a tab (a fork, a new session). */
  onOpenSession?: (sessionId: string) => void;
  /** Opens a lazy new session on an instance (`/new`). */
  onNewSession?: (instanceId: string) => void;
}

/** Renders one session. */
export function SessionView(props: SessionViewProps) {
  const { state, actions, remembered } = useWorkspace();
  const entry = () => state.sessions[props.sessionId];
  const owner = createMemo(() => sessionOwner(entry(), state.instances));
  const status = () => state.status[props.sessionId] ?? { type: "idle" as const };
  const shown = () => shownStatus(state, props.sessionId);
  const [now, setNow] = createSignal(Date.now());
  // The clock only ticks while a retry countdown is on screen, so an idle page does no work.
  createEffect(() => {
    if (shown() !== "retry") return;
    setNow(Date.now());
    const tick = setInterval(() => setNow(Date.now()), 1000);
    onCleanup(() => clearInterval(tick));
  });

  /** A restored tab or deep link whose session no instance has listed (yet). */
  const unknownTitle = () =>
    remembered.get(props.sessionId)?.title || (sessionLookup(state, props.sessionId).kind === "missing" ? "Session not found" : "Loading session…");

  const statusWords = () => {
    // Without a running owner the last known status may be stale: say so instead of "idle".
    if (!owner() || shown() === "unknown") return "status unknown";
    const s = status();
    if (s.type === "busy") return "working…";
    if (s.type === "retry") {
      const secs = Math.max(0, Math.ceil((s.next - now()) / 1000));
      return `retry ${s.attempt} in ${secs}s: ${s.message}`;
    }
    return "idle";
  };

  return (
    <section class="sv-root sv-session" data-session-id={props.sessionId} aria-label="Session">
      <header class="sv-header">
        <div class="sv-header-main">
          <h2 class="sv-title">{entry() ? entry()?.info.title || "Untitled session" : unknownTitle()}</h2>
          <Show when={entry()}>
            <span class="sv-status" data-status={owner() ? shown() : "unknown"} title={statusWords()}>
              <span class="sv-status-dot" aria-hidden="true" />
              {statusWords()}
            </span>
            <ChangesButton sessionId={props.sessionId} />
            <ContextButton sessionId={props.sessionId} />
            <FilesButton sessionId={props.sessionId} />
            <SessionTerminalButton sessionId={props.sessionId} />
            <SessionMenuButton sessionId={props.sessionId} />
          </Show>
        </div>
        <Show when={entry()}>
          <div class="sv-header-sub">
            <span class="sv-dir" title={entry()?.info.directory}>
              {entry()?.info.directory ?? "unknown directory"}
            </span>
            <Show when={owner()} fallback={<span class="sv-warn">no running instance</span>}>
              {(o) => (
                <span title={o().info.url} classList={{ "sv-warn": ownerLinkWords(state, props.sessionId) !== null }}>
                  on {instanceLabel(o().info)}
                  {ownerLinkWords(state, props.sessionId) ? ` — ${ownerLinkWords(state, props.sessionId)}` : ""}
                </span>
              )}
            </Show>
            <ShowInTerminal sessionId={props.sessionId} />
          </div>
        </Show>
      </header>
      <div class="sv-body">
        <div class="sv-main">
          <Timeline
            sessionId={props.sessionId}
            virtual={props.virtual}
            onClose={props.onClose}
            footer={() => (
              <>
                <ChildActivity sessionId={props.sessionId} />
                <Show when={hasPendingPrompts(state, props.sessionId)}>
                  <PendingPrompts sessionId={props.sessionId} />
                </Show>
              </>
            )}
          />
          <RevertedBar session={entry()} messages={state.messages[props.sessionId] ?? []} actions={actions.session(props.sessionId)} />
          <Composer sessionId={props.sessionId} onOpenSession={props.onOpenSession} onNewSession={props.onNewSession} />
          <SessionTerminalPanel sessionId={props.sessionId} />
        </div>
        <ChangesPanel sessionId={props.sessionId} />
        <ContextPanel sessionId={props.sessionId} />
        <FilesPanel sessionId={props.sessionId} />
        <Show when={(state.todos[props.sessionId]?.length ?? 0) > 0}>
          <aside class="sv-side" aria-label="Todos">
            <TodoPanel todos={state.todos[props.sessionId] ?? []} />
          </aside>
        </Show>
      </div>
    </section>
  );
}
