/** Modal dialogs of the session actions: rename (a title field) and delete (a confirmation). */
import { createSignal, onMount, type JSX } from "solid-js";
import { Modal } from "../common/modal";
import { createAsyncAction } from "../common/create-async-action";
import { ErrorText } from "../common/error-text";

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
        <ErrorText message={error()} class="sa-error" />
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
      <ErrorText message={pending.error()} class="sa-error" />
      <div class="sa-dialog-buttons">
        <button type="button" class="sv-btn" data-autofocus onClick={() => props.onCancel()}>
          Cancel
        </button>
        <button
          type="button"
          class="sv-btn sv-btn-danger"
          disabled={pending.pending()}
          onClick={() => void pending.run(props.onConfirm, "delete the session")}
        >
          Delete
        </button>
      </div>
    </Modal>
  );
}
