/** The top bar's Search button: opens the Search panel. */
import type { JSX } from "solid-js";
import { useSearch } from "./search-host";
import "./search.css";

/** Renders nothing outside a SearchHost. */
export function SearchButton(): JSX.Element {
  const search = useSearch();
  return (
    <>
      {search && (
        <button type="button" class="search-button" title="Search messages (Ctrl+Shift+F)" aria-haspopup="dialog" onClick={() => search.openPanel()}>
          <span aria-hidden="true">⌕</span>
          <span class="search-button-label">Search</span>
        </button>
      )}
    </>
  );
}
