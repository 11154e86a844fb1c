/** Attached and mentioned files as chips: a preview (images) or the name, and a remove button. */
import { For, Show, type JSX } from "solid-js";
import type { DraftFile } from "../../store/drafts-model";
import { sizeWords } from "./attachments";

/** Renders the chips of a draft. */
export function FileChips(props: { files: readonly DraftFile[]; onRemove(id: string): void }): JSX.Element {
  return (
    <Show when={props.files.length > 0}>
      <ul class="sv-chips" aria-label="Attached files">
        <For each={props.files}>
          {(f) => (
            <li
              class="sv-chip"
              data-file-chip={f.filename}
              title={f.url.startsWith("data:") ? `${f.filename} · ${f.mime} · ${sizeWords(f.size)}` : f.url}
            >
              <Show
                when={f.mime.startsWith("image/") && f.url.startsWith("data:")}
                fallback={
                  <span class="sv-chip-icon" aria-hidden="true">
                    {f.url.startsWith("file:") ? "@" : "📎"}
                  </span>
                }
              >
                <img class="sv-chip-preview" src={f.url} alt="" />
              </Show>
              <span class="sv-chip-name">{f.filename}</span>
              <button type="button" class="sv-chip-remove" aria-label={`Remove ${f.filename}`} onClick={() => props.onRemove(f.id)}>
                ×
              </button>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
