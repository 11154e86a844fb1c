/**
 * The @-mention file search: debounced while the user types, and each new query cancels the
 * request of the one before, so a slow stale answer never replaces a fresh one.
 */
import { createSignal, onCleanup, type Accessor } from "solid-js";
import { errorMessage } from "../../store/error-message";

/** The search's state and its one input. */
export interface FileSearch {
  results: Accessor<string[]>;
  loading: Accessor<boolean>;
  /** Why the last search failed, in words. */
  error: Accessor<string | null>;
  /** Searches for `query` after the debounce; null stops searching (the list closed); "" clears the list. */
  search(query: string | null): void;
}

/** How long typing must pause before a search goes out. */
export const SEARCH_DEBOUNCE_MS = 120;

/** Creates the search over `find` (e.g. ComposerApi.findFiles bound to the owner). */
export function createFileSearch(find: () => ((query: string, signal: AbortSignal) => Promise<string[]>) | null): FileSearch {
  const [results, setResults] = createSignal<string[]>([]);
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: AbortController | undefined;

  const stop = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    inFlight?.abort();
    inFlight = undefined;
  };
  onCleanup(stop);

  return {
    results,
    loading,
    error,
    search(query) {
      stop();
      const run = find();
      if (query === null || !run) {
        setLoading(false);
        return;
      }
      // A bare `@`: servers refuse an empty query (400), so ask for nothing until a letter is typed.
      if (query.trim() === "") {
        setResults([]);
        setError(null);
        setLoading(false);
        return;
      }
      setLoading(true);
      timer = setTimeout(() => {
        const controller = new AbortController();
        inFlight = controller;
        run(query, controller.signal).then(
          (paths) => {
            if (controller.signal.aborted) return;
            setResults(Array.isArray(paths) ? paths.filter((p) => p !== "/" && !p.endsWith("/")) : []);
            setError(null);
            setLoading(false);
          },
          (err: unknown) => {
            if (controller.signal.aborted) return;
            setError(`Could not search files: ${errorMessage(err)}`);
            setLoading(false);
          },
        );
      }, SEARCH_DEBOUNCE_MS);
    },
  };
}
