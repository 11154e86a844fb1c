import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { Show } from "solid-js";
import type { PtyApi, PtyInfo } from "../../../adapters/pty";
import { TerminalButton } from "./terminal-button";
import { nextNumber, TerminalPanel } from "./terminal-panel";
import { makeTerminalStore } from "./terminal-store";

// xterm needs a real layout; the panel's logic does not. A stand-in screen writes into the DOM.
vi.mock("./load-xterm", () => ({
  loadXterm: async () => ({
    Terminal: class {
      cols = 80;
      rows = 24;
      options: Record<string, unknown> = {};
      private el: HTMLElement | null = null;
      loadAddon() {}
      open(el: HTMLElement) {
        this.el = el;
      }
      write(data: string) {
        if (this.el) this.el.textContent += data;
      }
      reset() {
        if (this.el) this.el.textContent = "";
      }
      onData() {
        return { dispose() {} };
      }
      dispose() {}
    },
    FitAddon: class {
      fit() {}
    },
  }),
}));

beforeAll(() => {
  globalThis.ResizeObserver ??= class {
    observe() {}
    disconnect() {}
    unobserve() {}
  } as unknown as typeof ResizeObserver;
});
afterEach(cleanup);

/** A fake server: PTYs in a map, sockets that echo a greeting with the id. */
function fakeServer(initial: PtyInfo[] = []) {
  const ptys = new Map(initial.map((p) => [p.id, p]));
  let n = 0;
  const api: PtyApi = {
    list: vi.fn(async () => [...ptys.values()]),
    create: vi.fn(async (title: string) => {
      const pty = { id: `pty_${++n}`, title, status: "running" };
      ptys.set(pty.id, pty);
      return pty;
    }),
    resize: vi.fn(async () => undefined),
    remove: vi.fn(async (id: string) => void ptys.delete(id)),
    connectUrl: vi.fn(async (id: string) => `ws://x/${id}`),
  };
  const openSocket = (url: string) => {
    const ws = { readyState: 1, binaryType: "blob", send: vi.fn(), close: vi.fn() } as unknown as WebSocket;
    queueMicrotask(() => {
      ws.onopen?.(new Event("open"));
      ws.onmessage?.(new MessageEvent("message", { data: `hello from ${url.slice(7)}` }));
      ws.onmessage?.(new MessageEvent("message", { data: new Uint8Array([0, ...new TextEncoder().encode('{"cursor":5}')]).buffer }));
    });
    return ws;
  };
  return { api, ptys, openSocket };
}

function memoryStorage() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
}

function mount(server: ReturnType<typeof fakeServer>, storage = memoryStorage()) {
  const store = makeTerminalStore(storage);
  render(() => (
    <>
      <TerminalButton sessionId="ses_1" store={store} />
      <Show when={store.of("ses_1").open}>
        <TerminalPanel sessionId="ses_1" api={server.api} store={store} openSocket={server.openSocket} />
      </Show>
    </>
  ));
  return { store, storage };
}

describe("<TerminalPanel>", () => {
  it("the Terminal button opens a region that starts a shell and shows its output; Ctrl+` hides it", async () => {
    const server = fakeServer();
    mount(server);
    expect(screen.queryByRole("region", { name: "Terminal" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Terminal" }));
    const region = screen.getByRole("region", { name: "Terminal" });
    await waitFor(() => expect(region).toHaveTextContent("hello from pty_1"));
    expect(region).not.toHaveTextContent("cursor");
    expect(screen.getByRole("tab", { name: "Terminal 1" })).toHaveAttribute("aria-selected", "true");
    expect(server.api.create).toHaveBeenCalledWith("Terminal 1");
    fireEvent.keyDown(document, { key: "`", code: "Backquote", ctrlKey: true });
    expect(screen.queryByRole("region", { name: "Terminal" })).toBeNull();
    expect(server.ptys.size).toBe(1);
  });

  it("holds several terminals as tabs; closing one ends it on the server", async () => {
    const server = fakeServer();
    mount(server);
    fireEvent.keyDown(document, { key: "`", code: "Backquote", ctrlKey: true });
    await screen.findByRole("tab", { name: "Terminal 1" });
    await waitFor(() => expect(screen.getByRole("button", { name: "New terminal" })).toBeEnabled());
    fireEvent.click(screen.getByRole("button", { name: "New terminal" }));
    const second = await screen.findByRole("tab", { name: "Terminal 2" });
    expect(second).toHaveAttribute("aria-selected", "true");
    await waitFor(() => expect(document.querySelector('.tm-view[data-pty-id="pty_2"]')).toHaveTextContent("hello from pty_2"));
    expect(document.querySelector('.tm-view[data-pty-id="pty_1"]')).toHaveAttribute("hidden");
    fireEvent.click(screen.getByRole("tab", { name: "Terminal 1" }));
    expect(document.querySelector('.tm-view[data-pty-id="pty_1"]')).not.toHaveAttribute("hidden");
    fireEvent.click(screen.getByRole("button", { name: "Close Terminal 1" }));
    await waitFor(() => expect(server.api.remove).toHaveBeenCalledWith("pty_1"));
    expect([...server.ptys.keys()]).toEqual(["pty_2"]);
    expect(screen.queryByRole("tab", { name: "Terminal 1" })).toBeNull();
    expect(screen.getByRole("tab", { name: "Terminal 2" })).toHaveAttribute("aria-selected", "true");
  });

  it("after a reload reattaches the terminals the server still runs, and forgets the others", async () => {
    const storage = memoryStorage();
    storage.setItem("switchboard.terminals", JSON.stringify({ ses_1: { open: true, ptys: ["pty_a", "pty_gone"], active: "pty_gone" } }));
    const server = fakeServer([
      { id: "pty_a", title: "Terminal 1", status: "running" },
      { id: "pty_other", title: "Someone else's", status: "running" },
    ]);
    mount(server, storage);
    const region = screen.getByRole("region", { name: "Terminal" });
    await waitFor(() => expect(region).toHaveTextContent("hello from pty_a"));
    expect(screen.getAllByRole("tab").map((t) => t.textContent)).toEqual(["Terminal 1"]);
    expect(server.api.create).not.toHaveBeenCalled();
    expect(JSON.parse(storage.getItem("switchboard.terminals") ?? "{}")).toEqual({ ses_1: { open: true, ptys: ["pty_a"], active: "pty_a" } });
  });

  it("says so in words when the server refuses", async () => {
    const server = fakeServer();
    server.api.list = vi.fn(async () => {
      throw new Error("OpenCode at :4096 refused to list terminals (500)");
    });
    mount(server);
    fireEvent.click(screen.getByRole("button", { name: "Terminal" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Could not list this server's terminals: OpenCode at :4096 refused to list terminals (500)",
    );
  });

  it("numbers new terminals with the lowest free number", () => {
    expect(nextNumber([])).toBe(1);
    expect(nextNumber(["Terminal 1", "Terminal 3", "bash"])).toBe(2);
  });
});
