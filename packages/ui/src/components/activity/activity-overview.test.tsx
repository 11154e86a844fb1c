import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen, waitFor, within } from "@solidjs/testing-library";
import { untrack } from "solid-js";
import { createStore, produce } from "solid-js/store";
import { ActivityOverview } from "./activity-overview";
import { FX, fakeActions, fixtureState } from "../session-view.fixture";
import { WorkspaceFixture } from "../workspace.fixture";

afterEach(cleanup);

describe("ActivityOverview", () => {
  it("loads the messages of a busy session this page never loaded, once, so its elapsed time and step show", async () => {
    const [state, setState] = createStore(fixtureState());
    const loaded = untrack(() => state.messages[FX.sessionId]) ?? [];
    // The page met this session busy and never opened it: no messages, nothing pending.
    setState(
      produce((s) => {
        delete s.messages[FX.sessionId];
        s.permissions = {};
        s.questions = {};
      }),
    );
    const loadMessages = vi.fn(async () => {
      setState("messages", FX.sessionId, [...loaded]);
    });
    render(() => (
      <WorkspaceFixture state={state} actions={fakeActions({ openSession: loadMessages })}>
        <ActivityOverview isUnread={() => false} onOpen={() => {}} onClose={() => {}} />
      </WorkspaceFixture>
    ));
    const row = await screen.findByRole("row", { name: /Fix the failing add\(\) test: working/ });
    await waitFor(() => expect(within(row).queryByText("—")).toBeNull());
    expect(loadMessages).toHaveBeenCalledTimes(1);
    expect(loadMessages).toHaveBeenCalledWith(FX.sessionId);
    // Its turn began at the second user message (fixture time), so elapsed is a number of minutes or more.
    expect(row.textContent).toMatch(/\d+(s|m|h|d)/);
    // Data streaming in afterwards asks nothing more.
    setState("parts", FX.asst2, (parts) => [...(parts ?? [])]);
    expect(loadMessages).toHaveBeenCalledTimes(1);
  });

  it("asks nothing for sessions whose messages are loaded", () => {
    const [state] = createStore(fixtureState());
    const loadMessages = vi.fn(async () => {});
    render(() => (
      <WorkspaceFixture state={state} actions={fakeActions({ openSession: loadMessages })}>
        <ActivityOverview isUnread={() => false} onOpen={() => {}} onClose={() => {}} />
      </WorkspaceFixture>
    ));
    expect(screen.getByRole("region", { name: "Activity" })).toBeInTheDocument();
    expect(loadMessages).not.toHaveBeenCalled();
  });
});
