/** Modal dialogs of the session actions: rename (a title field) and delete (a confirmation). */
import { createSignal, onCleanup, onMount, Show, type JSX } from "solid-js";
import { createAsyncAction } from "../common/create-async-action";

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
      const focusable = [...box.querySelectorAll<HTMLElement>("input, button, [tabindex='0'], textarea, select")].filter((el) => !el.hasAttribute("disabled"));
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

/** Asks for a new title; errors stay in the dialog with the typed text. */
export function RenameDialog(props: { initial: string; onSubmit: (title: string) => Promise<void>; onCancel: () => void }): JSX.Element {
  const [value, setValue] = createSignal(props.initial);
  const [empty, setEmpty] = createSignal(false);
  const pending = createAsyncAction();
  let input!: HTMLInputElement;
  onMount(() => input.select());
  const submit = (event: Event) => {
    event.preventDefault();
    setEmpty(!value().trim());
    if (!empty()) void pending.run(() => props.onSubmit(value()), "rename the session");
  };
  const error = () => (empty() ? "A session title cannot be empty." : pending.error());
  return (
    <Modal label="Rename session" onCancel={props.onCancel}>
      <form onSubmit={submit}>
        <h2 class="sa-dialog-title">Rename session</h2>
        <label class="sa-field">
          <span>Title</span>
          <input ref={input} class="sv-input" value={value()} onInput={(e) => setValue(e.currentTarget.value)} maxLength={200} />
        </label>
        <Show when={error()}>
          <p class="sa-error" role="alert">
            {error()}
          </p>
        </Show>
        <div class="sa-dialog-buttons">
          <button type="button" class="sv-btn" onClick={() => props.onCancel()}>
            Cancel
          </button>
          <button type="submit" class="sv-btn sv-btn-primary" disabled={pending.pending()}>
            Rename
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Confirms a delete; says what will be lost. */
export function ConfirmDeleteDialog(props: { title: string; onConfirm: () => Promise<void>; onCancel: () => void }): JSX.Element {
  const pending = createAsyncAction();
  return (
    <Modal label="Delete session" onCancel={props.onCancel}>
      <h2 class="sa-dialog-title">Delete “{props.title}”?</h2>
      <p class="sa-dialog-text">The session and its whole history are removed from OpenCode for good. Files it changed stay as they are.</p>
      <Show when={pending.error()}>
        <p class="sa-error" role="alert">
          {pending.error()}
        </p>
      </Show>
      <div class="sa-dialog-buttons">
        <button type="button" class="sv-btn" data-autofocus onClick={() => props.onCancel()}>
          Cancel
        </button>
        <button type="button" class="sv-btn sv-btn-danger" disabled={pending.pending()} onClick={() => void pending.run(props.onConfirm, "delete the session")}>
          Delete
        </button>
      </div>
    </Modal>
  );
}
