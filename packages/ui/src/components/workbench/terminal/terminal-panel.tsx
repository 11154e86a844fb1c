/**
 * The "Terminal" region of a session: tabs of shells on the session's own server, started in the
 * session's folder. On open it lists the server's PTYs and reattaches the ones this page started
 * before (a reload, a tab switch); closing a tab ends its shell on the server. Everything goes
 * through the owner's protocol adapter (`pty`), so 1.x and 2.x look the same here.
 */
import { createResource, createSignal, For, Show, type JSX } from "solid-js";
import type { PtyApi, PtyInfo } from "../../../adapters/pty";
import type { TerminalStore } from "./terminal-store";
import type { WebSocketFactory } from "./pty-connection";
import { ErrorText } from "../../common/error-text";
import { TerminalView } from "./terminal-view";
import "./terminal.css";

/** Props of {@link TerminalPanel}. */
export interface TerminalPanelProps {
  sessionId: string;
  /** The owner's PTY routes; null when no running server owns the session. */
  api: PtyApi | null;
  store: TerminalStore;
  /** Tests: a fake WebSocket. */
  openSocket?: WebSocketFactory;
}

const errorWords = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Renders the panel (only while open). */
export function TerminalPanel(props: TerminalPanelProps): JSX.Element {
  return (
    <section class="tm-panel" role="region" aria-label="Terminal">
      <Show when={props.api} fallback={<p class="tm-note">No running OpenCode server owns this session, so there is nowhere to start a shell.</p>}>
        {(api) => <TerminalTabs {...props} api={api()} />}
      </Show>
    </section>
  );
}

function TerminalTabs(props: TerminalPanelProps & { api: PtyApi }): JSX.Element {
  const [titles, setTitles] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const remembered = () => props.store.of(props.sessionId);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      // Numbered within this session's tabs (the server's list also holds other sessions' shells).
      const title = `Terminal ${nextNumber(remembered().ptys.map((id) => titles()[id] ?? ""))}`;
      const pty = await props.api.create(title);
      setTitles((t) => ({ ...t, [pty.id]: pty.title || title }));
      props.store.add(props.sessionId, pty.id);
    } catch (err) {
      console.warn("switchboard: could not start a terminal", err);
      setError(`Could not start a terminal: ${errorWords(err)}`);
    } finally {
      setBusy(false);
    }
  };

  // Reattach: keep the remembered PTYs the server still runs; start one when none is left.
  const [ready] = createResource(
    () => props.sessionId,
    // The fetcher reads the store once per (re)attach on purpose: it is not meant to track it.
    // eslint-disable-next-line solid/reactivity
    async (sessionId) => {
      let listed: PtyInfo[];
      try {
        listed = await props.api.list();
      } catch (err) {
        console.warn("switchboard: could not list terminals", err);
        setError(`Could not list this server's terminals: ${errorWords(err)}`);
        return false;
      }
      const running = listed.filter((p) => p.status === "running");
      setTitles(Object.fromEntries(running.map((p) => [p.id, p.title])));
      props.store.keep(sessionId, new Set(running.map((p) => p.id)));
      if (props.store.of(sessionId).ptys.length === 0) await start();
      return true;
    },
  );

  const close = async (id: string) => {
    setError(null);
    props.store.remove(props.sessionId, id);
    try {
      await props.api.remove(id);
    } catch (err) {
      console.warn(`switchboard: could not close terminal ${id}`, err);
      setError(`The shell may still run on the server: ${errorWords(err)}`);
    }
  };

  const title = (id: string, index: number) => titles()[id] || `Terminal ${index + 1}`;

  return (
    <>
      <div class="tm-bar">
        <div class="tm-tabs" role="tablist" aria-label="Terminals">
          <For each={remembered().ptys}>
            {(id, index) => (
              <div class="tm-tab" data-pty-id={id} classList={{ "is-active": remembered().active === id }}>
                <button
                  type="button"
                  role="tab"
                  class="tm-tab-name"
                  aria-selected={remembered().active === id}
                  onClick={() => props.store.activate(props.sessionId, id)}
                >
                  {title(id, index())}
                </button>
                <button
                  type="button"
                  class="tm-tab-close"
                  aria-label={`Close ${title(id, index())}`}
                  title="Close (ends the shell)"
                  onClick={() => void close(id)}
                >
                  ×
                </button>
              </div>
            )}
          </For>
        </div>
        <button
          type="button"
          class="tm-new"
          aria-label="New terminal"
          title="New terminal"
          disabled={busy() || ready.loading}
          onClick={() => void start()}
        >
          +
        </button>
        <button
          type="button"
          class="tm-hide"
          aria-label="Hide terminal"
          title="Hide (the shells keep running; Ctrl+`)"
          onClick={() => props.store.setOpen(props.sessionId, false)}
        >
          ⌄
        </button>
      </div>
      <ErrorText message={error()} class="tm-note tm-error" />
      <Show when={ready.loading}>
        <p class="tm-note">Attaching…</p>
      </Show>
      <div class="tm-body">
        <Show when={ready()}>
          <For each={remembered().ptys}>
            {(id, index) => (
              <TerminalView api={props.api} ptyId={id} active={remembered().active === id} label={title(id, index())} openSocket={props.openSocket} />
            )}
          </For>
        </Show>
      </div>
    </>
  );
}

/** The lowest "Terminal N" number not taken. */
export function nextNumber(titles: readonly string[]): number {
  const taken = new Set(
    titles
      .map((t) => /^Terminal (\d+)$/.exec(t)?.[1])
      .filter(Boolean)
      .map(Number),
  );
  let n = 1;
  while (taken.has(n)) n++;
  return n;
}
