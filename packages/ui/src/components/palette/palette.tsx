/** The command palette (Ctrl/Cmd+K): a combobox over every session and action; Enter runs the pick. */
import { createMemo, createSignal, For, Show, type JSX } from "solid-js";
import { Modal } from "../common/modal";
import { filterEntries, type PaletteEntry } from "./palette-model";
import "./palette.css";

/** The dialog; `entries` are read when it opens and filtered as the user types. */
export function CommandPalette(props: { entries: () => PaletteEntry[]; onPick: (entry: PaletteEntry) => void; onClose: () => void }): JSX.Element {
  const [query, setQuery] = createSignal("");
  const [active, setActive] = createSignal(0);
  const all = createMemo(() => props.entries());
  const shown = createMemo(() => filterEntries(all(), query()));
  let list!: HTMLUListElement;
  const move = (step: number) => {
    const n = shown().length;
    if (n === 0) return;
    setActive((i) => (i + step + n) % n);
    list.querySelector(`[data-index="${active()}"]`)?.scrollIntoView({ block: "nearest" });
  };
  const pick = (entry: PaletteEntry | undefined) => {
    if (!entry || (entry.kind === "action" && entry.disabled)) return;
    props.onClose();
    props.onPick(entry);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown") move(1);
    else if (event.key === "ArrowUp") move(-1);
    else if (event.key === "Enter") pick(shown()[active()]);
    else return;
    event.preventDefault();
  };
  const id = (i: number) => `palette-option-${i}`;
  return (
    <Modal label="Command palette" class="pl-dialog" onCancel={props.onClose}>
      <input
        class="pl-input"
        type="text"
        role="combobox"
        aria-label="Search sessions and actions"
        aria-expanded="true"
        aria-controls="palette-list"
        aria-activedescendant={shown().length > 0 ? id(active()) : undefined}
        placeholder="Jump to a session, or run an action…"
        value={query()}
        onInput={(e) => {
          setQuery(e.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul ref={list} id="palette-list" class="pl-list" role="listbox" aria-label="Results">
        <For each={shown()}>
          {(entry, i) => (
            <li
              id={id(i())}
              role="option"
              class={`pl-option pl-${entry.kind}`}
              data-index={i()}
              data-palette-key={entry.key}
              aria-selected={i() === active()}
              aria-disabled={entry.kind === "action" && entry.disabled ? "true" : undefined}
              onMouseMove={() => setActive(i())}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(entry)}
            >
              <span class="pl-kind" aria-hidden="true">
                {entry.kind === "session" ? "◧" : entry.kind === "action" ? "›" : "⌘"}
              </span>
              <span class="pl-title">{entry.title}</span>
              <Show when={entry.kind === "session" && entry.archived}>
                <span class="pl-tag">archived</span>
              </Show>
              <span class="pl-detail">{entry.kind === "action" && entry.disabled ? entry.disabled : entry.detail}</span>
            </li>
          )}
        </For>
        <Show when={shown().length === 0}>
          <li class="pl-empty">Nothing matches “{query().trim()}”.</li>
        </Show>
      </ul>
    </Modal>
  );
}
