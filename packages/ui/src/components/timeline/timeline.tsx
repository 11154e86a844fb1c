/**
 * The session's timeline: messages (virtualized with virtua), session errors where they happened,
 * history markers, and an optional footer row (pending prompts). Follows the bottom while content
 * streams unless the user scrolled up; loads older pages near the top, keeping the position.
 * Opening, older pages and stick-to-bottom are create* primitives beside it, each owning its cleanup.
 */
import { For, Match, Show, Switch, createEffect, createMemo, on, untrack, type JSX } from "solid-js";
import { VList, type VListHandle } from "virtua/solid";
import { isRunning, promptTarget } from "../../store/ownership";
import { timeline } from "../../store/selectors";
import { sessionLookup } from "../../store/session-lookup";
import { SessionNotFound } from "./session-not-found";
import type { Message, SessionErrorEntry } from "../../store/types";
import { withoutEchoedErrors } from "./echoed-errors";
import { MessageView } from "./message-view";
import { useSearch } from "../search/search-host";
import { createReveal } from "../search/create-reveal";
import { FindBar } from "../search/find-bar";
import { useSessionActions } from "../session-actions/session-actions-host";
import "./timeline.css";
import { createOlderPages } from "./create-older-pages";
import { createSessionOpening } from "./create-session-opening";
import { createStickToBottom } from "./create-stick-to-bottom";
import { createOpenWindow, windowKeys } from "./create-open-window";
import { ErrorText } from "../common/error-text";
import { useWorkspace } from "../workspace-services";

/** Props of {@link Timeline}. */
export interface TimelineProps {
  sessionId: string;
  /** Rendered as the last row (e.g. pending permission and question prompts). */
  footer?: () => JSX.Element;
  /** false renders every row without virtualization (tests: jsdom has no layout). Default true. */
  virtual?: boolean;
  /** Closes this session's tab (offered when the session is on no running server). */
  onClose?: () => void;
}

const TOP = "top";
const FOOTER = "footer";
const EMPTY: readonly never[] = [];
const NEAR_TOP_PX = 300;
/** Row keys: the kind is recoverable from the key, and a row keeps its DOM while its data updates in place. */
const MESSAGE_PREFIX = "m:";

const sameKeys = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((key, i) => key === b[i]);

/** Renders the timeline of one session. */
export function Timeline(props: TimelineProps) {
  const { state, actions, shown } = useWorkspace();
  const markSessionShown = () => shown.mark();
  let handle: VListHandle | undefined;
  let root: HTMLDivElement | undefined;

  const messages = () => state.messages[props.sessionId] ?? (EMPTY as readonly Message[]);
  const cursor = () => state.historyCursor[props.sessionId];
  const historyComplete = () => cursor() === null;
  const byId = createMemo(() => new Map(messages().map((m) => [m.id, m])));
  const busy = () => isRunning(state, props.sessionId);
  /** The assistant message still being written, if any. */
  const liveId = createMemo(() => {
    if (!busy()) return null;
    const list = messages();
    for (let i = list.length - 1; i >= 0; i--) {
      const m = list[i]!;
      if (m.role === "assistant") return m.time.completed ? null : m.id;
    }
    return null;
  });
  // The store's timeline selector places errors; the view only needs stable keys per row.
  const items = createMemo(() => withoutEchoedErrors(timeline(state, props.sessionId)));
  const errorsByKey = createMemo(() => {
    const map = new Map<string, SessionErrorEntry>();
    for (const item of items()) if (item.kind === "error") map.set(item.id, item.error);
    return map;
  });
  const keys = createMemo(
    () => [TOP, ...items().map((item) => (item.kind === "message" ? `${MESSAGE_PREFIX}${item.id}` : item.id)), ...(props.footer ? [FOOTER] : [])],
    [],
    { equals: sameKeys },
  );
  const win = createOpenWindow();
  /** What the virtualizer gets: only the newest rows while the session opens (create-open-window.ts). */
  const listKeys = createMemo(() => (win.windowed() ? windowKeys(keys()) : keys()), [], { equals: sameKeys });
  /** The session is listed by some instance (a restored tab or deep link can be ahead of the lists). */
  const known = () => state.sessions[props.sessionId] !== undefined;
  /** Set once no running server that could be asked lists it (a restored tab of a deleted session). */
  const missing = createMemo(() => {
    const lookup = sessionLookup(state, props.sessionId);
    return lookup.kind === "missing" ? lookup : null;
  });

  const older = createOlderPages({
    sessionId: () => props.sessionId,
    cursor,
    loadOlder: (id) => actions.loadOlder(id),
    nearTop: () => !!handle && (handle.scrollOffset < NEAR_TOP_PX || handle.scrollSize <= handle.viewportSize),
    blocked: () => opened.opening() || win.windowed(),
  });
  /** The VList's scrolling element (the plain fallback has no virtualizer handle). */
  const scroller = (): HTMLElement | null => root?.querySelector<HTMLElement>(".sv-timeline-scroll") ?? null;
  const bottom = createStickToBottom({ scroller, shifting: () => older.shifting() || win.widening() });
  let windowedFor = untrack(() => props.sessionId);
  const opened = createSessionOpening({
    sessionId: () => props.sessionId,
    known,
    openSession: (id) => actions.openSession(id),
    ownerReady: () => {
      const id = promptTarget(state, props.sessionId);
      return id !== null && state.instances[id]?.connection.state === "connected" ? id : null;
    },
    onStart: () => {
      bottom.stickNow();
      // Another session in this view: its rows are windowed again until it is shown (a retry keeps the rows).
      if (props.sessionId !== windowedFor) {
        windowedFor = props.sessionId;
        win.narrow();
      }
    },
    onOpened: () => {
      // A user who has scrolled up while rows streamed in keeps their place.
      if (bottom.stick()) bottom.scrollToEnd();
      win.widen(() => {
        markSessionShown();
        older.loadIfNear();
      });
    },
  });
  // A failed open shows its error at the top of every loaded row.
  createEffect(
    on(opened.error, (e) => {
      if (e !== null) win.widen(markSessionShown);
    }),
  );

  const onScroll = (offset: number) => {
    if (!handle) return;
    bottom.onScroll(offset, handle);
    if (offset < NEAR_TOP_PX) older.loadIfNear();
  };
  createEffect(on(() => listKeys().length, bottom.follow, { defer: true }));

  // A search hit or Find match to show: page back until it is loaded, then scroll to it.
  const search = useSearch();
  const host = useSessionActions();
  if (search) {
    createReveal({
      request: () => search.revealOf(props.sessionId),
      ready: () => known() && !opened.opening() && !win.windowed(),
      has: (id) => byId().has(id),
      cursor,
      loadOlder: () => older.load(),
      onStart: bottom.unstick,
      scrollTo(id) {
        const index = listKeys().indexOf(`${MESSAGE_PREFIX}${id}`);
        if (handle && index >= 0) handle.scrollToIndex(index, { align: "center" });
        else root?.querySelector(`[data-message-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: "center" });
      },
      onMissing: (_id, why) => host?.announce(why, true),
      onDone: (seq) => search.revealDone(props.sessionId, seq),
    });
  }

  const row = (key: string): JSX.Element => {
    if (key === TOP) {
      return (
        <div class="sv-marker" data-timeline-marker="">
          <Switch>
            <Match when={opened.error()}>
              {(e) => (
                <ErrorText message={e()} inline>
                  Could not load messages: {e()}{" "}
                  <button type="button" class="sv-link-button" onClick={() => opened.retry()}>
                    Retry
                  </button>
                </ErrorText>
              )}
            </Match>
            <Match when={older.error()}>
              {(e) => (
                <ErrorText message={e()} inline>
                  Could not load older messages: {e()}{" "}
                  <button type="button" class="sv-link-button" onClick={() => void older.load()}>
                    Retry
                  </button>
                </ErrorText>
              )}
            </Match>
            <Match when={!known() && messages().length === 0 && missing()}>
              {(m) => <SessionNotFound sessionId={props.sessionId} waitingFor={m().waitingFor} onClose={props.onClose} />}
            </Match>
            <Match when={!known() && messages().length === 0}>Looking for this session on the running OpenCode servers…</Match>
            <Match when={opened.opening() && messages().length === 0}>Loading messages…</Match>
            <Match when={older.loading()}>Loading older messages…</Match>
            <Match when={historyComplete()}>Start of session</Match>
            <Match when={typeof cursor() === "string"}>
              <button type="button" class="sv-link-button" onClick={() => void older.load()}>
                Load older messages
              </button>
            </Match>
          </Switch>
        </div>
      );
    }
    if (key === FOOTER) return <div class="sv-footer-row">{props.footer?.()}</div>;
    if (key.startsWith(MESSAGE_PREFIX)) {
      const messageId = key.slice(MESSAGE_PREFIX.length);
      const message = createMemo(() => byId().get(messageId));
      return (
        <Show when={message()}>{(m) => <MessageView message={m()} parts={state.parts[messageId] ?? EMPTY} live={liveId() === messageId} />}</Show>
      );
    }
    const entry = () => errorsByKey().get(key);
    return (
      <Show when={entry()}>
        {(e) => (
          <div data-session-error="">
            <ErrorText message={`${e().name}: ${e().message}`} class="sv-session-error">
              <strong>{e().name}</strong>: {e().message}
            </ErrorText>
          </div>
        )}
      </Show>
    );
  };

  return (
    <div class="sv-timeline" ref={root} data-stick={bottom.stick() ? "" : undefined} onWheel={bottom.onWheel}>
      <Show when={search?.findOpen(props.sessionId) && search}>
        {(s) => (
          <FindBar
            sessionId={props.sessionId}
            client={s().client}
            onReveal={(id) => s().reveal(props.sessionId, id, "find")}
            onClose={() => s().closeFind(props.sessionId)}
          />
        )}
      </Show>
      <Show
        when={props.virtual !== false}
        fallback={
          <div class="sv-timeline-scroll sv-timeline-plain">
            <For each={keys()}>{(key) => <div class="sv-row">{row(key)}</div>}</For>
          </div>
        }
      >
        <VList
          ref={(h) => (handle = h)}
          class="sv-timeline-scroll"
          style={{ height: "100%" }}
          data={listKeys()}
          shift={older.shifting() || win.widening()}
          onScroll={onScroll}
          onResize={bottom.follow}
        >
          {(key) => <div class="sv-row">{row(key)}</div>}
        </VList>
      </Show>
      <Show when={!bottom.stick()}>
        <button type="button" class="sv-jump" onClick={bottom.jumpToLatest}>
          Jump to latest ↓
        </button>
      </Show>
    </div>
  );
}
