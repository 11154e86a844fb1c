import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen, within } from "@solidjs/testing-library";
import { createStore } from "solid-js/store";
import { SessionView } from "./session-view";
import { FX, fixtureState, fakeActions } from "./session-view.fixture";
import { WorkspaceFixture } from "./workspace.fixture";
import type { State, WorkspaceActions } from "../store/types";

afterEach(cleanup);

/** The session view of FX's session inside a workspace over `state`. */
function renderView(state: State, actions: WorkspaceActions = fakeActions()): void {
  render(() => (
    <WorkspaceFixture state={state} actions={actions}>
      <SessionView sessionId={FX.sessionId} virtual={false} />
    </WorkspaceFixture>
  ));
}

describe("<SessionView>", () => {
  it("shows header, timeline, prompts at the end of the timeline, todos and composer", () => {
    const [state] = createStore(fixtureState());
    const replyPermission = vi.fn(async () => {});
    renderView(state, fakeActions({ replyPermission }));
    expect(screen.getByRole("heading", { name: "Fix the failing add() test" })).toBeInTheDocument();
    expect(screen.getByText(FX.directory)).toBeInTheDocument();
    expect(screen.getByText("on alpha :4096")).toBeInTheDocument();
    expect(screen.getByText("working…")).toBeInTheDocument();

    const rows = [...document.querySelectorAll(".sv-row")];
    const last = rows[rows.length - 1]!;
    expect(last.querySelector(`[data-permission-id="${FX.permissionId}"]`)).not.toBeNull();
    expect(last.querySelector(`[data-question-id="${FX.questionId}"]`)).not.toBeNull();
    within(last as HTMLElement)
      .getByRole("button", { name: "Always allow" })
      .click();
    expect(replyPermission).toHaveBeenCalledWith(FX.sessionId, FX.permissionId, "always");

    const todos = screen.getByRole("complementary", { name: "Todos" });
    expect(todos).toHaveTextContent("2/4");
    expect(todos.querySelector('[data-todo-status="in_progress"]')).toHaveTextContent("Fix add()");

    expect(screen.getByRole("textbox", { name: "Message" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Stop" })).toBeInTheDocument();
  });

  it("drops the prompt row once nothing is pending", () => {
    const [state, setState] = createStore(fixtureState());
    renderView(state);
    setState("permissions", FX.sessionId, []);
    setState("questions", FX.sessionId, []);
    expect(document.querySelector("[data-permission-id], [data-question-id]")).toBeNull();
  });

  it("says in the header when the owning server is not connected", () => {
    const [state, setState] = createStore(fixtureState());
    renderView(state);
    setState("instances", FX.instanceId, "connection", "state", "reconnecting");
    expect(screen.getByText("on alpha :4096 — reconnecting")).toBeInTheDocument();
    setState("instances", FX.instanceId, "connection", "state", "connected");
    expect(screen.getByText("on alpha :4096")).toBeInTheDocument();
  });

  it("does not claim a status it cannot know once no running server owns the session", () => {
    const [state, setState] = createStore(fixtureState());
    renderView(state);
    expect(screen.getByText("working…")).toBeInTheDocument();
    setState("instances", FX.instanceId, "gone", true);
    setState("instances", FX.instanceId, "connection", "state", "offline");
    expect(screen.getByText("no running instance")).toBeInTheDocument();
    expect(screen.getByText("status unknown")).toBeInTheDocument();
    expect(screen.queryByText("working…")).toBeNull();
  });
});
