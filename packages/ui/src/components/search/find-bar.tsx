/**
 * "Find in session" (Ctrl/Cmd+F on a shown session): the messages holding the typed words, from
 * the hub's index of the whole session (so matches far above the loaded pages count) and from the
 * messages on the page (so a reply still streaming counts too). Enter walks to older matches,
 * Shift+Enter to newer ones; the timeline pages and scrolls to each.
 */
import { createEffect, createMemo, createSignal, on, onCleanup, onMount, Show, type JSX } from "solid-js";
import type { IndexedSession } from "../../api/hub-types";
import type { SearchClient } from "../../api/search-client";
import type { State } from "../../store/types";
import { findHits, stepHit, type FindText } from "./find-model";
import { useWorkspace } from "../workspace-services";

const SETTLE_MS = 120;
/** The index's copy is fetched again when older than this on a new query. */
const FRESH_MS = 10_000;

/** The texts of the messages the page holds for a session (text and reasoning parts). */
export function pageTexts(state: State, sessionId: string): FindText[] {
  return (state.messages[sessionId] ?? []).map((m) => ({
    messageId: m.id,
    time: m.time.created,
    text: (state.parts[m.id] ?? [])
      .map((p) => (p.type === "text" || p.type === "reasoning" ? p.text : ""))
      .filter(Boolean)
      .join("\n"),
  }));
}

/** The find bar over a session's timeline. */
export function FindBar(props: { sessionId: string; client: SearchClient; onReveal: (messageId: string) => void; onClose: () => void }): JSX.Element {
  const { state } = useWorkspace();
  const [query, setQuery] = createSignal("");
  const [settled, setSettled] = createSignal("");
  const [indexed, setIndexed] = createSignal<IndexedSession | null>(null);
  const [indexError, setIndexError] = createSignal<string | null>(null);
  const [current, setCurrent] = createSignal<number | null>(null);
  let input!: HTMLInputElement;
  let fetchedAt = 0;
  let controller: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => {
    clearTimeout(timer);
    controller?.abort();
  });
  onMount(() => input.focus());

  const refresh = () => {
    if (Date.now() - fetchedAt < FRESH_MS) return;
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    fetchedAt = Date.now();
    props.client
      .session(props.sessionId, mine.signal)
      .then((session) => {
        setIndexed(session);
        setIndexError(null);
      })
      .catch((err: unknown) => {
        if (mine.signal.aborted) return;
        console.error("find: indexed session", props.sessionId, err);
        fetchedAt = 0;
        setIndexError(err instanceof Error ? err.message : String(err));
      });
  };

  createEffect(
    on(query, (q) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        setSettled(q.trim());
        setCurrent(null);
        if (q.trim() !== "") refresh();
      }, SETTLE_MS);
    }),
  );

  const hits = createMemo(() => {
    const q = settled();
    if (q === "") return [];
    const fromIndex = indexed()?.messages.map((m) => ({ messageId: m.messageId, text: m.text, time: m.time })) ?? [];
    return findHits([...fromIndex, ...pageTexts(state, props.sessionId)], q);
  });

  const go = (step: 1 | -1) => {
    // Enter before the query settled: search what is typed now.
    if (query().trim() !== settled()) {
      clearTimeout(timer);
      setSettled(query().trim());
      setCurrent(null);
      refresh();
    }
    const next = stepHit(hits().length, current(), step);
    setCurrent(next);
    const id = next === null ? undefined : hits()[next];
    if (id) props.onReveal(id);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Enter") go(event.shiftKey ? 1 : -1);
    else if (event.key === "Escape") props.onClose();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };
  const count = () => {
    if (settled() === "") return "";
    const n = hits().length;
    if (n === 0) return "No matches";
    const at = current();
    return at === null ? `${n} ${n === 1 ? "match" : "matches"}` : `${at + 1} of ${n}`;
  };

  return (
    <div class="sr-find" role="search" aria-label="Find in session">
      <input
        ref={input}
        type="search"
        role="searchbox"
        aria-label="Find in session"
        placeholder="Find in this session"
        value={query()}
        onInput={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <span class="sr-find-count" aria-live="polite">
        {count()}
      </span>
      <Show when={indexError()}>
        <span class="sr-find-count" title={indexError() ?? ""}>
          (loaded messages only)
        </span>
      </Show>
      <button type="button" aria-label="Older match" title="Older match (Enter)" onClick={() => go(-1)}>
        ↑
      </button>
      <button type="button" aria-label="Newer match" title="Newer match (Shift+Enter)" onClick={() => go(1)}>
        ↓
      </button>
      <button type="button" aria-label="Close find" title="Close (Escape)" onClick={() => props.onClose()}>
        ✕
      </button>
    </div>
  );
}
