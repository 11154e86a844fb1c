/** The "Needs you" inbox: every pending permission and question on every server, newest first. */
import { For, Show, createMemo, createSignal, onCleanup, type JSX } from "solid-js";
import { attentionItems } from "../../store/attention";
import { createNow } from "../common/create-now";
import { AttentionItemView } from "./attention-item";
import { sameList } from "./format";
import type { AttentionSettings } from "./settings";
import { useWorkspace } from "../workspace-services";

/** Props of {@link NeedsYouPanel}. */
export interface NeedsYouPanelProps {
  settings: AttentionSettings;
  onOpen: (sessionId: string) => void;
  onClose: () => void;
}

/** Items rendered in the frame the inbox opens (more than fit on a tall screen). */
const FIRST_FRAME_ITEMS = 8;

/** Renders the inbox (a region named "Needs you"); its clock ticks only while it is open. */
export function NeedsYouPanel(props: NeedsYouPanelProps): JSX.Element {
  const { state } = useWorkspace();
  const now = createNow(1000);
  // Ordering reads the ids' times only, so the memo does not rerun on the clock.
  const items = createMemo(() => attentionItems(state));
  // Rows are keyed by request id so a prompt keeps its half-made answer while other data changes.
  const ids = createMemo(() => items().map((item) => item.id), undefined, { equals: sameList });
  const byId = createMemo(() => new Map(items().map((item) => [item.id, item])));
  // Opening with dozens pending: the first screenful renders in the click's frame, the rest in the
  // next one (each frame's work stays small; scripts/bench/attention-bench.ts).
  const [limit, setLimit] = createSignal(FIRST_FRAME_ITEMS);
  let later: ReturnType<typeof setTimeout> | undefined;
  // After the first frame is painted (rAF runs before that paint; the task it queues runs after).
  const frame = requestAnimationFrame(() => (later = setTimeout(() => setLimit(Number.POSITIVE_INFINITY), 0)));
  onCleanup(() => {
    cancelAnimationFrame(frame);
    clearTimeout(later);
  });
  const shown = createMemo(() => (ids().length > limit() ? ids().slice(0, limit()) : ids()), undefined, { equals: sameList });
  return (
    <section
      class="attention-panel"
      role="region"
      aria-label="Needs you"
      id="needs-you-panel"
      onKeyDown={(e) => {
        if (e.key === "Escape") props.onClose();
      }}
    >
      <header class="attention-panel-head">
        <h2>Needs you</h2>
        <div class="attention-switches">
          <SwitchControl
            name="Desktop notifications"
            on={props.settings.notifications()}
            onToggle={() => void props.settings.toggleNotifications()}
          />
          <SwitchControl
            name="Sound"
            on={props.settings.sound()}
            disabled={!props.settings.notifications()}
            onToggle={() => props.settings.setSound(!props.settings.sound())}
          />
        </div>
        <button type="button" class="attention-close" aria-label="Close Needs you" onClick={() => props.onClose()}>
          ×
        </button>
      </header>
      <Show when={props.settings.denied()}>
        <p class="attention-note" role="status">
          The browser blocks notifications for this page — allow them in the site settings, then switch them on again.
        </p>
      </Show>
      <Show when={items().length > 0} fallback={<p class="attention-empty">Nothing is waiting for you.</p>}>
        <ol class="attention-list">
          <For each={shown()}>
            {(id) => <Show when={byId().get(id)}>{(item) => <AttentionItemView item={item()} now={now()} onOpen={props.onOpen} />}</Show>}
          </For>
        </ol>
      </Show>
    </section>
  );
}

/** A labelled on/off switch (`role="switch"` named by its label). */
function SwitchControl(props: { name: string; on: boolean; disabled?: boolean; onToggle: () => void }): JSX.Element {
  return (
    <label class="attention-switch">
      <button
        type="button"
        role="switch"
        aria-checked={props.on}
        aria-label={props.name}
        disabled={props.disabled}
        onClick={() => props.onToggle()}
      />
      <span aria-hidden="true">{props.name}</span>
    </label>
  );
}
