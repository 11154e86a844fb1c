import { createMemo, Show, type JSX } from "solid-js";
import type { ConnectionState, Instance } from "../../store/types";
import { createNow } from "../common/create-now";
import { StatusDot } from "../common/status-dot";
import { retryText } from "./connection-summary";
import { kindLabel } from "./instance-colour";
import { NotSentMark } from "../composer/not-sent-mark";
import { newSessionId } from "../../store/ownership";

type InstanceKind = Instance["kind"];

/** Live "retry N in Ss" text; its one-second clock only runs while shown. */
function RetryCountdown(props: { attempt: number; nextRetryAt: number | null }): JSX.Element {
  const now = createNow(1000);
  return <span class="tab-retry">{retryText(props.attempt, props.nextRetryAt, now())}</span>;
}

/** One tab of the Instances tablist (the All tab too). */
export function InstanceTab(props: {
  id: string;
  name: string;
  title: string;
  words: string;
  connection: ConnectionState;
  attempt: number;
  nextRetryAt: number | null;
  attention: number;
  selected: boolean;
  focusable: boolean;
  onSelect: () => void;
  ref?: (element: HTMLButtonElement) => void;
  /** All tab: a dot modifier and a short count instead of one connection's dot and lock. */
  summary?: { dot: string; count: string | null };
  /** An instance tab: what it is (badge + `data-kind`), its version, and the hue its session tabs share. */
  kind?: InstanceKind;
  version?: string | null;
  hue?: number;
  /** Another machine's name (its instances came through a peer Switchboard). */
  machine?: string;
  /** Switchboard started this server ("New session in…"): marked, and its overview can stop it. */
  managed?: boolean;
}): JSX.Element {
  const label = createMemo(() => {
    const waiting = props.attention > 0 ? `, ${props.attention} waiting for you` : "";
    const what = props.kind ? `, ${kindLabel(props.kind)}${props.version ? ` ${props.version}` : ""}` : "";
    const started = props.managed ? ", started by Switchboard" : "";
    return `${props.machine ? `${props.machine}: ` : ""}${props.name}, ${props.words}${waiting}${what}${started}`;
  });
  return (
    <button
      ref={(element) => props.ref?.(element)}
      type="button"
      role="tab"
      class="instance-tab"
      classList={{ "is-selected": props.selected }}
      data-instance-id={props.id}
      data-connection={props.connection}
      data-kind={props.kind}
      data-machine={props.machine}
      data-managed={props.managed ? "" : undefined}
      style={props.hue === undefined ? undefined : { "--instance-hue": String(props.hue) }}
      aria-selected={props.selected ? "true" : "false"}
      aria-label={label()}
      tabindex={props.focusable ? 0 : -1}
      title={props.title}
      onClick={() => props.onSelect()}
    >
      <StatusDot kind={props.summary?.dot ?? props.connection} />
      <Show when={!props.summary && props.connection === "auth-required"}>
        <svg class="lock" viewBox="0 0 16 16" aria-hidden="true">
          <path d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2h.5a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h.5Zm1.5 0h4V5a2 2 0 0 0-4 0v2Z" />
        </svg>
      </Show>
      <Show when={props.machine}>{(machine) => <span class="tab-machine">{machine()}:</span>}</Show>
      <span class="tab-name">{props.name}</span>
      {/* A new session's first send that failed has no session tab yet: its server's tab carries the mark. */}
      <Show when={!props.summary}>
        <NotSentMark draftKey={newSessionId(props.id)} />
      </Show>
      <Show when={props.kind}>
        {(kind) => (
          <span class="kind-badge" aria-hidden="true">
            {kindLabel(kind())}
            <Show when={props.version}>{(version) => <span class="kind-version">{version()}</span>}</Show>
            <Show when={props.managed}>
              <span class="kind-managed">started</span>
            </Show>
          </span>
        )}
      </Show>
      <Show when={props.summary?.count}>
        {(count) => (
          <span class="tab-count" aria-hidden="true">
            {count()}
          </span>
        )}
      </Show>
      <Show when={props.connection === "reconnecting" && props.attempt > 0}>
        <RetryCountdown attempt={props.attempt} nextRetryAt={props.nextRetryAt} />
      </Show>
      <Show when={props.attention > 0}>
        <span class="badge" aria-hidden="true">
          {props.attention}
        </span>
      </Show>
    </button>
  );
}
