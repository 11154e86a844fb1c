import { createSignal, onCleanup, type Accessor, type JSX } from "solid-js";

/** Open/closed state of the session drawer (the sidebar on phones and windows ≤ 480 px wide). */
export interface Drawer {
  open: Accessor<boolean>;
  toggle(): void;
  close(): void;
}

/** The drawer's state; Escape closes it. Wider windows ignore it (CSS shows the sidebar always). */
export function createDrawer(): Drawer {
  const [open, setOpen] = createSignal(false);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape" && open()) setOpen(false);
  };
  document.addEventListener("keydown", onKeyDown);
  onCleanup(() => document.removeEventListener("keydown", onKeyDown));
  return { open, toggle: () => setOpen((v) => !v), close: () => setOpen(false) };
}

/** The ☰ button that opens and closes the drawer; shown only on narrow windows (styles/phone.css). */
export function DrawerToggle(props: { drawer: Drawer; controls: string }): JSX.Element {
  return (
    <button
      type="button"
      class="drawer-toggle"
      aria-label="Sessions"
      aria-controls={props.controls}
      aria-expanded={props.drawer.open()}
      onClick={() => props.drawer.toggle()}
    >
      <svg viewBox="0 0 20 20" aria-hidden="true">
        <path d="M3 5h14M3 10h14M3 15h14" />
      </svg>
    </button>
  );
}

/** Dims the page behind the open drawer; a tap on it closes the drawer. */
export function DrawerBackdrop(props: { drawer: Drawer }): JSX.Element {
  return <div class="drawer-backdrop" aria-hidden="true" onClick={() => props.drawer.close()} />;
}
