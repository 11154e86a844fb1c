/** A small modal form (role="dialog"): named fields, a submit button, the hub's refusal in words; Escape closes it. */
import { ErrorText } from "../common/error-text";
import { For, untrack, type JSX } from "solid-js";
import { createAsyncAction } from "../common/create-async-action";

/** One text field of the form. */
export interface DialogField {
  name: string;
  label: string;
  type: "text" | "password" | "url";
  placeholder?: string;
}

/** The dialog; `onSubmit` rejects with words the user can act on, which are shown. */
export function AddDialog(props: {
  title: string;
  hint: JSX.Element;
  fields: DialogField[];
  submit: string;
  onSubmit: (values: Record<string, string>) => Promise<void>;
  onClose: () => void;
}): JSX.Element {
  const submitting = createAsyncAction();
  // The heading's id is made once, from the title the dialog opened with.
  const titleId = untrack(() => `add-dialog-${props.title.replace(/\W+/g, "-").toLowerCase()}`);
  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const values = Object.fromEntries(props.fields.map((f) => [f.name, String(data.get(f.name) ?? "")]));
    // The hub's refusals are already words the user can act on.
    if (
      await submitting.run(
        () => props.onSubmit(values),
        props.title.toLowerCase(),
        (words) => words,
      )
    )
      props.onClose();
  };
  return (
    <div
      class="machines-dialog"
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      onKeyDown={(e) => {
        if (e.key === "Escape") props.onClose();
      }}
    >
      <form onSubmit={(e) => void submit(e)}>
        <h2 id={titleId}>{props.title}</h2>
        <p class="machines-hint">{props.hint}</p>
        <For each={props.fields}>
          {(field) => (
            <label class="machines-field">
              <span>{field.label}</span>
              <input
                ref={(el) => field === props.fields[0] && queueMicrotask(() => el.focus())}
                name={field.name}
                type={field.type}
                placeholder={field.placeholder}
                autocomplete="off"
                spellcheck={false}
              />
            </label>
          )}
        </For>
        <ErrorText message={submitting.error()} class="machines-error" />
        <div class="machines-actions">
          <button type="button" onClick={() => props.onClose()}>
            Cancel
          </button>
          <button type="submit" disabled={submitting.pending()}>
            {submitting.pending() ? "Checking…" : props.submit}
          </button>
        </div>
      </form>
    </div>
  );
}
