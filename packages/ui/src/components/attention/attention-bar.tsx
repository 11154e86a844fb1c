/**
 * The top bar's attention controls: "Activity" and "Needs you" (with the count), their drop-down
 * panels, the document title/favicon count and the desktop notifier. Created once per page.
 */
import { Show, createEffect, createMemo, createSignal, onCleanup, type JSX } from "solid-js";
import { attentionTotal, needsYouCount } from "../../store/attention";
import { ActivityOverview } from "../activity/activity-overview";
import { createDocumentSignals } from "./document-signals";
import { NeedsYouPanel } from "./needs-you-panel";
import { createNotifier } from "./notifier";
import { createAttentionSettings } from "./settings";
import { useWorkspace } from "../workspace-services";
import "./attention.css";

/** Props of {@link AttentionBar}. */
export interface AttentionBarProps {
  /** The one unread rule (components/sessions/create-unread.ts), shared with the list and the tabs. */
  isUnread: (sessionId: string) => boolean;
  /** The user is looking at this session now (its tab active in a visible page). */
  isViewing: (sessionId: string) => boolean;
  /** Opens a session in the workspace. */
  onOpen: (sessionId: string) => void;
}

/** Renders the controls and runs the signals. */
export function AttentionBar(props: AttentionBarProps): JSX.Element {
  const { state } = useWorkspace();
  const settings = createAttentionSettings();
  const [open, setOpen] = createSignal<"inbox" | "activity" | null>(null);
  const pending = createMemo(() => attentionTotal(state));
  const count = createMemo(() => needsYouCount(state, props.isUnread));
  // eslint-disable-next-line solid/reactivity -- a memo handed to a create* hook is tracked there; eslint-plugin-solid 0.14 mistakes it for a read (its issue #182, fixed in 0.16, which needs Node 22)
  createDocumentSignals(count);
  createNotifier({ state, settings, isViewing: (id) => props.isViewing(id), onOpen: (id) => props.onOpen(id) });

  const toggle = (which: "inbox" | "activity") => setOpen((current) => (current === which ? null : which));
  let bar!: HTMLDivElement;
  // An open panel is a popover: Escape anywhere or a press outside the bar closes it (Escape inside
  // it was already handled by the panel; a key another control used is left alone).
  createEffect(() => {
    if (open() === null) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented) return;
      const inside = bar.contains(document.activeElement);
      setOpen(null);
      if (inside) bar.querySelector<HTMLButtonElement>(".attention-button")?.focus();
    };
    const onDown = (event: PointerEvent) => {
      if (!bar.contains(event.target as Node)) setOpen(null);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onDown, true);
    onCleanup(() => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onDown, true);
    });
  });
  const openSession = (id: string) => {
    props.onOpen(id);
    // On a phone the panel covers the session: get out of the way.
    if (window.matchMedia?.("(max-width: 480px)").matches) setOpen(null);
  };

  return (
    <div class="attention-bar" ref={bar}>
      <button
        type="button"
        class="attention-button"
        aria-expanded={open() === "activity"}
        aria-controls="activity-panel"
        onClick={() => toggle("activity")}
      >
        Activity
      </button>
      <button
        type="button"
        class="attention-button"
        classList={{ "has-pending": pending() > 0 }}
        aria-expanded={open() === "inbox"}
        aria-controls="needs-you-panel"
        onClick={() => toggle("inbox")}
      >
        Needs you <span class="attention-count">{pending()}</span>
      </button>
      <Show when={open() === "inbox"}>
        <NeedsYouPanel settings={settings} onOpen={openSession} onClose={() => setOpen(null)} />
      </Show>
      <Show when={open() === "activity"}>
        <div id="activity-panel">
          <ActivityOverview isUnread={props.isUnread} onOpen={openSession} onClose={() => setOpen(null)} />
        </div>
      </Show>
    </div>
  );
}
