/**
 * A session whose server is not running, read-only from the hub's index: its prompts, replies and
 * tool lines as plain text, scrolled to the message a search opened it at.
 */
import { createEffect, createResource, For, Show, type JSX } from "solid-js";
import type { SearchClient } from "../../api/search-client";
import { errorMessage } from "../../store/error-message";
import { ErrorText } from "../common/error-text";
import { ROLE_WORDS } from "./search-model";
import "./search.css";

/** Words for the page when the session's server is gone (dev-docs/search.md). */
export const NOT_RUNNING_WORDS = "Its server is not running: this is the text Switchboard indexed, read-only.";

/** The read-only view; `hit` is the message to scroll to. */
export function IndexedSessionView(props: { sessionId: string; client: SearchClient; hit?: string }): JSX.Element {
  const [session] = createResource(
    () => ({ id: props.sessionId, client: props.client }),
    ({ id, client }) => client.session(id),
  );
  let list: HTMLDivElement | undefined;
  createEffect(() => {
    const id = props.hit;
    if (!session() || !id || !list) return;
    requestAnimationFrame(() => list?.querySelector(`[data-message-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: "center" }));
  });
  return (
    <section class="sv-root sv-session sv-indexed" data-session-id={props.sessionId} data-indexed="" aria-label="Session">
      <header class="sv-header">
        <div class="sv-header-main">
          <h2 class="sv-title">{session()?.title || "Untitled session"}</h2>
        </div>
        <Show when={session()}>
          {(s) => (
            <div class="sv-header-sub">
              <span class="sv-dir" title={s().directory}>
                {s().directory}
              </span>
            </div>
          )}
        </Show>
      </header>
      <p class="sv-indexed-note" role="status">
        {NOT_RUNNING_WORDS}
      </p>
      <ErrorText message={session.error ? `Could not read this session from the index: ${errorMessage(session.error)}` : null} />
      <div class="sv-indexed-list" ref={list}>
        <Show when={session.loading}>
          <p class="sv-muted">Loading the indexed text…</p>
        </Show>
        <For each={session()?.messages ?? []}>
          {(m) => (
            <article
              class={`sv-message sv-message-${m.role === "user" ? "user" : "assistant"}`}
              data-message-id={m.messageId}
              data-role={m.role}
              data-search-hit={m.messageId === props.hit ? "" : undefined}
            >
              <header class="sv-message-head">
                <span class="sv-message-who">{ROLE_WORDS[m.role]}</span>
                <span class="sv-muted">{new Date(m.time).toLocaleString()}</span>
              </header>
              <p class="sv-indexed-text">{m.text}</p>
            </article>
          )}
        </For>
      </div>
    </section>
  );
}
