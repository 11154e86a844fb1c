/**
 * The session actions as a menu: from the header's "…" button, or at the pointer for a list row's
 * context menu. Arrow keys, Home/End, Enter and Escape work as in any menu.
 */
import { createSignal, For, onCleanup, onMount, Show, untrack, type JSX } from "solid-js";
import { Portal } from "solid-js/web";
import type { SessionActionId, SessionActionItem } from "./action-catalog";
import { useSessionActions } from "./session-actions-host";

/** A floating menu of session actions; closes on pick, Escape, or a click outside. */
export function ActionMenu(props: {
  items: SessionActionItem[];
  /** Viewport position of the menu's top-left (clamped to the viewport). */
  at: { x: number; y: number };
  label: string;
  onPick: (id: SessionActionId) => void;
  onClose: () => void;
}): JSX.Element {
  let menu!: HTMLDivElement;
  const buttons = () => [...menu.querySelectorAll<HTMLButtonElement>("[role=menuitem]:not([aria-disabled=true])")];
  const move = (step: number | "first" | "last") => {
    const list = buttons();
    if (list.length === 0) return;
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    const next = step === "first" ? 0 : step === "last" ? list.length - 1 : (at + step + list.length) % list.length;
    list[next]?.focus();
  };
  // The opening point, read once; onMount then keeps the menu inside the window.
  const [pos, setPos] = createSignal(untrack(() => props.at));
  onMount(() => {
    const rect = menu.getBoundingClientRect();
    setPos({
      x: Math.max(4, Math.min(props.at.x, window.innerWidth - rect.width - 4)),
      y: Math.max(4, Math.min(props.at.y, window.innerHeight - rect.height - 4)),
    });
    move("first");
    const outside = (event: MouseEvent) => {
      if (!menu.contains(event.target as Node)) props.onClose();
    };
    document.addEventListener("mousedown", outside, true);
    onCleanup(() => document.removeEventListener("mousedown", outside, true));
  });
  const onKeyDown = (event: KeyboardEvent) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(1),
      ArrowUp: () => move(-1),
      Home: () => move("first"),
      End: () => move("last"),
      Escape: () => props.onClose(),
      Tab: () => props.onClose(),
    };
    const fn = keys[event.key];
    if (!fn) return;
    if (event.key !== "Tab") event.preventDefault();
    event.stopPropagation();
    fn();
  };
  return (
    <Portal>
      <div
        ref={menu}
        class="sa-menu"
        role="menu"
        aria-label={props.label}
        style={{ left: `${pos().x}px`, top: `${pos().y}px` }}
        onKeyDown={onKeyDown}
      >
        <For each={props.items}>
          {(item) => (
            <button
              type="button"
              role="menuitem"
              class="sa-menu-item"
              classList={{ "is-danger": item.danger ?? false }}
              data-action={item.id}
              aria-disabled={item.disabledReason ? "true" : undefined}
              title={item.disabledReason ?? undefined}
              tabIndex={-1}
              onClick={() => {
                if (item.disabledReason) return;
                props.onClose();
                props.onPick(item.id);
              }}
            >
              <span>{item.label}</span>
              <Show when={item.shortcut}>
                <kbd class="sa-kbd">{item.shortcut}</kbd>
              </Show>
            </button>
          )}
        </For>
      </div>
    </Portal>
  );
}

/** The "…" button of the session header. */
export function SessionMenuButton(props: { sessionId: string }): JSX.Element {
  const host = useSessionActions();
  const [at, setAt] = createSignal<{ x: number; y: number } | null>(null);
  let button!: HTMLButtonElement;
  const open = () => {
    const r = button.getBoundingClientRect();
    setAt({ x: r.right - 220, y: r.bottom + 4 });
  };
  return (
    <Show when={host}>
      {(api) => (
        <>
          <button
            ref={button}
            type="button"
            class="sa-more"
            aria-label="Session actions"
            aria-haspopup="menu"
            aria-expanded={at() !== null}
            title="Session actions"
            onClick={() => (at() ? setAt(null) : open())}
          >
            …
          </button>
          <Show when={at()}>
            {(pos) => (
              <ActionMenu
                items={api().items(props.sessionId)}
                at={pos()}
                label="Session actions"
                onPick={(id) => api().run(props.sessionId, id)}
                onClose={() => {
                  setAt(null);
                  button.focus();
                }}
              />
            )}
          </Show>
        </>
      )}
    </Show>
  );
}

/** A context menu for any element showing a session (the list rows): right-click or the menu key. */
export function createSessionContextMenu(): {
  open: (sessionId: string, event: MouseEvent) => void;
  view: () => JSX.Element;
} {
  const host = useSessionActions();
  const [target, setTarget] = createSignal<{ id: string; x: number; y: number; from: HTMLElement | null } | null>(null);
  return {
    open(sessionId, event) {
      if (!host) return;
      event.preventDefault();
      const from = event.currentTarget instanceof HTMLElement ? event.currentTarget : null;
      // The menu key fires contextmenu at 0,0: place the menu under the element instead.
      const r = from?.getBoundingClientRect();
      const keyboard = event.clientX === 0 && event.clientY === 0 && r;
      setTarget({ id: sessionId, x: keyboard ? r.left + 16 : event.clientX, y: keyboard ? r.bottom : event.clientY, from });
    },
    view: () => (
      <Show when={host && target()}>
        {(t) => {
          // Read once: after setTarget(null) this <Show>'s accessor is stale.
          const { id: sessionId, x, y, from } = t();
          return (
            <ActionMenu
              items={host?.items(sessionId) ?? []}
              at={{ x, y }}
              label="Session actions"
              onPick={(id) => host?.run(sessionId, id)}
              onClose={() => {
                from?.focus();
                setTarget(null);
              }}
            />
          );
        }}
      </Show>
    ),
  };
}
