/**
 * One terminal tab: an xterm.js screen (DOM renderer, so its text is in the page) attached to one
 * PTY over its WebSocket. Fits itself to its box and tells the server the new size; follows the
 * page's theme. The xterm code is loaded on first use.
 */
import { createSignal, onCleanup, onMount, Show, type JSX } from "solid-js";
import type { PtyApi } from "../../../adapters/pty";
import { loadXterm } from "./load-xterm";
import { makePtyConnection, type PtyConnection, type PtyConnectionState, type WebSocketFactory } from "./pty-connection";
import { xtermTheme } from "./xterm-theme";

/** Props of {@link TerminalView}. */
export interface TerminalViewProps {
  api: PtyApi;
  ptyId: string;
  /** The tab is in front (a hidden tab is not fitted: it has no size). */
  active: boolean;
  /** Accessible name of the screen, e.g. "Terminal 1". */
  label: string;
  /** Tests: a fake WebSocket. */
  openSocket?: WebSocketFactory;
}

/** Renders one attached terminal. */
export function TerminalView(props: TerminalViewProps): JSX.Element {
  let host!: HTMLDivElement;
  const [state, setState] = createSignal<PtyConnectionState>({ kind: "connecting" });
  const [failure, setFailure] = createSignal<string | null>(null);
  let reconnect = () => undefined as void;

  onMount(() => {
    let disposed = false;
    let cleanup = () => undefined as void;
    onCleanup(() => {
      disposed = true;
      cleanup();
    });
    loadXterm().then(
      ({ Terminal, FitAddon }) => {
        if (disposed) return;
        const term = new Terminal({
          fontSize: 13,
          fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace",
          scrollback: 5000,
          theme: xtermTheme(host),
        });
        const fit = new FitAddon();
        term.loadAddon(fit);
        term.open(host);
        let connection: PtyConnection | null = null;
        const connect = () => {
          connection?.close();
          term.reset();
          connection = makePtyConnection(props.api, props.ptyId, { onOutput: (data) => term.write(data), onState: setState }, props.openSocket);
        };
        reconnect = connect;
        const input = term.onData((data) => connection?.send(data));
        let sent = "";
        let timer: ReturnType<typeof setTimeout> | undefined;
        const resize = () => {
          if (!props.active || host.clientWidth === 0 || host.clientHeight === 0) return;
          fit.fit();
          const size = { cols: term.cols, rows: term.rows };
          const key = `${size.cols}x${size.rows}`;
          if (key === sent) return;
          sent = key;
          clearTimeout(timer);
          // The panel is dragged in many small steps: tell the server once it settles.
          timer = setTimeout(() => {
            props.api.resize(props.ptyId, size).catch((err: unknown) => console.warn(`switchboard: could not resize terminal ${props.ptyId}`, err));
          }, 150);
        };
        const observer = new ResizeObserver(resize);
        observer.observe(host);
        const themeWatch = new MutationObserver(() => (term.options.theme = xtermTheme(host)));
        themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
        connect();
        resize();
        cleanup = () => {
          clearTimeout(timer);
          observer.disconnect();
          themeWatch.disconnect();
          input.dispose();
          connection?.close();
          term.dispose();
        };
      },
      (err: unknown) => {
        console.error("switchboard: could not load the terminal code", err);
        setFailure("Could not load the terminal — reload the page to try again.");
      },
    );
  });

  const closedWhy = () => {
    const s = state();
    return s.kind === "closed" ? s.reason : null;
  };
  return (
    <div class="tm-view" hidden={!props.active} data-pty-id={props.ptyId} data-connection={state().kind}>
      <Show when={failure() ?? closedWhy()}>
        {(words) => (
          <p class="tm-note" role="status">
            {words()}{" "}
            <Show when={!failure()}>
              <button type="button" class="tm-link" onClick={() => reconnect()}>
                Reconnect
              </button>
            </Show>
          </p>
        )}
      </Show>
      <div class="tm-screen" ref={host} aria-label={props.label} />
    </div>
  );
}
