import { cleanup, fireEvent, render, screen, waitFor, within } from "@solidjs/testing-library";
import { createStore, produce } from "solid-js/store";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeIdGenerator } from "../../store/ids";
import { createInitialState, instanceEntry, permission, session } from "../../store/test-fixtures";
import type { QuestionRequest, State } from "../../store/types";
import { AttentionBar } from "./attention-bar";
import { fakeActions } from "../session-view.fixture";
import { WorkspaceFixture } from "../workspace.fixture";

const NOW = Date.now();
const perId = (ms: number) => makeIdGenerator(() => ms)("msg").replace("msg_", "per_");

/** `servers` instances, each with a root session and `perServer - 1` children, one permission per session. */
function fleet(servers: number, perServer: number): State {
  const state = createInitialState();
  for (let s = 0; s < servers; s++) {
    const inst = `i${s}`;
    state.instances[inst] = { ...instanceEntry(inst, `/repo/p${s}`), info: { ...instanceEntry(inst, `/repo/p${s}`).info, port: 4100 + s } };
    for (let r = 0; r < perServer; r++) {
      const sid = `ses_${s}_${r}`;
      const info = session(sid, `/repo/p${s}`, { title: r === 0 ? `Root ${s}` : `Child ${s}.${r}`, ...(r > 0 ? { parentID: `ses_${s}_0` } : {}) });
      state.sessions[sid] = { info, seenBy: [inst], liveOwner: null };
      state.permissions[sid] = [permission(perId(NOW - 100_000 + s * 5_000 + r * 1_000), sid)];
    }
  }
  return state;
}

function setup(state: State) {
  const [store, setStore] = createStore(state);
  const actions = { replyPermission: vi.fn(async () => {}), replyQuestion: vi.fn(async () => {}), rejectQuestion: vi.fn(async () => {}) };
  const onOpen = vi.fn();
  render(() => (
    <WorkspaceFixture state={store} actions={fakeActions(actions)}>
      <AttentionBar isUnread={() => false} isViewing={() => false} onOpen={onOpen} />
    </WorkspaceFixture>
  ));
  return { store, setStore, actions, onOpen };
}

const needsYou = () => screen.getByRole("button", { name: /^Needs you/ });
const items = () => Array.from(document.querySelectorAll<HTMLElement>("[data-attention-id]"));

beforeEach(() => {
  // "waiting Ns" reads the clock: freeze Date (only) so the words do not depend on the test's speed.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  localStorage.clear();
  sessionStorage.clear();
  document.title = "Switchboard";
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("<AttentionBar>", () => {
  it.each([
    ["Needs you", () => needsYou()],
    ["Activity", () => screen.getByRole("button", { name: "Activity" })],
  ])("closes the %s panel on Escape with focus on its button, and on a press outside", (name, button) => {
    render(() => <button type="button">elsewhere</button>);
    setup(fleet(1, 1));
    fireEvent.click(button());
    button().focus();
    expect(screen.getByRole("region", { name })).toBeInTheDocument();
    fireEvent.keyDown(button(), { key: "Escape" });
    expect(screen.queryByRole("region", { name })).toBeNull();
    fireEvent.click(button());
    fireEvent.pointerDown(screen.getByRole("region", { name }));
    expect(screen.getByRole("region", { name })).toBeInTheDocument();
    fireEvent.pointerDown(screen.getByRole("button", { name: "elsewhere" }));
    expect(screen.queryByRole("region", { name })).toBeNull();
  });

  it("renders 50 pending requests across 10 servers, newest first, each with instance, project and parent chain", async () => {
    setup(fleet(10, 5));
    expect(needsYou()).toHaveTextContent("Needs you 50");
    expect(document.title).toBe("(50) Switchboard");
    fireEvent.click(needsYou());
    const region = screen.getByRole("region", { name: "Needs you" });
    // A screenful in the click's frame, the rest in the next one.
    expect(items()).toHaveLength(8);
    await waitFor(() => expect(items()).toHaveLength(50));
    const first = items()[0];
    expect(first?.dataset).toMatchObject({ attentionKind: "permission", sessionId: "ses_9_4" });
    expect(first).toHaveTextContent("p9 :4109");
    expect(first).toHaveTextContent(/Root 9\s*›\s*Child 9\.4/);
    expect(first).toHaveTextContent("waiting 51s");
    expect(items()[49]).toHaveTextContent(/waiting 1m/);
    expect(within(region).getAllByRole("button", { name: "Allow once" })).toHaveLength(50);
  });

  it("answers to the request's own session and drops the item when the store does", async () => {
    const { setStore, actions } = setup(fleet(2, 2));
    fireEvent.click(needsYou());
    const item = document.querySelector<HTMLElement>('[data-session-id="ses_1_1"][data-attention-kind="permission"]');
    if (!item) throw new Error("no item for ses_1_1");
    fireEvent.click(within(item).getByRole("button", { name: "Always allow" }));
    const requestId = item.dataset.attentionId;
    expect(actions.replyPermission).toHaveBeenCalledWith("ses_1_1", requestId, "always");
    // The server's permission.replied (or a TUI's answer) removes it from the store.
    setStore(produce((s) => void delete s.permissions.ses_1_1));
    expect(items()).toHaveLength(3);
    expect(needsYou()).toHaveTextContent("Needs you 3");
    expect(document.title).toBe("(3) Switchboard");
  });

  it("shows questions with their options and Dismiss, and a count of 0 leaves the title bare", () => {
    const state = createInitialState();
    state.instances.a = instanceEntry("a", "/repo/alpha");
    state.sessions.s = { info: session("s", "/repo/alpha", { title: "Ask" }), seenBy: ["a"], liveOwner: null };
    const q: QuestionRequest = {
      id: perId(NOW).replace("per_", "que_"),
      sessionID: "s",
      questions: [
        {
          question: "Which colour?",
          header: "Colour",
          options: [
            { label: "Red", description: "" },
            { label: "Blue", description: "" },
          ],
        },
      ],
    };
    state.questions.s = [q];
    const { setStore, actions } = setup(state);
    fireEvent.click(needsYou());
    const item = items()[0];
    expect(item?.dataset.attentionKind).toBe("question");
    expect(item).toHaveTextContent("Which colour?");
    fireEvent.click(within(item as HTMLElement).getByRole("button", { name: "Dismiss" }));
    expect(actions.rejectQuestion).toHaveBeenCalledWith("s", q.id);
    setStore(produce((s) => void delete s.questions.s));
    expect(document.title).toBe("Switchboard");
    expect(screen.getByText("Nothing is waiting for you.")).toBeInTheDocument();
  });
});
