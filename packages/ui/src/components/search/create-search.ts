/**
 * Search as you type: the query settles for a few milliseconds, the previous request is aborted,
 * and only the newest answer is shown. Errors are kept as words (never an empty list).
 */
import { createEffect, createSignal, on, onCleanup, type Accessor } from "solid-js";
import type { SearchResult, UnansweredMachine } from "../../api/hub-types";
import type { SearchClient, SearchParams } from "../../api/search-client";

/** Wait after a keystroke before asking: short, so results paint within ~100 ms of the last key. */
export const SEARCH_DEBOUNCE_MS = 40;

/** What {@link createSearch} exposes. */
export interface SearchState {
  results: Accessor<SearchResult[]>;
  /** The query the shown results answer ("" before any). */
  answered: Accessor<string>;
  pending: Accessor<boolean>;
  error: Accessor<string | null>;
  /** A next page exists. */
  more: Accessor<boolean>;
  /** Peer machines missing from the shown results (offline, signed out, too slow), with the hub's words why. */
  unanswered: Accessor<UnansweredMachine[]>;
  loadMore(): void;
}

/** Runs searches for `query()` (trimmed; empty clears) through `client`. */
export function createSearch(options: {
  query: Accessor<string>;
  client: SearchClient;
  params?: Omit<SearchParams, "q" | "cursor">;
  debounceMs?: number;
}): SearchState {
  const [results, setResults] = createSignal<SearchResult[]>([]);
  const [answered, setAnswered] = createSignal("");
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [next, setNext] = createSignal<string | null>(null);
  const [unanswered, setUnanswered] = createSignal<UnansweredMachine[]>([]);
  let controller: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    clearTimeout(timer);
    controller?.abort();
  };
  onCleanup(stop);

  const run = (q: string, cursor?: string) => {
    stop();
    const mine = new AbortController();
    controller = mine;
    setPending(true);
    options.client
      .search({ ...options.params, q, cursor }, mine.signal)
      .then((page) => {
        if (mine.signal.aborted) return;
        setResults((before) => (cursor ? [...before, ...page.results] : page.results));
        setNext(page.next);
        // A hub without machines (or an older one) sends none.
        setUnanswered((before) => (cursor ? [...before, ...(page.unanswered ?? [])] : (page.unanswered ?? [])));
        setAnswered(q);
        setError(null);
      })
      .catch((err: unknown) => {
        if (mine.signal.aborted) return;
        console.error("search failed", q, err);
        setError(err instanceof Error ? err.message : String(err));
      })
      .finally(() => {
        if (!mine.signal.aborted) setPending(false);
      });
  };

  createEffect(
    on(
      () => options.query().trim(),
      (q) => {
        stop();
        if (q === "") {
          setResults([]);
          setAnswered("");
          setNext(null);
          setUnanswered([]);
          setError(null);
          setPending(false);
          return;
        }
        setPending(true);
        timer = setTimeout(() => run(q), options.debounceMs ?? SEARCH_DEBOUNCE_MS);
      },
    ),
  );

  return {
    results,
    answered,
    pending,
    error,
    more: () => next() !== null,
    unanswered,
    loadMore() {
      const cursor = next();
      if (cursor && !pending()) run(answered(), cursor);
    },
  };
}
