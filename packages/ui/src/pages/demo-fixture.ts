/**
 * DEV ONLY (`?demo`): a fixture fleet for looking at the UI without a hub. Loaded only behind
 * `import.meta.env.DEV` in index.tsx, so production bundles never contain it.
 */
import { createStore, produce } from "solid-js/store";
import type { Session, State, WorkspaceActions } from "../store/types";
import { makeInstance, makeSession, makeState } from "../components/common/fixtures";
import { unavailableSessionActions } from "../stream/session-actions";

/** A live-looking fixture state plus actions that act on it. */
export function createDemo(): { state: State; actions: WorkspaceActions } {
  const now = Date.now();
  const min = 60_000;
  const base = makeState({
    instances: [
      makeInstance("api", { directory: "/home/dev/code/api", port: 4096, pid: 4101, firstSeenAt: "2025-01-01T00:00:01Z" }),
      makeInstance("web", {
        directory: "/home/dev/code/web",
        port: 5123,
        pid: 4102,
        kind: "tui",
        firstSeenAt: "2025-01-01T00:00:02Z",
        connection: { state: "reconnecting", attempt: 2, nextRetryAt: now + 4_000 },
      }),
      makeInstance("secure", {
        directory: null,
        port: 6421,
        pid: 4103,
        status: "auth-required",
        eventsUrl: null,
        firstSeenAt: "2025-01-01T00:00:03Z",
        connection: { state: "auth-required" },
      }),
      makeInstance("docs", {
        directory: "/srv/docs-site",
        port: 7001,
        pid: 4104,
        version: "1.0.61",
        protocol: "legacy",
        firstSeenAt: "2025-01-01T00:00:04Z",
        connection: { state: "stalled" },
      }),
    ],
    sessions: [
      makeSession("ses_a1", { title: "Fix flaky auth middleware test", directory: "/home/dev/code/api", updated: now - 2 * min, seenBy: ["api"] }),
      makeSession("ses_a2", {
        title: "Explore: where is rate limiting configured?",
        directory: "/home/dev/code/api",
        parentID: "ses_a1",
        updated: now - 3 * min,
        created: now - 4 * min,
        seenBy: ["api"],
      }),
      makeSession("ses_a3", { title: "Add pagination to /orders", directory: "/home/dev/code/api", updated: now - 3 * 3_600_000, seenBy: ["api"] }),
      makeSession("ses_a4", {
        title: "Migrate config loader to zod",
        directory: "/home/dev/code/api",
        updated: now - 26 * 3_600_000,
        seenBy: ["api"],
      }),
      makeSession("ses_w1", { title: "Dark mode for settings page", directory: "/home/dev/code/web", updated: now - 40_000, seenBy: ["web"] }),
      makeSession("ses_w2", {
        title: "Bundle size regression after vite upgrade",
        directory: "/home/dev/code/web",
        updated: now - 50 * min,
        seenBy: ["web"],
      }),
      makeSession("ses_d1", { title: "Rewrite getting-started guide", directory: "/srv/docs-site", updated: now - 5 * 86_400_000, seenBy: ["docs"] }),
    ],
  });
  base.status = { ses_a1: { type: "busy" }, ses_w2: { type: "retry", attempt: 2, message: "Rate limited", next: now + 5_000 } };
  base.permissions = {
    ses_a1: [{ id: "per_1", sessionID: "ses_a1", permission: "bash", patterns: ["pnpm test"], metadata: {}, always: [] }],
  };
  base.questions = {
    ses_w1: [{ id: "que_1", sessionID: "ses_w1", questions: [] }],
  };
  base.unreachable = [
    {
      pid: 5150,
      command: "opencode",
      directory: "/home/dev/code/cli",
      reason: "no-listening-port",
      hint: "This OpenCode TUI has no server port. Restart it with `opencode --port 0` to see it here.",
    },
  ];
  const [state, setState] = createStore<State>(base);

  // A moving countdown and an arriving child session make the live behaviour visible.
  setInterval(() => {
    setState("instances", "web", "connection", (c) =>
      c.nextRetryAt !== null && c.nextRetryAt < Date.now() ? { ...c, attempt: c.attempt + 1, nextRetryAt: Date.now() + 8_000 } : c,
    );
  }, 1_000);
  setTimeout(() => {
    const child = makeSession("ses_a5", {
      title: "Subtask: run the test suite",
      directory: "/home/dev/code/api",
      parentID: "ses_a1",
      seenBy: ["api"],
    });
    setState("sessions", "ses_a5", child);
    setState("sessions", "ses_w2", "info", "time", "updated", Date.now());
  }, 3_000);

  let counter = 0;
  const wait = () => new Promise<void>((resolve) => setTimeout(resolve, 300));
  const actions: WorkspaceActions = {
    sendPrompt: wait,
    abort: wait,
    replyPermission: wait,
    replyQuestion: wait,
    rejectQuestion: wait,
    openSession: wait,
    loadOlder: async () => false,
    session: () => unavailableSessionActions("The demo has no server to send this to."),
    createSession: async (instanceId) => {
      await wait();
      const directory = state.instances[instanceId]?.info.directory ?? "/tmp";
      const entry = makeSession(`ses_new${++counter}`, { title: "", directory, seenBy: [instanceId] });
      setState("sessions", entry.info.id, entry);
      return entry.info satisfies Session;
    },
    showSessions: () => {},
    startSession: async (instanceId) => (await actions.createSession(instanceId)).id,
    submitCredentials: async (instanceId, password) => {
      await wait();
      if (password !== "demo") throw new Error("The server rejected this password (try “demo”).");
      setState(
        produce((draft) => {
          const entry = draft.instances[instanceId];
          if (!entry) return;
          entry.info.status = "ready";
          entry.info.directory = "/home/dev/code/secure-api";
          entry.connection = { state: "connected", attempt: 0, nextRetryAt: null, error: null };
        }),
      );
    },
  };
  return { state, actions };
}
