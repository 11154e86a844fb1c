import { afterEach, describe, expect, it } from "vitest";
import { createSignal, Show } from "solid-js";
import { cleanup, fireEvent, render, screen } from "@solidjs/testing-library";
import { createInitialState } from "../../../store/initial-state";
import { userMessage } from "../../../store/test-fixtures";
import { MessageActions } from "../../session-actions/message-actions";
import { SessionActionsHost } from "../../session-actions/session-actions-host";
import { WorkspaceFixture } from "../../workspace.fixture";
import { makeSession } from "../../common/fixtures";

afterEach(cleanup);

describe("Revert to here", () => {
  it("keeps its dialog open when the message's row leaves the DOM (virtualized timeline, resize)", async () => {
    const state = createInitialState();
    state.sessions.s1 = makeSession("s1");
    const prompt = userMessage("msg_1", "s1");
    state.messages.s1 = [prompt];
    const [rowShown, setRowShown] = createSignal(true);
    render(() => (
      <WorkspaceFixture state={state}>
        <SessionActionsHost openSession={() => {}}>
          <Show when={rowShown()}>
            <MessageActions message={prompt} parts={[]} />
          </Show>
        </SessionActionsHost>
      </WorkspaceFixture>
    ));
    fireEvent.click(screen.getByRole("button", { name: "Revert to here" }));
    await screen.findByRole("dialog", { name: "Revert to here" });
    setRowShown(false);
    expect(screen.queryByRole("button", { name: "Revert to here" })).toBeNull();
    expect(screen.getByRole("dialog", { name: "Revert to here" })).toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog", { name: "Revert to here" })).toBeNull();
  });
});
