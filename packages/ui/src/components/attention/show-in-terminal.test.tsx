import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@solidjs/testing-library";
import { createStore } from "solid-js/store";
import { ShowInTerminal } from "./show-in-terminal";
import { FX, fixtureState } from "../session-view.fixture";
import { WorkspaceFixture } from "../workspace.fixture";

afterEach(cleanup);

describe("<ShowInTerminal>", () => {
  it("for an OpenCode 2 owner with a terminal attached, says why there is no button (2.1.2 has no TUI routes)", () => {
    const [state, setState] = createStore(fixtureState());
    render(() => (
      <WorkspaceFixture state={state}>
        <ShowInTerminal sessionId={FX.sessionId} />
      </WorkspaceFixture>
    ));
    // A 1.x serve runs no terminal: nothing to say.
    expect(screen.queryByText(/no route to switch its terminal/)).toBeNull();
    setState("instances", FX.instanceId, "info", { protocol: "v2", kind: "service", attachedTuis: [{ pid: 77, directory: FX.directory }] });
    expect(screen.getByText(/OpenCode 2 \(2\.1\.2\) has no route to switch its terminal to a session/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Show in terminal" })).toBeNull();
    setState("instances", FX.instanceId, "info", "attachedTuis", []);
    expect(screen.queryByText(/no route to switch its terminal/)).toBeNull();
  });
});
