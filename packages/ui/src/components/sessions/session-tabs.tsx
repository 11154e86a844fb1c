import { createMemo, For, onCleanup, Show, type JSX } from "solid-js";
import { StatusDot } from "../common/status-dot";
import { NotSentMark } from "../composer/not-sent-mark";
import "../controls.css";
import { instanceName, orderedInstances } from "../instances/connection-summary";
import { instanceHues } from "../instances/instance-colour";
import { TabStripScroll } from "../layout/tab-strip-scroll";
import type { SessionTabs as SessionTabsController } from "./create-session-tabs";
import { sessionOwnerId } from "../../store/ownership";
import { sessionLookup } from "../../store/session-lookup";
import { neighbour } from "./tabs-model";
import { attentionOf, NO_SERVER, ownerLinkWords, statusKind } from "./view-model";
import { useWorkspace } from "../workspace-services";

/** Shown in titles so the shortcuts can be discovered. */
export const CLOSE_HINT = "Close: Ctrl+Alt+W, Delete (when focused) or middle-click";
const SWITCH_HINT = "Switch: ←/→ in the tab bar";

/** The "Sessions" tablist: open session tabs side by side, closable, keyboard-navigable. */
export function SessionTabs(props: { tabs: SessionTabsController; isUnread: (sessionId: string) => boolean }): JSX.Element {
  const { state, remembered } = useWorkspace();
  const elements = new Map<string, HTMLButtonElement>();
  const open = createMemo(() => props.tabs.tabs().open);
  const active = createMemo(() => props.tabs.tabs().active);
  const hues = createMemo(() => instanceHues(orderedInstances(state)));
  let list: HTMLDivElement | undefined;

  const focusActive = () => {
    const id = active();
    if (id) elements.get(id)?.focus();
  };
  const closeAndKeepFocus = (id: string) => {
    const hadFocus = list?.contains(document.activeElement) ?? false;
    props.tabs.close(id);
    if (hadFocus) queueMicrotask(focusActive);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const current = active();
    if (!current) return;
    let target: string | null = null;
    if (event.key === "ArrowRight") target = neighbour(props.tabs.tabs(), current, 1);
    else if (event.key === "ArrowLeft") target = neighbour(props.tabs.tabs(), current, -1);
    else if (event.key === "Home") target = open()[0] ?? null;
    else if (event.key === "End") target = open()[open().length - 1] ?? null;
    else if (event.key === "Delete") {
      event.preventDefault();
      closeAndKeepFocus(current);
      return;
    }
    if (!target) return;
    event.preventDefault();
    props.tabs.activate(target);
    elements.get(target)?.focus();
  };

  // Ctrl+Alt+W works from anywhere (the composer included); plain Ctrl+W belongs to the browser.
  const onGlobalKey = (event: KeyboardEvent) => {
    if (event.ctrlKey && event.altKey && !event.shiftKey && event.code === "KeyW") {
      const current = active();
      if (!current) return;
      event.preventDefault();
      closeAndKeepFocus(current);
    }
  };
  document.addEventListener("keydown", onGlobalKey);
  onCleanup(() => document.removeEventListener("keydown", onGlobalKey));

  return (
    <TabStripScroll label="session tabs" class="tab-strip-sessions">
      <div class="session-tabs" role="tablist" aria-label="Sessions" ref={list} onKeyDown={onKeyDown}>
        <For each={open()}>
          {(id) => {
            const info = () => state.sessions[id]?.info;
            const title = () =>
              info()?.title ||
              (info()
                ? "Untitled session"
                : remembered.get(id)?.title || (sessionLookup(state, id).kind === "missing" ? "Session not found" : "Loading session…"));
            const ownerId = () => sessionOwnerId(state, id);
            const owner = () => {
              const ownerIdNow = ownerId();
              const entry = ownerIdNow ? state.instances[ownerIdNow] : undefined;
              return entry ? instanceName(entry, Object.values(state.instances)) : (remembered.get(id)?.instance ?? "no owner");
            };
            const hue = () => {
              const ownerIdNow = ownerId();
              return ownerIdNow ? hues().get(ownerIdNow) : undefined;
            };
            const status = () => statusKind(state, id);
            /** Set when the owning server is not connected: the tab must not look live. */
            const link = () => ownerLinkWords(state, id);
            const ownerLine = () => (link() ? `${owner()} — ${link()}` : owner());
            const selected = () => active() === id;
            const unread = () => !selected() && props.isUnread(id);
            return (
              <div class="session-tab" classList={{ "is-selected": selected(), "is-unread": unread() }} role="presentation">
                <button
                  ref={(element) => elements.set(id, element)}
                  type="button"
                  role="tab"
                  class="session-tab-button"
                  id={`session-tab-${id}`}
                  data-session-id={id}
                  data-session-status={status()}
                  data-instance-id={ownerId() ?? undefined}
                  style={hue() === undefined ? undefined : { "--instance-hue": String(hue()) }}
                  aria-selected={selected() ? "true" : "false"}
                  aria-controls="session-panel"
                  tabindex={selected() ? 0 : -1}
                  title={`${title()}\n${ownerLine()} · ${info()?.directory ?? remembered.get(id)?.directory ?? ""}\n${SWITCH_HINT}\n${CLOSE_HINT}`}
                  onClick={() => props.tabs.activate(id)}
                  onAuxClick={(event) => {
                    if (event.button === 1) {
                      event.preventDefault();
                      closeAndKeepFocus(id);
                    }
                  }}
                  onMouseDown={(event) => {
                    // Stops the browser's middle-click autoscroll so auxclick closes cleanly.
                    if (event.button === 1) event.preventDefault();
                  }}
                >
                  <StatusDot kind={link() || !info() ? "unlinked" : attentionOf(state, id) ? "attention" : status()} />
                  <Show when={info() || remembered.get(id)}>
                    {/* The owner's colour (shared with its instance tab) stays when a crowded tab drops the name. */}
                    <span class="owner-chip" classList={{ "is-none": hue() === undefined }} aria-hidden="true" />
                    <span class="tab-owner">{owner()}</span>
                  </Show>
                  <span class="tab-title">{title()}</span>
                  <NotSentMark draftKey={id} />
                  <Show when={link()}>
                    {(words) => <span class="sv-visually-hidden">, {words() === NO_SERVER ? words() : `server ${words()}`}</span>}
                  </Show>
                  <Show when={unread()}>
                    <span class="unread-dot is-on" role="img" aria-label="unread" />
                  </Show>
                </button>
                <button
                  type="button"
                  class="tab-close"
                  tabindex="-1"
                  aria-label={`Close ${title()}`}
                  title={CLOSE_HINT}
                  onClick={() => closeAndKeepFocus(id)}
                >
                  ×
                </button>
              </div>
            );
          }}
        </For>
      </div>
    </TabStripScroll>
  );
}
