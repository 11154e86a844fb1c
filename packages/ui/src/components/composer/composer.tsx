/**
 * The prompt box: Enter sends, Shift+Enter breaks the line, IME composition is respected.
 * The draft lives in the draft store (per session, across remounts and reloads); a failed send
 * puts the prompt back into its own session's draft and says why, even after the user moved on.
 * A session no running instance owns cannot send.
 */
import { Show, createMemo, createSignal } from "solid-js";
import type { State, WorkspaceActions } from "../../store/types";
import { sharedDrafts, type DraftStore } from "../../store/drafts";
import { sessionLookup } from "../../store/session-lookup";
import { isRunning } from "../../store/ownership";
import { instanceLabel, noOwnerReason, promptOwner } from "../session-owner";
import "../controls.css";
import "./composer.css";

/** Props of {@link Composer}. */
export interface ComposerProps {
  sessionId: string;
  state: State;
  actions: Pick<WorkspaceActions, "sendPrompt" | "abort">;
  /** Where drafts live (default: the page's shared store). */
  drafts?: DraftStore;
}

const words = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The composer textarea's element id for a session. */
const inputId = (sessionId: string): string => `composer-${sessionId}`;

/**
 * Focuses a session's composer once its view has rendered (e.g. right after "New session"
 * opened it), so the user can type at once.
 */
export function focusComposer(sessionId: string): void {
  requestAnimationFrame(() => document.getElementById(inputId(sessionId))?.focus());
}

/** Renders the composer of one session. */
export function Composer(props: ComposerProps) {
  const drafts = props.drafts ?? sharedDrafts();
  const key = () => props.sessionId;
  const text = () => drafts.get(key()).text;
  const [sending, setSending] = createSignal(false);
  const [stopping, setStopping] = createSignal(false);
  /** Stop's own failure; a failed send's words live in the draft. */
  const [stopError, setStopError] = createSignal<string | null>(null);
  const error = () => drafts.get(key()).error ?? stopError();

  const session = () => props.state.sessions[props.sessionId];
  const owner = createMemo(() => promptOwner(props.state, props.sessionId));
  /** Stop only while a connected owner says the session runs (an exited owner's "busy" is unknown). */
  const busy = () => isRunning(props.state, props.sessionId);
  /** Why Send is unavailable: a deep link's session not listed yet, or no running owner. */
  const noOwnerWords = () =>
    sessionLookup(props.state, props.sessionId).kind === "searching"
      ? "Finding this session's server… Your message is kept; Send becomes available once it is found."
      : noOwnerReason(session(), props.state.instances, props.state.unreachable);
  const canSend = () => !!owner() && !sending() && text().trim() !== "";

  const send = async () => {
    if (!canSend()) return;
    const id = props.sessionId;
    setSending(true);
    setStopError(null);
    // Taken out at once (the prompt shows in the timeline): whatever the user types next starts
    // a new draft instead of being glued to the prompt in flight.
    const prompt = drafts.take(id);
    try {
      await props.actions.sendPrompt(id, prompt.text);
    } catch (err) {
      console.error("sendPrompt failed", id, err);
      // Back into this session's draft, wherever the user is now, before anything typed meanwhile.
      drafts.restore(id, prompt, `Not sent: ${words(err)}`);
    } finally {
      setSending(false);
    }
  };

  const stop = async () => {
    setStopping(true);
    setStopError(null);
    try {
      await props.actions.abort(props.sessionId);
    } catch (err) {
      console.error("abort failed", props.sessionId, err);
      setStopError(`Could not stop: ${words(err)}`);
    } finally {
      setStopping(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    // keyCode 229: Safari reports the Enter that ends an IME composition this way.
    if (e.key !== "Enter" || e.shiftKey || e.isComposing || e.keyCode === 229) return;
    e.preventDefault();
    void send();
  };

  return (
    <form
      class="sv-composer"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <label class="sv-visually-hidden" for={inputId(props.sessionId)}>
        Message
      </label>
      <textarea
        id={inputId(props.sessionId)}
        class="sv-composer-input"
        rows={3}
        placeholder={owner() ? "Message the agent — Enter to send, Shift+Enter for a new line" : "Cannot send: see below"}
        value={text()}
        onInput={(e) => drafts.setText(key(), e.currentTarget.value)}
        onKeyDown={onKeyDown}
        aria-describedby={`composer-status-${props.sessionId}`}
      />
      <div class="sv-composer-bar">
        <div class="sv-composer-status" id={`composer-status-${props.sessionId}`}>
          <Show
            when={owner()}
            fallback={<span class="sv-composer-no-owner">{noOwnerWords()}</span>}
          >
            {(o) => (
              <span class="sv-muted" title={o().info.url}>
                → {instanceLabel(o().info)}
              </span>
            )}
          </Show>
        </div>
        <Show when={busy()}>
          <button type="button" class="sv-btn sv-btn-stop" disabled={stopping()} onClick={() => void stop()}>
            Stop
          </button>
        </Show>
        <button type="submit" class="sv-btn sv-btn-primary" disabled={!canSend()}>
          Send
        </button>
      </div>
      <Show when={error()}>
        {(e) => (
          <p class="sv-composer-error" role="alert">
            {e()}
          </p>
        )}
      </Show>
    </form>
  );
}
