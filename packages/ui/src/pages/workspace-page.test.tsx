import { createMemoryHistory, MemoryRouter, Route } from "@solidjs/router";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@solidjs/testing-library";
import { createStore } from "solid-js/store";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeInstance, makeSession, makeState } from "../components/common/fixtures";
import { fakeActions } from "../components/session-view.fixture";
import { TABS_STORAGE_KEY } from "../components/sessions/tabs-model";
import type { State, WorkspaceActions } from "../store/types";
import { WorkspacePage } from "./workspace-page";
import { WorkspaceFixture } from "../components/workspace.fixture";

const NOW = Date.now();

function fleet(): State {
  return makeState({
    instances: [makeInstance("api", { directory: "/home/dev/api" }), makeInstance("web", { directory: "/home/dev/web", port: 5000 })],
    sessions: [
      makeSession("s1", { title: "First", directory: "/home/dev/api", updated: NOW - 1_000, seenBy: ["api"] }),
      makeSession("s2", { title: "Second", directory: "/home/dev/api", updated: NOW - 2_000, seenBy: ["api"] }),
      makeSession("s3", { title: "Third", directory: "/home/dev/web", updated: NOW - 3_000, seenBy: ["web"] }),
    ],
  });
}

const actions: WorkspaceActions = fakeActions({
  createSession: vi.fn(async () => makeSession("s-new").info),
  startSession: vi.fn(async () => "s-new"),
});

function setup(location = "/", state: State = fleet()) {
  const [store, setStore] = createStore(state);
  const history = createMemoryHistory();
  history.set({ value: location });
  const result = render(() => (
    <WorkspaceFixture state={store} actions={actions} storage={localStorage}>
      <MemoryRouter history={history} root={() => <WorkspacePage virtualTimeline={false} />}>
        <Route path="/" />
        <Route path="/instance/:id" />
      </MemoryRouter>
    </WorkspaceFixture>
  ));
  return { ...result, store, setStore, history };
}

const sessionTabs = () => within(screen.getByRole("tablist", { name: "Sessions" })).getAllByRole("tab");
const tabIds = () => sessionTabs().map((tab) => tab.getAttribute("data-session-id"));
const activeTab = () =>
  sessionTabs()
    .find((tab) => tab.getAttribute("aria-selected") === "true")
    ?.getAttribute("data-session-id");
const openFromList = (id: string) => fireEvent.click(document.querySelector(`.session-row[data-session-id="${id}"]`)!);

beforeEach(() => localStorage.clear());
afterEach(cleanup);

describe("WorkspacePage session tabs", () => {
  it("shows on a session's tab when its server is not connected (hollow dot, state in title and name)", () => {
    const { setStore } = setup();
    openFromList("s1");
    const tab = () => sessionTabs()[0]!;
    expect(tab().querySelector(".dot-unlinked")).toBeNull();
    setStore("instances", "api", "connection", "state", "reconnecting");
    expect(tab().querySelector(".dot-unlinked")).not.toBeNull();
    expect(tab().title).toContain("api — reconnecting");
    expect(tab()).toHaveAccessibleName(/First, server reconnecting/);
    setStore("instances", "api", "gone", true);
    expect(tab()).toHaveAccessibleName(/First, no running server/);
    setStore("instances", "api", { gone: false, connection: { state: "connected", attempt: 0, nextRetryAt: null, error: null } });
    expect(tab().querySelector(".dot-unlinked")).toBeNull();
    expect(tab()).not.toHaveAccessibleName(/server/);
  });

  it("opens tabs from the list, switches with arrow keys and closes by key, button and middle-click", async () => {
    const { history } = setup();
    expect(screen.queryByRole("tablist", { name: "Sessions" })).toBeNull();
    openFromList("s1");
    openFromList("s2");
    openFromList("s3");
    expect(tabIds()).toEqual(["s1", "s2", "s3"]);
    expect(activeTab()).toBe("s3");
    expect(screen.getByRole("tabpanel")).toHaveTextContent("Third");
    await waitFor(() => expect(history.get()).toBe("/?session=s3"));

    const tabs = sessionTabs();
    tabs[2]!.focus();
    fireEvent.keyDown(tabs[2]!, { key: "ArrowLeft" });
    expect(activeTab()).toBe("s2");
    expect(document.activeElement).toBe(tabs[1]);
    fireEvent.keyDown(tabs[1]!, { key: "ArrowRight" });
    fireEvent.keyDown(tabs[2]!, { key: "ArrowRight" });
    expect(activeTab()).toBe("s1");
    expect(tabs[0]).toHaveAttribute("tabindex", "0");
    expect(tabs[1]).toHaveAttribute("tabindex", "-1");

    fireEvent.keyDown(document.body, { key: "w", code: "KeyW", ctrlKey: true, altKey: true });
    expect(tabIds()).toEqual(["s2", "s3"]);
    expect(activeTab()).toBe("s2");

    fireEvent(sessionTabs()[1]!, new MouseEvent("auxclick", { bubbles: true, button: 1 }));
    expect(tabIds()).toEqual(["s2"]);

    fireEvent.click(screen.getByRole("button", { name: "Close Second" }));
    expect(screen.queryByRole("tablist", { name: "Sessions" })).toBeNull();
    expect(screen.getByRole("region", { name: "Projects" })).toHaveTextContent("No session open");
  });

  it("persists open tabs and the active one, and restores them after a reload", () => {
    setup();
    openFromList("s1");
    openFromList("s3");
    openFromList("s2");
    fireEvent.click(sessionTabs()[1]!);
    expect(JSON.parse(localStorage.getItem(TABS_STORAGE_KEY) ?? "null")).toEqual({ open: ["s1", "s3", "s2"], active: "s3" });
    cleanup();
    setup();
    expect(tabIds()).toEqual(["s1", "s3", "s2"]);
    expect(activeTab()).toBe("s3");
  });

  it("opens the session named in the URL (deep link)", async () => {
    const { history } = setup("/instance/web?session=s3");
    expect(tabIds()).toEqual(["s3"]);
    expect(activeTab()).toBe("s3");
    expect(screen.getByRole("tab", { name: /^web, connected/ })).toHaveAttribute("aria-selected", "true");
    fireEvent.click(screen.getByRole("tab", { name: /^All/ }));
    await waitFor(() => expect(history.get()).toBe("/?session=s3"));
  });

  it("opens a new child session's tab beside its parent without stealing focus or the active tab", () => {
    const { setStore } = setup();
    openFromList("s1");
    openFromList("s2");
    fireEvent.click(sessionTabs()[0]!);
    const filter = screen.getByRole("searchbox", { name: "Filter sessions" });
    filter.focus();
    expect(document.activeElement).toBe(filter);

    setStore("sessions", "s1-child", makeSession("s1-child", { title: "Subtask", directory: "/home/dev/api", parentID: "s1", seenBy: ["api"] }));

    expect(tabIds()).toEqual(["s1", "s1-child", "s2"]);
    expect(activeTab()).toBe("s1");
    expect(document.activeElement).toBe(filter);

    // A child of a session with no open tab stays in the list only.
    setStore("sessions", "s3-child", makeSession("s3-child", { directory: "/home/dev/web", parentID: "s3", seenBy: ["web"] }));
    expect(tabIds()).toEqual(["s1", "s1-child", "s2"]);
  });

  it("marks a background tab unread when it changes and read once viewed", () => {
    const { setStore } = setup();
    openFromList("s1");
    openFromList("s2");
    expect(activeTab()).toBe("s2");
    const row = () => document.querySelector('.session-row[data-session-id="s1"]')!;
    expect(row()).not.toHaveAttribute("data-unread");

    setStore("sessions", "s1", "info", "time", "updated", NOW + 5_000);
    expect(row()).toHaveAttribute("data-unread", "true");
    expect(within(sessionTabs()[0]!).getByRole("img", { name: "unread" })).toBeInTheDocument();

    // The active session's own changes never count as unread.
    setStore("sessions", "s2", "info", "time", "updated", NOW + 6_000);
    expect(document.querySelector('.session-row[data-session-id="s2"]')).not.toHaveAttribute("data-unread");

    fireEvent.click(sessionTabs()[0]!);
    expect(row()).not.toHaveAttribute("data-unread");
    expect(within(sessionTabs()[0]!).queryByRole("img", { name: "unread" })).toBeNull();
  });

  it("shows the empty state, the hub error and the scan error in words", () => {
    const state = makeState({ instances: [] });
    state.scan = { at: "x", durationMs: 1, method: "none", error: "Cannot read /proc: permission denied." };
    state.unreachable = [
      { pid: 77, command: "opencode", directory: "/home/dev/cli", reason: "no-listening-port", hint: "Restart it with `opencode --port 0`." },
    ];
    const { setStore } = setup("/", state);
    expect(screen.getByText(/No OpenCode servers are running\. Start one with/)).toHaveTextContent(
      "No OpenCode servers are running. Start one with opencode serve or opencode --port 0 — they appear here within a second.",
    );
    expect(screen.getByText("Cannot read /proc: permission denied.")).toBeInTheDocument();
    const notice = screen.getByRole("group", { name: "Unreachable" });
    expect(notice).toHaveTextContent("pid 77 · opencode · /home/dev/cli");
    expect(notice).toHaveTextContent("Restart it with opencode --port 0.");
    setStore("hub", { state: "error", error: "The hub at /api/instances/stream stopped answering." });
    expect(screen.getByRole("alert")).toHaveTextContent("The hub at /api/instances/stream stopped answering.");
  });
});

describe("WorkspacePage main pane", () => {
  it("selecting an instance tab shows its overview, never another server's session; opening one of its sessions shows it", async () => {
    setup();
    openFromList("s1");
    expect(screen.getByRole("tabpanel")).toHaveTextContent("First");
    fireEvent.click(screen.getByRole("tab", { name: /^web, connected/ }));
    const overview = await screen.findByRole("region", { name: "Instance overview" });
    expect(overview).toHaveAttribute("data-instance-id", "web");
    expect(overview).toHaveTextContent("/home/dev/web");
    expect(overview).toHaveTextContent("5000");
    expect(overview.querySelector("[data-session-count]")).toHaveTextContent("1");
    expect(screen.queryByText("First", { selector: ".sv-title" })).toBeNull();
    expect(activeTab()).toBeUndefined();
    openFromList("s3");
    expect(screen.queryByRole("region", { name: "Instance overview" })).toBeNull();
    expect(screen.getByRole("tabpanel")).toHaveTextContent("Third");
    // Clicking the tab again asks for the overview again.
    fireEvent.click(screen.getByRole("tab", { name: /^web, connected/ }));
    expect(await screen.findByRole("region", { name: "Instance overview" })).toBeInTheDocument();
  });

  it("+ opens an empty composer bound to the instance; nothing is created until it is sent, then the real session's tab opens", async () => {
    const startSession = vi.mocked(actions.startSession);
    startSession.mockClear();
    const { setStore } = setup();
    fireEvent.click(document.querySelector('[data-new-session-for="web"]')!);
    const pane = screen.getByRole("region", { name: "New session" });
    expect(pane).toHaveTextContent("/home/dev/web");
    expect(startSession).not.toHaveBeenCalled();
    // Changing one's mind: opening another session leaves nothing behind.
    openFromList("s1");
    expect(screen.queryByRole("region", { name: "New session" })).toBeNull();
    expect(startSession).not.toHaveBeenCalled();

    fireEvent.click(document.querySelector('[data-new-session-for="web"]')!);
    setStore("sessions", "s-new", makeSession("s-new", { title: "", directory: "/home/dev/web", seenBy: ["web"] }));
    fireEvent.input(screen.getByRole("textbox", { name: "Message" }), { target: { value: "hello there" } });
    fireEvent.click(screen.getByRole("button", { name: "Send" }));
    await waitFor(() => expect(startSession).toHaveBeenCalledWith("web", "hello there"));
    await waitFor(() => expect(activeTab()).toBe("s-new"));
    expect(screen.queryByRole("region", { name: "New session" })).toBeNull();
  });
});

describe("WorkspacePage restored tabs", () => {
  it("a restored tab whose server is gone keeps its title and folder, and says which OpenCode to start, with the command", async () => {
    setup();
    openFromList("s3");
    expect(activeTab()).toBe("s3");
    cleanup();
    // Reload with web's process gone and its sessions no longer listed.
    const state = fleet();
    delete state.instances.web;
    delete state.sessions.s3;
    for (const entry of Object.values(state.instances)) entry.listed = true;
    state.hub.state = "connected";
    setup("/", state);
    expect(sessionTabs()[0]).toHaveAccessibleName(/Third/);
    const status = await screen.findByText((_, el) => el?.getAttribute("data-start-command") === "");
    expect(status).toHaveTextContent("cd /home/dev/web && opencode --port 0");
    expect(document.querySelector("[data-session-missing]")).toHaveTextContent("Third was in /home/dev/web (on web)");
  });
});
