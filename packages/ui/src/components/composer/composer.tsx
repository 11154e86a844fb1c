/**
 * The prompt box: Enter sends, Shift+Enter breaks the line, IME composition is respected.
 * A failed send keeps the text and says why; a session no running instance owns cannot send.
 */
import { Show, createMemo, createSignal, on, createEffect } from "solid-js";
import type { State, WorkspaceActions } from "../../store/types";
import { sessionLookup } from "../../store/session-lookup";
import { instanceLabel, noOwnerReason, sessionOwner } from "../session-owner";
import "../controls.css";
import "./composer.css";

/** Props of {@link Composer}. */
export interface ComposerProps {
  sessionId: string;
  state: State;
  actions: Pick<WorkspaceActions, "sendPrompt" | "abort">;
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
  // Drafts survive switching sessions inside one mounted view.
  const drafts = new Map<string, string>();
  const [text, setText] = createSignal("");
  const [sending, setSending] = createSignal(false);
  const [stopping, setStopping] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  createEffect(
    on(
      () => props.sessionId,
      (id, prev) => {
        if (prev !== undefined) drafts.set(prev, text());
        setText(drafts.get(id) ?? "");
        setError(null);
      },
    ),
  );

  const session = () => props.state.sessions[props.sessionId];
  const owner = createMemo(() => sessionOwner(session(), props.state.instances));
  const busy = () => {
    const t = props.state.status[props.sessionId]?.type;
    return t === "busy" || t === "retry";
  };
  /** Why Send is unavailable: a deep link's session not listed yet, or no running owner. */
  const noOwnerWords = () =>
    sessionLookup(props.state, props.sessionId).kind === "searching"
      ? "Finding this session's server… Your message is kept; Send becomes available once it is found."
      : noOwnerReason(session(), props.state.instances, props.state.unreachable);
  const canSend = () => !!owner() && !sending() && text().trim() !== "";

  const send = async () => {
    if (!canSend()) return;
    const id = props.sessionId;
    const sent = text();
    setSending(true);
    setError(null);
    // Cleared at once (the prompt shows in the timeline): whatever the user types next starts a
    // new draft instead of being glued to the prompt in flight.
    setText("");
    try {
      await props.actions.sendPrompt(id, sent);
    } catch (err) {
      console.error("sendPrompt failed", id, err);
      // Put the prompt back, before anything typed meanwhile, so nothing is lost.
      const restore = (typed: string) => (typed.trim() === "" ? sent : `${sent}\n${typed}`);
      if (id === props.sessionId) {
        setText(restore(text()));
        setError(`Not sent: ${words(err)}`);
      } else {
        drafts.set(id, restore(drafts.get(id) ?? ""));
      }
    } finally {
      setSending(false);
    }
  };

  const stop = async () => {
    setStopping(true);
    setError(null);
    try {
      await props.actions.abort(props.sessionId);
    } catch (err) {
      console.error("abort failed", props.sessionId, err);
      setError(`Could not stop: ${words(err)}`);
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
        onInput={(e) => setText(e.currentTarget.value)}
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
