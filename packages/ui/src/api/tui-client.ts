/**
 * Control of a TUI's screen (`POST /tui/select-session`, `/tui/show-toast`). Only a process started as
 * a TUI has a screen. Whether its version has the routes is asked once with an empty body: a route that
 * exists refuses it with 400 (measured on 1.18.33: `BadRequest … Missing key sessionID`, ~50 ms, no
 * effect), a missing one answers otherwise. `GET /doc` would say too, but its first answer took 10–12 s.
 */
import type { Instance } from "./hub-types";
import { send, type FetchLike, type RequestSpec } from "./http";
import { authTokenFrom } from "./opencode-client";

/** What the page may ask of one TUI. */
export interface TuiClient {
  /** True when the process is a TUI whose server has both routes. Cached; never rejects. */
  supported(): Promise<boolean>;
  /** Switches the TUI's screen to the session. */
  selectSession(sessionId: string): Promise<void>;
  /** Shows a short message in the TUI. */
  showToast(message: string, variant?: "info" | "success" | "warning" | "error"): Promise<void>;
}

const ROUTES = ["/tui/select-session", "/tui/show-toast"];

/** Creates the client for one instance. */
export function makeTuiClient(
  info: Pick<Instance, "url" | "port" | "kind" | "eventsUrl">,
  fetchImpl: FetchLike = (i, o) => globalThis.fetch(i, o),
): TuiClient {
  const token = authTokenFrom(info.eventsUrl);
  const headers: Record<string, string> = token ? { authorization: `Basic ${token}` } : {};
  const spec = (method: RequestSpec["method"], path: string, what: string, body?: unknown): RequestSpec => ({
    method,
    url: `${info.url}${path}`,
    what,
    body,
    headers,
    target: `The TUI at :${info.port}`,
    timeoutMs: 10_000,
  });
  let support: Promise<boolean> | null = null;
  return {
    supported() {
      if (info.kind !== "tui") return Promise.resolve(false);
      support ??= (async () => {
        const answers = await Promise.all(
          ROUTES.map((route) =>
            fetchImpl(`${info.url}${route}`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: "{}" }),
          ),
        );
        return answers.every((res) => res.status === 400 && (res.headers.get("content-type") ?? "").includes("json"));
      })().catch((err: unknown) => {
        console.error(`TUI :${info.port}: could not read its routes`, err);
        return false;
      });
      return support;
    },
    async selectSession(sessionId) {
      await send(fetchImpl, spec("POST", "/tui/select-session", "to show the session", { sessionID: sessionId }));
    },
    async showToast(message, variant = "info") {
      await send(fetchImpl, spec("POST", "/tui/show-toast", "the message", { message, variant, title: "Switchboard" }));
    },
  };
}

/** Clients by instance, made on first use (one route check per process); owned by whoever makes it. */
export function makeTuiClients(): (info: Instance) => TuiClient {
  const clients = new Map<string, TuiClient>();
  return (info) => {
    let client = clients.get(info.id);
    if (!client) {
      client = makeTuiClient(info);
      clients.set(info.id, client);
    }
    return client;
  };
}

/** Tells the person at a TUI that the page answered one of its requests (best effort, logged on failure). */
export function toastAnswered(client: TuiClient, info: Instance, words: string): void {
  void client
    .supported()
    .then((ok) => (ok ? client.showToast(words, "info") : undefined))
    .catch((err: unknown) => console.error(`TUI :${info.port}: the toast failed`, err));
}
