import { cleanup, render, screen } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { Pickers } from "./pickers";

afterEach(cleanup);

const noop = () => {};

describe("<Pickers>", () => {
  it("says the lists are loading, then that a server offers none, instead of a bare agent…/model…", () => {
    const { unmount } = render(() => (
      <Pickers
        agents={undefined}
        agent={undefined}
        agentsError={null}
        models={undefined}
        model={undefined}
        modelsError={null}
        onAgent={noop}
        onModel={noop}
      />
    ));
    expect(screen.getByRole("combobox", { name: "Agent" })).toHaveDisplayValue("Loading agents…");
    expect(screen.getByRole("combobox", { name: "Model" })).toHaveDisplayValue("Loading models…");
    unmount();
    render(() => (
      <Pickers
        agents={[]}
        agent={undefined}
        agentsError={null}
        models={{ models: [], default: null }}
        model={undefined}
        modelsError={null}
        onAgent={noop}
        onModel={noop}
      />
    ));
    expect(screen.getByRole("combobox", { name: "Agent" })).toHaveDisplayValue("No agents");
    expect(screen.getByRole("combobox", { name: "Model" })).toHaveDisplayValue("No models");
  });
});
