import { describe, expect, it, vi } from "vitest";
import type { PtyApi } from "../../../adapters/pty";
import { makePtyConnection, type PtyConnectionState } from "./pty-connection";

const api = (connectUrl: PtyApi["connectUrl"]): PtyApi => ({
  list: vi.fn(),
  create: vi.fn(),
  resize: vi.fn(),
  remove: vi.fn(),
  connectUrl,
});

/** Runs a connection until it reports `kind`; returns every state and output seen. */
async function run(a: PtyApi, open: (url: string) => WebSocket, until: PtyConnectionState["kind"]) {
  const states: PtyConnectionState[] = [];
  const output: Array<string | Uint8Array> = [];
  const connection = makePtyConnection(a, "pty_1", { onOutput: (d) => output.push(d), onState: (s) => states.push(s) }, open);
  await vi.waitFor(() => expect(states.at(-1)?.kind).toBe(until));
  return { states, output, connection };
}

describe("makePtyConnection", () => {
  it("passes output on, drops the cursor frame, sends keystrokes only while open", async () => {
    const send = vi.fn();
    let ws!: WebSocket;
    const open = () => (ws = { readyState: 0, send, close: vi.fn() } as unknown as WebSocket);
    const started = run(
      api(async () => "ws://x"),
      open,
      "connecting",
    );
    const { states, output, connection } = await started;
    await vi.waitFor(() => expect(ws).toBeDefined());
    connection.send("early");
    expect(send).not.toHaveBeenCalled();
    (ws as { readyState: number }).readyState = 1;
    ws.onopen?.(new Event("open"));
    ws.onmessage?.(new MessageEvent("message", { data: "$ " }));
    ws.onmessage?.(new MessageEvent("message", { data: new Uint8Array([0, ...new TextEncoder().encode('{"cursor":2}')]).buffer }));
    connection.send("ls\r");
    expect(send).toHaveBeenCalledWith("ls\r");
    expect(output).toEqual(["$ "]);
    expect(states.map((s) => s.kind)).toEqual(["connecting", "open"]);
    connection.close();
    expect(ws.close).toHaveBeenCalled();
  });

  it("a socket closed before it opened is a refusal in words", async () => {
    let ws!: WebSocket;
    const open = () => (ws = { readyState: 0, send: vi.fn(), close: vi.fn() } as unknown as WebSocket);
    const states: PtyConnectionState[] = [];
    makePtyConnection(
      api(async () => "ws://x"),
      "pty_1",
      { onOutput: vi.fn(), onState: (s) => states.push(s) },
      open,
    );
    await vi.waitFor(() => expect(ws).toBeDefined());
    ws.onclose?.(new CloseEvent("close", { code: 1006 }));
    expect(states.at(-1)).toEqual({ kind: "closed", reason: "The server refused to attach this terminal — is it still running?" });
  });

  it("a socket the browser refuses (CSP) and a failed ticket are reported, not thrown", async () => {
    const refused = await run(
      api(async () => "ws://x"),
      () => {
        throw new DOMException("Refused to connect", "SecurityError");
      },
      "closed",
    );
    const last = refused.states.at(-1);
    expect(last?.kind === "closed" && last.reason).toMatch(/^The browser refused the terminal's connection: .*Refused to connect$/);
    const noTicket = await run(
      api(async () => Promise.reject(new Error("OpenCode at :1 refused a terminal ticket (403)"))),
      vi.fn(),
      "closed",
    );
    expect(noTicket.states.at(-1)).toEqual({ kind: "closed", reason: "OpenCode at :1 refused a terminal ticket (403)" });
  });
});
