import { createMemoryHistory, MemoryRouter, Route } from "@solidjs/router";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@solidjs/testing-library";
import { createStore } from "solid-js/store";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeInstance, makeSession, makeState } from "../components/common/fixtures";
import { fakeSearchClient, makeHit } from "../components/search/fixtures";
import { NOT_RUNNING_WORDS } from "../components/search/indexed-session-view";
import { unavailableSessionActions } from "../stream/session-actions";
import { textPart, userMessage } from "../store/test-fixtures";
import type { State, WorkspaceActions } from "../store/types";
import { WorkspacePage } from "./workspace-page";
import { WorkspaceFixture } from "../components/workspace.fixture";

/** Session s1 has 30 messages m00…m29; the page holds the newest 10 until older pages load. */
function fleet(): State {
  const state = makeState({
    instances: [makeInstance("api", { directory: "/home/dev/api" })],
    sessions: [makeSession("s1", { title: "Long one", seenBy: ["api"] }), makeSession("s2", { title: "Other", seenBy: ["api"] })],
  });
  return state;
}
const ids = Array.from({ length: 30 }, (_, i) => `m${String(i).padStart(2, "0")}`);
const say = (id: string) => (id === "m03" ? "the zebra crossing" : id === "m25" ? "another zebra" : `message ${id}`);

function setup() {
  const [store, setStore] = createStore(fleet());
  let loaded = 10;
  const fill = () => {
    const shown = ids.slice(ids.length - loaded);
    setStore(
      "messages",
      "s1",
      shown.map((id, i) => ({ ...userMessage(id, "s1"), time: { created: 1_000 + ids.indexOf(id) + i * 0 } })),
    );
    for (const id of shown) setStore("parts", id, [textPart(`p-${id}`, id, "s1", say(id))]);
    setStore("historyCursor", "s1", loaded >= ids.length ? null : `before-${loaded}`);
  };
  const actions: WorkspaceActions = {
    sendPrompt: vi.fn(async () => {}),
    abort: vi.fn(async () => {}),
    replyPermission: vi.fn(async () => {}),
    replyQuestion: vi.fn(async () => {}),
    rejectQuestion: vi.fn(async () => {}),
    createSession: vi.fn(async () => makeSession("s-new").info),
    startSession: vi.fn(async () => "s-new"),
    showSessions: vi.fn(),
    openSession: vi.fn(async (id: string) => {
      if (id === "s1") fill();
    }),
    loadOlder: vi.fn(async () => {
      loaded += 10;
      fill();
      return loaded < ids.length;
    }),
    submitCredentials: vi.fn(async () => {}),
    session: () => unavailableSessionActions("not in this test"),
  };
  const hits = [
    makeHit({ sessionId: "s1", messageId: "m03", title: "Long one", snippet: "the zebra crossing", matches: [[4, 9]] }),
    makeHit({ sessionId: "s-gone", messageId: "g1", instanceId: null, title: "Gone", snippet: "zebra notes", matches: [[0, 5]] }),
  ];
  const fake = fakeSearchClient(() => ({ results: hits, next: null }), {
    "s-gone": {
      sessionId: "s-gone",
      instanceId: null,
      machine: null,
      directory: "/home/dev/old",
      title: "Gone",
      updated: 1,
      messages: [
        { messageId: "g0", role: "user", text: "first words", time: 1 },
        { messageId: "g1", role: "assistant", text: "zebra notes <b>bold?</b>", time: 2 },
      ],
    },
    s1: {
      sessionId: "s1",
      instanceId: "api",
      machine: null,
      directory: "/home/dev/api",
      title: "Long one",
      updated: 1,
      messages: ids.map((id, i) => ({ messageId: id, role: "user" as const, text: say(id), time: 1_000 + i })),
    },
  });
  const history = createMemoryHistory();
  history.set({ value: "/" });
  render(() => (
    <WorkspaceFixture state={store} actions={actions} storage={localStorage}>
      <MemoryRouter history={history} root={() => <WorkspacePage virtualTimeline={false} searchClient={fake.client} />}>
        <Route path="/" />
      </MemoryRouter>
    </WorkspaceFixture>
  ));
  return { actions, fake };
}

async function searchFor(words: string) {
  fireEvent.click(screen.getByRole("button", { name: "Search" }));
  const box = screen.getByRole("searchbox", { name: "Search messages" });
  fireEvent.input(box, { target: { value: words } });
  await waitFor(() => expect(document.querySelectorAll("#search-results [data-message-id]")).toHaveLength(2));
  return box;
}

beforeEach(() => {
  localStorage.clear();
  vi.stubGlobal("requestAnimationFrame", (fn: FrameRequestCallback) => setTimeout(() => fn(0), 0));
  Element.prototype.scrollIntoView = vi.fn();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("search in the workspace", () => {
  it("opens a hit's session, pages back to the message and marks it data-search-hit", async () => {
    const { actions } = setup();
    const box = await searchFor("zebra");
    fireEvent.keyDown(box, { key: "Enter" });
    expect(screen.queryByRole("dialog", { name: "Search" })).toBeNull();
    await waitFor(() => expect(document.querySelector('.sv-session [data-message-id="m03"]')).toHaveAttribute("data-search-hit"));
    expect(actions.loadOlder).toHaveBeenCalledTimes(2);
    expect(within(screen.getByRole("tablist", { name: "Sessions" })).getByRole("tab", { selected: true })).toHaveAttribute("data-session-id", "s1");
    expect(document.querySelector(".sv-session")).toHaveAttribute("data-session-id", "s1");
    expect(document.querySelectorAll("[data-search-hit]")).toHaveLength(1);
  });

  it("opens Search with Ctrl+Shift+F", () => {
    setup();
    fireEvent.keyDown(document.body, { key: "F", code: "KeyF", ctrlKey: true, shiftKey: true });
    expect(screen.getByRole("dialog", { name: "Search" })).toContainElement(screen.getByRole("searchbox", { name: "Search messages" }));
  });

  it("opens a session whose server is not running read-only from the index, saying so", async () => {
    setup();
    await searchFor("zebra");
    fireEvent.click(document.querySelector('#search-results [data-message-id="g1"]')!);
    expect(await screen.findByText(NOT_RUNNING_WORDS)).toBeInTheDocument();
    const hit = await waitFor(() => {
      const el = document.querySelector('.sv-indexed [data-message-id="g1"]');
      expect(el).toHaveAttribute("data-search-hit");
      return el!;
    });
    expect(hit.textContent).toContain("zebra notes <b>bold?</b>");
    expect(hit.querySelector("b")).toBeNull();
  });

  it("Find in session (Ctrl+F) walks matches, paging to one not loaded yet (data-find-current)", async () => {
    const { actions } = setup();
    fireEvent.click(document.querySelector('.session-row[data-session-id="s1"]')!);
    await waitFor(() => expect(document.querySelector('[data-message-id="m29"]')).not.toBeNull());
    fireEvent.keyDown(document.body, { key: "f", code: "KeyF", ctrlKey: true });
    const find = await screen.findByRole("searchbox", { name: "Find in session" });
    fireEvent.input(find, { target: { value: "zebra" } });
    await screen.findByText("2 matches");
    fireEvent.keyDown(find, { key: "Enter" });
    await waitFor(() => expect(document.querySelector('[data-message-id="m25"]')).toHaveAttribute("data-find-current"));
    expect(screen.getByText("2 of 2")).toBeInTheDocument();
    fireEvent.keyDown(find, { key: "Enter" });
    await waitFor(() => expect(document.querySelector('[data-message-id="m03"]')).toHaveAttribute("data-find-current"));
    expect(document.querySelector('[data-message-id="m25"]')).not.toHaveAttribute("data-find-current");
    expect(actions.loadOlder).toHaveBeenCalledTimes(2);
    fireEvent.keyDown(find, { key: "Enter", shiftKey: true });
    await waitFor(() => expect(document.querySelector('[data-message-id="m25"]')).toHaveAttribute("data-find-current"));
    fireEvent.keyDown(find, { key: "Escape" });
    expect(screen.queryByRole("searchbox", { name: "Find in session" })).toBeNull();
    expect(document.querySelector("[data-find-current]")).toBeNull();
  });
});
