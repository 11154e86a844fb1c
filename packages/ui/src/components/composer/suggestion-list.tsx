/** The `/` and `@` popup: a listbox whose active option follows the keys typed in the textarea. */
import { For, Show, createEffect, type JSX } from "solid-js";

/** One option. */
export interface SuggestionOption {
  key: string;
  label: string;
  detail?: string;
  /** A short tag ("project", "action", …). */
  tag?: string;
}

/** The id of option `index` in list `listId` (for aria-activedescendant). */
export const optionId = (listId: string, index: number): string => `${listId}-opt-${index}`;

/** Renders the list; the textarea keeps focus and drives `active`. */
export function SuggestionList(props: {
  id: string;
  label: string;
  options: readonly SuggestionOption[];
  active: number;
  /** Shown instead of options (loading, nothing found, an error in words). */
  empty: string | null;
  onChoose(index: number): void;
  onHover(index: number): void;
}): JSX.Element {
  let list: HTMLUListElement | undefined;
  createEffect(() => {
    const el = list?.querySelector<HTMLElement>(`#${CSS.escape(optionId(props.id, props.active))}`);
    el?.scrollIntoView?.({ block: "nearest" });
  });
  return (
    <div class="sv-suggest">
      <ul ref={list} id={props.id} role="listbox" aria-label={props.label} class="sv-suggest-list">
        <For each={props.options}>
          {(option, i) => (
            <li
              id={optionId(props.id, i())}
              role="option"
              aria-selected={i() === props.active ? "true" : "false"}
              class="sv-suggest-option"
              classList={{ "is-active": i() === props.active }}
              // mousedown, not click: the textarea must keep focus and its caret.
              onMouseDown={(e) => {
                e.preventDefault();
                props.onChoose(i());
              }}
              onMouseMove={() => props.onHover(i())}
            >
              <span class="sv-suggest-label">{option.label}</span>
              <Show when={option.tag}>
                <span class="sv-suggest-tag">{option.tag}</span>
              </Show>
              <Show when={option.detail}>
                <span class="sv-suggest-detail">{option.detail}</span>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={props.empty}>
        <p class="sv-suggest-empty" role="status">
          {props.empty}
        </p>
      </Show>
    </div>
  );
}
