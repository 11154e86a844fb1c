/**
 * One WebSocket to one PTY: asks the adapter for the URL (2.x: a fresh ticket each time), hands
 * output to `onOutput`, drops control frames, and reports its state in words. Plain (`make…`
 * returns its cleanup, solid-primitives style); the view owns it.
 */
import { decodePtyFrame, type PtyApi } from "../../../adapters/pty";

/** Where the connection is. `closed` carries why, in words, or null when we closed it. */
export type PtyConnectionState = { kind: "connecting" } | { kind: "open" } | { kind: "closed"; reason: string | null };

/** Callbacks of a connection. */
export interface PtyConnectionHandlers {
  onOutput(data: string | Uint8Array): void;
  onState(state: PtyConnectionState): void;
}

/** A live connection: `send` keystrokes, `close` when done. */
export interface PtyConnection {
  send(data: string): void;
  close(): void;
}

/** The browser's WebSocket, injectable for tests. */
export type WebSocketFactory = (url: string) => WebSocket;

/** Connects; errors (no URL, refused socket) arrive as a `closed` state with words. */
export function makePtyConnection(
  api: PtyApi,
  id: string,
  handlers: PtyConnectionHandlers,
  open: WebSocketFactory = (url) => new WebSocket(url),
): PtyConnection {
  let socket: WebSocket | null = null;
  let stopped = false;
  let opened = false;
  handlers.onState({ kind: "connecting" });
  api.connectUrl(id).then(
    (url) => {
      if (stopped) return;
      let ws: WebSocket;
      try {
        ws = open(url);
      } catch (err) {
        // The constructor throws when the page's CSP or the URL refuses it.
        console.warn(`switchboard: could not open terminal ${id}'s socket`, err);
        handlers.onState({
          kind: "closed",
          reason: `The browser refused the terminal's connection: ${err instanceof Error ? err.message : String(err)}`,
        });
        return;
      }
      socket = ws;
      ws.binaryType = "arraybuffer";
      ws.onopen = () => {
        opened = true;
        handlers.onState({ kind: "open" });
      };
      ws.onmessage = (event: MessageEvent<string | ArrayBuffer>) => {
        const frame = decodePtyFrame(event.data);
        if (frame.kind === "output") handlers.onOutput(frame.data);
      };
      ws.onclose = (event) => {
        if (stopped) return;
        console.warn(`switchboard: terminal ${id} socket closed (${event.code} ${event.reason})`);
        handlers.onState({
          kind: "closed",
          reason: opened
            ? "The terminal's connection closed (its shell may have exited, or the server stopped)."
            : "The server refused to attach this terminal — is it still running?",
        });
      };
    },
    (err: unknown) => {
      if (stopped) return;
      console.warn(`switchboard: no connection for terminal ${id}`, err);
      handlers.onState({ kind: "closed", reason: err instanceof Error ? err.message : String(err) });
    },
  );
  return {
    send(data) {
      // 1 = OPEN (the constant is not on every test WebSocket).
      if (socket?.readyState === 1) socket.send(data);
    },
    close() {
      stopped = true;
      socket?.close();
    },
  };
}
