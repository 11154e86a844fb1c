/**
 * The session's timeline: messages (virtualized with virtua), session errors where they happened,
 * history markers, and an optional footer row (pending prompts). Follows the bottom while content
 * streams unless the user scrolled up; loads older pages near the top, keeping the position.
 */
import { For, Match, Show, Switch, createEffect, createMemo, createSignal, on, onCleanup, type JSX } from "solid-js";
import { VList, type VListHandle } from "virtua/solid";
import { isRunning, promptTarget } from "../../store/ownership";
import { timeline } from "../../store/selectors";
import { sessionLookup } from "../../store/session-lookup";
import { SessionNotFound } from "./session-not-found";
import type { Message, SessionErrorEntry, State, WorkspaceActions } from "../../store/types";
import { withoutEchoedErrors } from "./echoed-errors";
import { MessageView } from "./message-view";
import { useSearch } from "../search/search-host";
import { createReveal } from "../search/create-reveal";
import { FindBar } from "../search/find-bar";
import { useSessionActions } from "../session-actions/session-actions-host";
import "./timeline.css";

/** Props of {@link Timeline}. */
export interface TimelineProps {
  sessionId: string;
  state: State;
  actions: Pick<WorkspaceActions, "openSession" | "loadOlder">;
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
const NEAR_BOTTOM_PX = 48;
/** Row keys: the kind is recoverable from the key, and a row keeps its DOM while its data updates in place. */
const MESSAGE_PREFIX = "m:";

const sameKeys = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((key, i) => key === b[i]);

/** Renders the timeline of one session. */
export function Timeline(props: TimelineProps) {
  const [opening, setOpening] = createSignal(true);
  const [openError, setOpenError] = createSignal<string | null>(null);
  const [loadingOlder, setLoadingOlder] = createSignal(false);
  const [olderError, setOlderError] = createSignal<string | null>(null);
  const [shifting, setShifting] = createSignal(false);
  const [stick, setStick] = createSignal(true);
  let handle: VListHandle | undefined;
  let root: HTMLDivElement | undefined;
  let lastOffset = 0;
  let disposed = false;
  onCleanup(() => (disposed = true));

  const messages = () => props.state.messages[props.sessionId] ?? (EMPTY as readonly Message[]);
  const cursor = () => props.state.historyCursor[props.sessionId];
  const historyComplete = () => cursor() === null;
  const byId = createMemo(() => new Map(messages().map((m) => [m.id, m])));
  const busy = () => isRunning(props.state, props.sessionId);
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
  const items = createMemo(() => withoutEchoedErrors(timeline(props.state, props.sessionId)));
  const errorsByKey = createMemo(() => {
    const map = new Map<string, SessionErrorEntry>();
    for (const item of items()) if (item.kind === "error") map.set(item.id, item.error);
    return map;
  });
  const keys = createMemo(
    () => [
      TOP,
      ...items().map((item) => (item.kind === "message" ? `${MESSAGE_PREFIX}${item.id}` : item.id)),
      ...(props.footer ? [FOOTER] : []),
    ],
    [],
    { equals: sameKeys },
  );
  /** The session is listed by some instance (a restored tab or deep link can be ahead of the lists). */
  const known = () => props.state.sessions[props.sessionId] !== undefined;
  /** Set once no running server that could be asked lists it (a restored tab of a deleted session). */
  const missing = createMemo(() => {
    const lookup = sessionLookup(props.state, props.sessionId);
    return lookup.kind === "missing" ? lookup : null;
  });

  /** The VList's scrolling element (the plain fallback has no virtualizer handle). */
  const scroller = (): HTMLElement | null => root?.querySelector<HTMLElement>(".sv-timeline-scroll") ?? null;
  /**
   * Scrolls the DOM element straight to its end. Not virtua's scrollToIndex: that one keeps
   * re-applying itself while item sizes change (all the time while a reply streams), which would
   * pull a user who scrolls up right back down.
   */
  const scrollToEnd = (smooth = false) => {
    const el = scroller();
    if (!el) return;
    if (smooth && typeof el.scrollTo === "function") el.scrollTo({ top: el.scrollHeight, behavior: "smooth" });
    else el.scrollTop = el.scrollHeight;
  };

  const open = (id: string) => {
    setOpening(true);
    setOpenError(null);
    setStick(true);
    props.actions
      .openSession(id)
      .then(() => {
        if (disposed || id !== props.sessionId) return;
        setOpening(false);
        requestAnimationFrame(() => {
          // Rows may have streamed in (and been scrolled through) before this answer: a user who
          // has scrolled up meanwhile keeps their place.
          if (stick()) scrollToEnd();
          maybeLoadOlder();
        });
      })
      .catch((err: unknown) => {
        if (disposed || id !== props.sessionId) return;
        console.error("openSession failed", id, err);
        setOpening(false);
        setOpenError(err instanceof Error ? err.message : String(err));
      });
  };
  // Open once the session is known: before that no instance can be asked for its messages.
  let openedFor: string | null = null;
  createEffect(
    on([() => props.sessionId, known] as const, ([id, isKnown]) => {
      if (isKnown && openedFor !== id) {
        openedFor = id;
        open(id);
      }
    }),
  );

  // A failed open is retried by itself once an owner is connected again (a restarted server
  // comes back under a new instance id): the words "Could not load" never outlive the cause.
  const ownerReady = createMemo(() => {
    const id = promptTarget(props.state, props.sessionId);
    return id !== null && props.state.instances[id]?.connection.state === "connected" ? id : null;
  });
  createEffect(
    on(
      ownerReady,
      (ready, before) => {
        if (ready !== null && ready !== before && openError() !== null && openedFor === props.sessionId) open(props.sessionId);
      },
      { defer: true },
    ),
  );

  function maybeLoadOlder(): void {
    if (!handle || opening() || loadingOlder() || olderError() || typeof cursor() !== "string") return;
    const nearTop = handle.scrollOffset < NEAR_TOP_PX || handle.scrollSize <= handle.viewportSize;
    if (nearTop) void loadOlder();
  }

  async function loadOlder(): Promise<void> {
    const id = props.sessionId;
    setLoadingOlder(true);
    setOlderError(null);
    // Prepending: virtua keeps the viewport anchored to the end while `shift` is on.
    setShifting(true);
    try {
      await props.actions.loadOlder(id);
    } catch (err) {
      console.error("loadOlder failed", id, err);
      if (!disposed) setOlderError(err instanceof Error ? err.message : String(err));
    } finally {
      if (!disposed) {
        setLoadingOlder(false);
        requestAnimationFrame(() => {
          setShifting(false);
          maybeLoadOlder();
        });
      }
    }
  }

  /** Wheel up (or a swipe down) is the user taking over, even before the offset has moved. */
  const onWheel = (event: WheelEvent) => {
    const el = scroller();
    if (event.deltaY < 0 && !shifting() && el && el.scrollHeight > el.clientHeight) setStick(false);
  };
  const onScroll = (offset: number) => {
    if (!handle) return;
    const fromBottom = handle.scrollSize - handle.viewportSize - offset;
    if (fromBottom <= NEAR_BOTTOM_PX) setStick(true);
    // Only a move up unsticks: content growing below leaves the offset where it was.
    else if (offset < lastOffset - 2 && !shifting()) setStick(false);
    lastOffset = offset;
    if (offset < NEAR_TOP_PX) maybeLoadOlder();
  };
  const follow = () => {
    if (stick() && !shifting()) scrollToEnd();
  };
  createEffect(on(() => keys().length, follow, { defer: true }));

  // A search hit or Find match to show: page back until it is loaded, then scroll to it.
  const search = useSearch();
  const host = useSessionActions();
  if (search) {
    createReveal({
      request: () => search.revealOf(props.sessionId),
      ready: () => known() && !opening(),
      has: (id) => byId().has(id),
      cursor,
      loadOlder,
      onStart: () => setStick(false),
      scrollTo(id) {
        const index = keys().indexOf(`${MESSAGE_PREFIX}${id}`);
        if (handle && index >= 0) handle.scrollToIndex(index, { align: "center" });
        else root?.querySelector(`[data-message-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: "center" });
      },
      onMissing: (_id, why) => host?.announce(why, true),
      onDone: (seq) => search.revealDone(props.sessionId, seq),
    });
  }

  const jumpToLatest = () => {
    setStick(true);
    scrollToEnd(true);
  };

  const row = (key: string): JSX.Element => {
    if (key === TOP) {
      return (
        <div class="sv-marker" data-timeline-marker="">
          <Switch>
            <Match when={openError()}>
              {(e) => (
                <span class="sv-error-text" role="alert">
                  Could not load messages: {e()}{" "}
                  <button type="button" class="sv-link-button" onClick={() => open(props.sessionId)}>
                    Retry
                  </button>
                </span>
              )}
            </Match>
            <Match when={olderError()}>
              {(e) => (
                <span class="sv-error-text" role="alert">
                  Could not load older messages: {e()}{" "}
                  <button type="button" class="sv-link-button" onClick={() => void loadOlder()}>
                    Retry
                  </button>
                </span>
              )}
            </Match>
            <Match when={!known() && messages().length === 0 && missing()}>
              {(m) => <SessionNotFound sessionId={props.sessionId} state={props.state} waitingFor={m().waitingFor} onClose={props.onClose} />}
            </Match>
            <Match when={!known() && messages().length === 0}>Looking for this session on the running OpenCode servers…</Match>
            <Match when={opening() && messages().length === 0}>Loading messages…</Match>
            <Match when={loadingOlder()}>Loading older messages…</Match>
            <Match when={historyComplete()}>Start of session</Match>
            <Match when={typeof cursor() === "string"}>
              <button type="button" class="sv-link-button" onClick={() => void loadOlder()}>
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
        <Show when={message()}>
          {(m) => <MessageView message={m()} parts={props.state.parts[messageId] ?? EMPTY} live={liveId() === messageId} />}
        </Show>
      );
    }
    const entry = () => errorsByKey().get(key);
    return (
      <Show when={entry()}>
        {(e) => (
          <div class="sv-session-error" role="alert" data-session-error="">
            <strong>{e().name}</strong>: {e().message}
          </div>
        )}
      </Show>
    );
  };

  return (
    <div class="sv-timeline" ref={root} data-stick={stick() ? "" : undefined} onWheel={onWheel}>
      <Show when={search?.findOpen(props.sessionId) && search}>
        {(s) => (
          <FindBar
            sessionId={props.sessionId}
            state={props.state}
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
          data={keys()}
          shift={shifting()}
          onScroll={onScroll}
          onResize={follow}
        >
          {(key) => <div class="sv-row">{row(key)}</div>}
        </VList>
      </Show>
      <Show when={!stick()}>
        <button type="button" class="sv-jump" onClick={jumpToLatest}>
          Jump to latest ↓
        </button>
      </Show>
    </div>
  );
}
