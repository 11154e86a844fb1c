/**
 * The command palette (Ctrl/Cmd+K): a combobox over every session and action, plus a "Messages"
 * group from the hub's search as the user types; Enter runs the pick.
 */
import { createMemo, createSignal, For, Show, type JSX } from "solid-js";
import { Modal } from "../common/modal";
import { ListDialogField } from "../common/list-dialog-field";
import { ErrorText } from "../common/error-text";
import { createSearch } from "../search/create-search";
import { Highlighted } from "../search/highlighted";
import { useSearch } from "../search/search-host";
import { filterEntries, messageEntries, type PaletteEntry } from "./palette-model";
import "./palette.css";

/** Message hits the palette asks for (the Search panel has them all). */
const MESSAGE_LIMIT = 8;

/** The dialog; `entries` are read when it opens and filtered as the user types. */
export function CommandPalette(props: { entries: () => PaletteEntry[]; onPick: (entry: PaletteEntry) => void; onClose: () => void }): JSX.Element {
  const [query, setQuery] = createSignal("");
  const [active, setActive] = createSignal(0);
  const all = createMemo(() => props.entries());
  const shown = createMemo(() => filterEntries(all(), query()));
  const searchApi = useSearch();
  const messages = searchApi ? createSearch({ query, client: searchApi.client, params: { limit: MESSAGE_LIMIT } }) : undefined;
  const messageItems = createMemo(() => (messages ? messageEntries(messages.results()) : []));
  const options = createMemo(() => [...shown(), ...messageItems()]);
  let list!: HTMLUListElement;
  const move = (step: number) => {
    const n = options().length;
    if (n === 0) return;
    setActive((i) => (i + step + n) % n);
    list.querySelector(`[data-index="${active()}"]`)?.scrollIntoView?.({ block: "nearest" });
  };
  const pick = (entry: PaletteEntry | undefined) => {
    if (!entry || (entry.kind === "action" && entry.disabled)) return;
    props.onClose();
    props.onPick(entry);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown") move(1);
    else if (event.key === "ArrowUp") move(-1);
    else if (event.key === "Enter") pick(options()[active()]);
    else return;
    event.preventDefault();
  };
  const id = (i: number) => `palette-option-${i}`;
  const option = (entry: PaletteEntry, i: () => number) => (
    <li
      id={id(i())}
      role="option"
      class={`pl-option pl-${entry.kind}`}
      data-index={i()}
      data-palette-key={entry.key}
      data-session-id={entry.kind === "message" ? entry.sessionId : undefined}
      data-message-id={entry.kind === "message" ? entry.messageId : undefined}
      aria-selected={i() === active()}
      aria-disabled={entry.kind === "action" && entry.disabled ? "true" : undefined}
      onMouseMove={() => setActive(i())}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => pick(entry)}
    >
      <span class="pl-kind" aria-hidden="true">
        {entry.kind === "session" ? "◧" : entry.kind === "action" ? "›" : entry.kind === "message" ? "¶" : "⌘"}
      </span>
      <Show when={entry.kind === "message" && entry} fallback={<span class="pl-title">{entry.title}</span>}>
        {(m) => (
          <span class="pl-title pl-snippet">
            <Highlighted snippet={m().snippet} matches={m().matches} />
          </span>
        )}
      </Show>
      <Show when={entry.kind === "session" && entry.archived}>
        <span class="pl-tag">archived</span>
      </Show>
      <span class="pl-detail">
        {entry.kind === "action" && entry.disabled ? entry.disabled : entry.kind === "message" ? `${entry.title} · ${entry.detail}` : entry.detail}
      </span>
    </li>
  );
  return (
    <Modal label="Command palette" class="pl-dialog" onCancel={props.onClose}>
      <ListDialogField
        role="combobox"
        label="Search sessions and actions"
        controls="palette-list"
        activeId={options().length > 0 ? id(active()) : undefined}
        placeholder="Jump to a session, run an action, find a message…"
        value={query()}
        onInput={(value) => {
          setQuery(value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul ref={list} id="palette-list" class="pl-list" role="listbox" aria-label="Results">
        {/* option() reads the index accessor inside its JSX, where it is tracked. */}
        {/* eslint-disable-next-line solid/reactivity -- the accessor is handed on and read in option()'s JSX (tracked) */}
        <For each={shown()}>{(entry, i) => option(entry, i)}</For>
        <Show when={messages && query().trim() !== ""}>
          <li class="pl-group" role="presentation">
            Messages
            <ErrorText inline message={messages?.error()} class="pl-group-note">
              {" "}
              — search failed: {messages?.error()}
            </ErrorText>
            <Show when={!messages?.error() && messages?.pending() && messageItems().length === 0}>
              <span class="pl-group-note"> — searching…</span>
            </Show>
            <Show when={!messages?.error() && !messages?.pending() && messageItems().length === 0}>
              <span class="pl-group-note"> — none</span>
            </Show>
          </li>
          {/* eslint-disable-next-line solid/reactivity -- the accessor is read in option()'s JSX (tracked) */}
          <For each={messageItems()}>{(entry, i) => option(entry, () => shown().length + i())}</For>
        </Show>
        <Show when={shown().length === 0 && !messages}>
          <li class="pl-empty">Nothing matches “{query().trim()}”.</li>
        </Show>
      </ul>
    </Modal>
  );
}
