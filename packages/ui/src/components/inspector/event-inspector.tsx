/**
 * Event inspector (`?inspect`): a debugging panel off the main path. Shows each instance's last
 * frames as they arrived and what the adapter's normalizer made of them, with a filter and a pause
 * (the view freezes; recording goes on). Raw text is shown as text, never as HTML.
 */
import { For, Show, createMemo, createSignal, onCleanup, untrack } from "solid-js";
import type { InstanceEntry } from "../../store/types";
import { describeFrame, filterFrames, type EventLog, type LoggedFrame } from "../../stream/event-log";
import { instanceLabel } from "../session-owner";
import "./event-inspector.css";

/** How much of a raw frame a row shows. */
const RAW_CHARS = 400;

/** Props: the engine's record and the instances (for the picker's names). */
export interface EventInspectorProps {
  log: EventLog;
  instances: Record<string, InstanceEntry>;
}

/** Renders the panel. */
export function EventInspector(props: EventInspectorProps) {
  const [instanceId, setInstanceId] = createSignal<string>("");
  const [filter, setFilter] = createSignal("");
  const [paused, setPaused] = createSignal(false);
  const [version, setVersion] = createSignal(0);
  const [open, setOpen] = createSignal(true);
  // The engine's record is one for the page's life: subscribed once; the listener reads `paused` when a frame arrives.
  onCleanup(untrack(() => props.log.subscribe(() => !paused() && setVersion((v) => v + 1))));
  const rows = createMemo<LoggedFrame[]>(() => {
    version();
    return filterFrames(props.log.entries(instanceId() || null), filter());
  });
  const name = (id: string) => {
    const info = props.instances[id]?.info;
    return info ? `${instanceLabel(info)} (${info.protocol})` : id;
  };
  const time = (at: number) => new Date(at).toISOString().slice(11, 23);

  return (
    <section class="ei" aria-label="Event inspector" data-open={open() ? "true" : "false"}>
      <header class="ei-bar">
        <button type="button" class="sv-btn" aria-expanded={open()} onClick={() => setOpen(!open())}>
          Event inspector
        </button>
        <Show when={open()}>
          <label>
            Instance{" "}
            <select value={instanceId()} onChange={(e) => setInstanceId(e.currentTarget.value)}>
              <option value="">All</option>
              <For each={Object.keys(props.instances)}>{(id) => <option value={id}>{name(id)}</option>}</For>
            </select>
          </label>
          <input
            class="ei-filter"
            type="search"
            placeholder="Filter (raw text or event type)"
            aria-label="Filter events"
            value={filter()}
            onInput={(e) => setFilter(e.currentTarget.value)}
          />
          <label>
            <input
              type="checkbox"
              checked={paused()}
              onChange={(e) => {
                setPaused(e.currentTarget.checked);
                if (!e.currentTarget.checked) setVersion((v) => v + 1);
              }}
            />{" "}
            Pause
          </label>
          <button type="button" class="sv-btn" onClick={() => props.log.clear()}>
            Clear
          </button>
          <span class="ei-count" role="status">
            {rows().length} shown
          </span>
        </Show>
      </header>
      <Show when={open()}>
        <ol class="ei-rows">
          <For each={rows()}>
            {(row) => (
              <li class="ei-row" data-instance-id={row.instanceId}>
                <span class="ei-time">{time(row.at)}</span>
                <Show when={!instanceId()}>
                  <span class="ei-instance">{name(row.instanceId)}</span>
                </Show>
                <code class="ei-raw">{row.raw.length > RAW_CHARS ? `${row.raw.slice(0, RAW_CHARS)}…` : row.raw}</code>
                <span class="ei-arrow" aria-hidden="true">
                  →
                </span>
                <span class="ei-normalized">{row.normalized.length ? row.normalized.map(describeFrame).join(", ") : "(nothing)"}</span>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}
