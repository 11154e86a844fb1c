/** The Search panel (Ctrl/Cmd+Shift+F or the top bar's Search): every message on every server, as you type. */
import { createMemo, createSignal, For, onMount, Show, untrack, type JSX } from "solid-js";
import type { SearchResult } from "../../api/hub-types";
import type { SearchClient } from "../../api/search-client";
import type { State } from "../../store/types";
import { createNow } from "../common/create-now";
import { ErrorText } from "../common/error-text";
import { basename, formatRelative } from "../common/format";
import { Modal } from "../common/modal";
import { ListDialogField } from "../common/list-dialog-field";
import { instanceLabel } from "../session-owner";
import { createSearch } from "./create-search";
import { Highlighted } from "./highlighted";
import { flatHits, groupBySession, ROLE_WORDS, type OpenTarget, type SessionHits } from "./search-model";
import { useWorkspace } from "../workspace-services";
import "./search.css";

/** Where a session's server is, in words: its port (the folder is shown beside it), a peer's name, or that none runs it. */
export function serverWords(state: State, group: Pick<SessionHits, "instanceId" | "machine" | "directory">): string {
  if (group.machine) return group.machine;
  const info = group.instanceId ? state.instances[group.instanceId]?.info : undefined;
  if (!info) return "server not running";
  // A server launched elsewhere than the session's folder is named in full.
  return info.directory === group.directory ? `:${info.port}` : instanceLabel(info);
}

/** The panel as a dialog; `onOpen` receives the picked hit. */
export function SearchPanel(props: {
  client: SearchClient;
  /** The words of the last search (shown selected, so typing replaces them). */
  initialQuery?: string;
  onQuery?: (query: string) => void;
  onOpen: (target: OpenTarget) => void;
  onClose: () => void;
}): JSX.Element {
  const { state } = useWorkspace();
  const [query, setQuery] = createSignal(untrack(() => props.initialQuery ?? ""));
  const [active, setActive] = createSignal(0);
  const search = createSearch({ query, client: untrack(() => props.client) });
  const groups = createMemo(() => groupBySession(search.results()));
  const flat = createMemo(() => flatHits(groups()));
  // By identity: a title hit and a message hit can name the same message.
  const indexOf = createMemo(() => new Map(flat().map((hit, i) => [hit, i])));
  const now = createNow(30_000);
  let list!: HTMLDivElement;
  let input!: HTMLInputElement;
  onMount(() => input.select());
  const optionId = (i: number) => `search-hit-${i}`;

  const move = (step: number) => {
    const n = flat().length;
    if (n === 0) return;
    setActive((i) => (i + step + n) % n);
    // jsdom has no scrollIntoView.
    list.querySelector(`#${optionId(active())}`)?.scrollIntoView?.({ block: "nearest" });
  };
  const open = (hit: SearchResult | undefined) => {
    if (hit) props.onOpen({ sessionId: hit.sessionId, messageId: hit.messageId, instanceId: hit.instanceId });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown") move(1);
    else if (event.key === "ArrowUp") move(-1);
    else if (event.key === "Enter") open(flat()[active()]);
    else return;
    event.preventDefault();
  };
  const status = () => {
    const q = query().trim();
    if (search.error()) return null;
    if (q === "") return "Words said in any session on any server: prompts, replies, tool commands and files.";
    if (search.pending() && search.answered() !== q) return "Searching…";
    if (flat().length === 0) return `Nothing found for “${q}”.`;
    const sessions = groups().length;
    return `${flat().length}${search.more() ? "+" : ""} ${flat().length === 1 ? "message" : "messages"} in ${sessions} ${sessions === 1 ? "session" : "sessions"}`;
  };

  return (
    <Modal label="Search" class="sr-dialog" onCancel={props.onClose}>
      <ListDialogField
        role="searchbox"
        label="Search messages"
        controls="search-results"
        activeId={flat().length > 0 ? optionId(active()) : undefined}
        placeholder="Search messages on every server…"
        value={query()}
        ref={input}
        onInput={(value) => {
          setQuery(value);
          props.onQuery?.(value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ErrorText message={search.error()} class="sr-error">
        Search failed: {search.error()}
      </ErrorText>
      <Show when={status()}>
        {(s) => (
          <p class="sr-status" aria-live="polite">
            {s()}
          </p>
        )}
      </Show>
      <For each={search.unanswered()}>
        {(m) => (
          <p class="sr-status" data-unanswered={m.machine}>
            {m.message}
          </p>
        )}
      </For>
      <div ref={list} id="search-results" class="sr-results" role="listbox" aria-label="Search results" data-answered={search.answered()}>
        <For each={groups()}>
          {(group) => (
            <section class="sr-group" role="group" aria-label={group.title || "Untitled session"} data-session-id={group.sessionId}>
              <header class="sr-group-head">
                <span class="sr-title">{group.title || "Untitled session"}</span>
                <span class="sr-meta">
                  <span class="sr-folder" title={group.directory}>
                    {basename(group.directory)}
                  </span>
                  <span classList={{ "sr-server": true, "sr-gone": group.instanceId === null && !group.machine }}>{serverWords(state, group)}</span>
                </span>
              </header>
              <For each={group.hits}>
                {(hit) => {
                  const index = () => indexOf().get(hit) ?? -1;
                  return (
                    <div
                      id={optionId(index())}
                      class="sr-hit"
                      role="option"
                      aria-selected={index() === active()}
                      data-session-id={hit.sessionId}
                      data-message-id={hit.messageId}
                      onMouseMove={() => setActive(index())}
                      onMouseDown={(e) => e.preventDefault()}
                      onClick={() => open(hit)}
                    >
                      <span class="sr-role">{hit.snippet === hit.title ? "Title" : ROLE_WORDS[hit.role]}</span>
                      <span class="sr-snippet">
                        <Highlighted snippet={hit.snippet} matches={hit.matches} />
                      </span>
                      <span class="sr-age">{formatRelative(hit.time, now())}</span>
                    </div>
                  );
                }}
              </For>
            </section>
          )}
        </For>
        <Show when={search.more()}>
          <button type="button" class="sr-more" disabled={search.pending()} onClick={() => search.loadMore()}>
            More results
          </button>
        </Show>
      </div>
    </Modal>
  );
}
