import { createMemo, Show, splitProps, type JSX } from "solid-js";
import type { ConnectionState, Instance } from "../../store/types";
import { createNow } from "../common/create-now";
import { StatusDot } from "../common/status-dot";
import { retryText } from "./connection-summary";
import { kindLabel } from "./instance-colour";

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
}): JSX.Element {
  const [local] = splitProps(props, [
    "id", "name", "title", "words", "connection", "attempt", "nextRetryAt", "attention", "selected", "focusable", "onSelect", "ref", "summary",
    "kind", "version", "hue", "machine",
  ]);
  const label = createMemo(() => {
    const waiting = local.attention > 0 ? `, ${local.attention} waiting for you` : "";
    const what = local.kind ? `, ${kindLabel(local.kind)}${local.version ? ` ${local.version}` : ""}` : "";
    return `${local.machine ? `${local.machine}: ` : ""}${local.name}, ${local.words}${waiting}${what}`;
  });
  return (
    <button
      ref={(element) => local.ref?.(element)}
      type="button"
      role="tab"
      class="instance-tab"
      classList={{ "is-selected": local.selected }}
      data-instance-id={local.id}
      data-connection={local.connection}
      data-kind={local.kind}
      data-machine={local.machine}
      style={local.hue === undefined ? undefined : { "--instance-hue": String(local.hue) }}
      aria-selected={local.selected ? "true" : "false"}
      aria-label={label()}
      tabindex={local.focusable ? 0 : -1}
      title={local.title}
      onClick={() => local.onSelect()}
    >
      <StatusDot kind={local.summary?.dot ?? local.connection} />
      <Show when={!local.summary && local.connection === "auth-required"}>
        <svg class="lock" viewBox="0 0 16 16" aria-hidden="true">
          <path d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2h.5a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h.5Zm1.5 0h4V5a2 2 0 0 0-4 0v2Z" />
        </svg>
      </Show>
      <Show when={local.machine}>{(machine) => <span class="tab-machine">{machine()}:</span>}</Show>
      <span class="tab-name">{local.name}</span>
      <Show when={local.kind}>
        {(kind) => (
          <span class="kind-badge" aria-hidden="true">
            {kindLabel(kind())}
            <Show when={local.version}>{(version) => <span class="kind-version">{version()}</span>}</Show>
          </span>
        )}
      </Show>
      <Show when={local.summary?.count}>
        {(count) => (
          <span class="tab-count" aria-hidden="true">
            {count()}
          </span>
        )}
      </Show>
      <Show when={local.connection === "reconnecting" && local.attempt > 0}>
        <RetryCountdown attempt={local.attempt} nextRetryAt={local.nextRetryAt} />
      </Show>
      <Show when={local.attention > 0}>
        <span class="badge" aria-hidden="true">
          {local.attention}
        </span>
      </Show>
    </button>
  );
}
