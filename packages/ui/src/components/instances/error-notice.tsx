import { createMemo, For, Show, type JSX } from "solid-js";
import type { InstanceEntry } from "../../store/types";
import { errorAdvice } from "./error-advice";
import "./error-notice.css";

/** Backtick-marked commands as <code>. */
function Words(props: { text: string }): JSX.Element {
  return (
    <For each={props.text.split("`")}>
      {(segment, index) => (
        <Show when={index() % 2 === 1} fallback={segment}>
          <code>{segment}</code>
        </Show>
      )}
    </For>
  );
}

/**
 * OpenCode servers the hub lists with status "error" (their API answers errors): the server's own
 * message and what to do. They get no event stream; the hub keeps probing and they turn ready on recovery.
 * A hand-written alert, not <ErrorText>: it is a banner (heading, advice with commands, facts, the
 * server's message) named "Broken OpenCode server" and carrying data-instance-id, where ErrorText is
 * one line of words.
 */
export function ErrorNotice(props: { instances: readonly InstanceEntry[] }): JSX.Element {
  const broken = createMemo(() => props.instances.filter((entry) => !entry.gone && entry.info.status === "error"));
  return (
    <For each={broken()}>
      {(entry) => {
        const advice = createMemo(() => errorAdvice(entry.info));
        return (
          <div class="notice notice-error" role="alert" aria-label="Broken OpenCode server" data-instance-id={entry.info.id}>
            <p>
              <strong>{advice().problem}</strong>
            </p>
            <p class="notice-hint">
              <Words text={advice().fix} />
            </p>
            <div class="notice-meta mono">
              <Show when={entry.info.directory}>{entry.info.directory} · </Show>
              port {entry.info.port} · pid {entry.info.pid} · {entry.info.kind}
            </div>
            <div class="notice-meta mono" data-error-message>
              {entry.info.error}
            </div>
          </div>
        );
      }}
    </For>
  );
}
