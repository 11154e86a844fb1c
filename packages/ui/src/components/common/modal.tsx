import { onCleanup, onMount, type JSX } from "solid-js";
import "./modal.css";

/** A modal shell: focus moves in, Escape and the backdrop cancel, focus goes back where it was. */
export function Modal(props: { label: string; onCancel: () => void; class?: string; children: JSX.Element }): JSX.Element {
  let box!: HTMLDivElement;
  const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  onMount(() => {
    const first = box.querySelector<HTMLElement>("[data-autofocus], input, button");
    first?.focus();
  });
  // Wherever the dialog ends (cancel or done), focus goes back to what opened it, if still there.
  onCleanup(() => {
    if (before?.isConnected) before.focus();
  });
  const close = () => props.onCancel();
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === "Tab") {
      // Keep Tab inside the dialog.
      const focusable = [...box.querySelectorAll<HTMLElement>("input, button, [tabindex='0'], textarea, select")].filter(
        (el) => !el.hasAttribute("disabled"),
      );
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (!first || !last) return;
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  };
  return (
    <div class="sa-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div ref={box} class={`sa-dialog ${props.class ?? ""}`} role="dialog" aria-modal="true" aria-label={props.label} onKeyDown={onKeyDown}>
        {props.children}
      </div>
    </div>
  );
}
