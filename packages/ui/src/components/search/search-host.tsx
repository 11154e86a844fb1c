/**
 * The search layer of the workspace (one context at the page's root): the Search panel, which
 * message a session should scroll to (a search hit or the current find match), the sessions
 * opened read-only from the index, and the "Find in session" bars.
 */
import { createContext, createSignal, Show, untrack, useContext, type Accessor, type JSX } from "solid-js";
import { createStore } from "solid-js/store";
import { makeSearchClient, type SearchClient } from "../../api/search-client";
import type { OpenTarget } from "./search-model";
import { SearchPanel } from "./search-panel";

/** A request to scroll a session's timeline to a message; `seq` tells a repeat from the one before. */
export interface RevealRequest {
  messageId: string;
  kind: "hit" | "find";
  seq: number;
}

/** What the context offers. */
export interface SearchApi {
  client: SearchClient;
  panelOpen: Accessor<boolean>;
  openPanel(): void;
  closePanel(): void;
  /** Opens the session of a result scrolled to its message. */
  openResult(target: OpenTarget): void;
  /** Scrolls an open session to a message (Find in session). */
  reveal(sessionId: string, messageId: string, kind: RevealRequest["kind"]): void;
  /** The session's pending reveal. */
  revealOf(sessionId: string): RevealRequest | undefined;
  /** The reveal `seq` was carried out: forget it (a remounted timeline must not scroll there again). */
  revealDone(sessionId: string, seq: number): void;
  /** The message a search opened this session at (it carries `data-search-hit`). */
  hitOf(sessionId: string): string | undefined;
  /** The current "Find in session" match (it carries `data-find-current`). */
  findOf(sessionId: string): string | undefined;
  /** The session was opened from a result whose server is not running: show the index's copy. */
  indexedOnly(sessionId: string): boolean;
  findOpen(sessionId: string): boolean;
  openFind(sessionId: string): void;
  closeFind(sessionId: string): void;
}

const Ctx = createContext<SearchApi>();

/** The search context, or undefined outside a {@link SearchHost} (component tests). */
export function useSearch(): SearchApi | undefined {
  return useContext(Ctx);
}

interface SearchStore {
  reveal: Record<string, RevealRequest | null>;
  hit: Record<string, string>;
  find: Record<string, string | null>;
  indexed: Record<string, boolean>;
  findOpen: Record<string, boolean>;
}

/** Provides {@link SearchApi} and mounts the Search panel while it is open. */
export function SearchHost(props: {
  /** Selects the session's tab. */
  onOpenSession: (sessionId: string) => void;
  client?: SearchClient;
  children: JSX.Element;
}): JSX.Element {
  // Read once: the host keeps one client for the page's life.
  const client = untrack(() => props.client) ?? makeSearchClient();
  const [panelOpen, setPanelOpen] = createSignal(false);
  /** The panel's words outlive it: reopened, it shows the last search again. */
  const [lastQuery, setLastQuery] = createSignal("");
  const [store, setStore] = createStore<SearchStore>({ reveal: {}, hit: {}, find: {}, indexed: {}, findOpen: {} });
  let seq = 0;
  const reveal = (sessionId: string, messageId: string, kind: RevealRequest["kind"]) => {
    setStore("reveal", sessionId, { messageId, kind, seq: ++seq });
    setStore(kind === "hit" ? "hit" : "find", sessionId, messageId);
  };
  const api: SearchApi = {
    client,
    panelOpen,
    openPanel: () => setPanelOpen(true),
    closePanel: () => setPanelOpen(false),
    openResult(target) {
      setPanelOpen(false);
      setStore("indexed", target.sessionId, target.instanceId === null);
      reveal(target.sessionId, target.messageId, "hit");
      props.onOpenSession(target.sessionId);
    },
    reveal,
    revealOf: (sessionId) => store.reveal[sessionId] ?? undefined,
    revealDone(sessionId, done) {
      if (store.reveal[sessionId]?.seq === done) setStore("reveal", sessionId, null);
    },
    hitOf: (sessionId) => store.hit[sessionId],
    findOf: (sessionId) => store.find[sessionId] ?? undefined,
    indexedOnly: (sessionId) => store.indexed[sessionId] === true,
    findOpen: (sessionId) => store.findOpen[sessionId] === true,
    openFind(sessionId) {
      setStore("findOpen", sessionId, true);
      // Pressed again while open: back to the field with its words selected, as browsers do.
      requestAnimationFrame(() =>
        document.querySelector<HTMLInputElement>(`.sv-session[data-session-id="${CSS.escape(sessionId)}"] .sr-find input`)?.select(),
      );
    },
    closeFind(sessionId) {
      setStore("findOpen", sessionId, false);
      setStore("find", sessionId, null);
    },
  };
  return (
    <Ctx.Provider value={api}>
      {props.children}
      <Show when={panelOpen()}>
        <SearchPanel client={client} initialQuery={lastQuery()} onQuery={setLastQuery} onOpen={api.openResult} onClose={api.closePanel} />
      </Show>
    </Ctx.Provider>
  );
}
