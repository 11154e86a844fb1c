import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@solidjs/testing-library";
import userEvent from "@testing-library/user-event";
import { createStore } from "solid-js/store";
import { Composer } from "./composer";
import { FX, fixtureState } from "../session-view.fixture";
import { WorkspaceFixture } from "../workspace.fixture";
import { createDraftStore } from "../../store/drafts";
import type { ComposerApi } from "../../api/composer-api";
import type { SessionActions } from "../../stream/session-actions";
import { unavailableSessionActions } from "../../stream/session-actions";
import { MAX_ATTACHMENT_BYTES } from "./attachments";
import { createSessionShown } from "../common/after-session-shown";

afterEach(cleanup);
// The lists load when the page is idle once a session has been shown (a timeline says so); no timeline here.
const shown = createSessionShown();
shown.mark();

function fakeApi(over: Partial<ComposerApi> = {}): ComposerApi {
  return {
    commands: vi.fn(async () => [
      { name: "init", description: "guided AGENTS.md setup", source: "command" },
      { name: "fleet-review", description: "Fleet project command", source: "command" },
    ]),
    agents: vi.fn(async () => [
      { name: "build", description: "Default" },
      { name: "plan", description: "Plan mode" },
    ]),
    models: vi.fn(async () => ({
      models: [
        { providerID: "mock", modelID: "mock-1", name: "Mock 1", providerName: "Mock" },
        { providerID: "mock", modelID: "mock-2", name: "Mock 2", providerName: "Mock" },
      ],
      default: { providerID: "mock", modelID: "mock-1" },
    })),
    findFiles: vi.fn(async (q: string) => ["README.md", "src/readme-notes.ts"].filter((p) => p.toLowerCase().includes(q.toLowerCase()))),
    directory: () => FX.directory,
    runCommand: vi.fn(async () => {}),
    runShell: vi.fn(async () => {}),
    ...over,
  };
}

function setup(opts: { api?: ComposerApi; session?: Partial<SessionActions> } = {}) {
  const [state, setState] = createStore({ ...fixtureState(), status: {} });
  const sendPrompt = vi.fn(async () => {});
  const abort = vi.fn(async () => {});
  const api = opts.api ?? fakeApi();
  const session = { ...unavailableSessionActions(), ...opts.session };
  const drafts = createDraftStore({ storage: null });
  render(() => (
    <WorkspaceFixture state={state} shown={shown}>
      <Composer sessionId={FX.sessionId} actions={{ sendPrompt, abort, session: () => session }} drafts={drafts} api={api} />
    </WorkspaceFixture>
  ));
  const box = screen.getByRole("textbox", { name: "Message" }) as HTMLTextAreaElement;
  return { state, setState, sendPrompt, api, box, drafts, session };
}

/** Labels of the popup's options (the pickers' <option>s are options too, so scope to the listbox). */
const listOptions = () => within(screen.getByRole("listbox")).getAllByRole("option");
const options = () => listOptions().map((o) => o.querySelector(".sv-suggest-label")?.textContent ?? "");

describe("slash commands", () => {
  it("/ lists the server's commands and the session actions; a chosen command runs as a command with its arguments", async () => {
    const { box, api, sendPrompt } = setup();
    await userEvent.type(box, "/");
    const list = await screen.findByRole("listbox", { name: "Commands" });
    expect(list).toBeInTheDocument();
    await waitFor(() => expect(options().some((o) => o.startsWith("/fleet-review"))).toBe(true));
    expect(options().map((o) => o)).toEqual(["/init", "/fleet-review", "/compact", "/undo", "/redo", "/fork", "/export", "/new"]);

    await userEvent.type(box, "flrev");
    expect(options().map((o) => o)).toEqual(["/fleet-review"]);
    await userEvent.keyboard("{Tab}");
    expect(box.value).toBe("/fleet-review ");
    expect(screen.queryByRole("listbox")).toBeNull();
    await userEvent.type(box, "the README{Enter}");
    await waitFor(() =>
      expect(api.runCommand).toHaveBeenCalledWith(FX.sessionId, {
        command: "fleet-review",
        arguments: "the README",
        agent: "build",
        model: { providerID: "mock", modelID: "mock-1" },
      }),
    );
    expect(sendPrompt).not.toHaveBeenCalled();
    expect(box.value).toBe("");
  });

  it("arrow keys move the active option, Escape closes the list, Enter on an action runs it", async () => {
    const undo = vi.fn(async () => false);
    const { box } = setup({ session: { undo } });
    await userEvent.type(box, "/");
    await waitFor(() => expect(options()).toHaveLength(8));
    const active = () => listOptions().findIndex((o) => o.getAttribute("aria-selected") === "true");
    expect(active()).toBe(0);
    await userEvent.keyboard("{ArrowUp}");
    expect(active()).toBe(7);
    await userEvent.keyboard("{ArrowDown}{ArrowDown}");
    expect(active()).toBe(1);
    expect(box.getAttribute("aria-activedescendant")).toBe(listOptions()[1]?.id);
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("listbox")).toBeNull();
    await userEvent.type(box, "und");
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(undo).toHaveBeenCalledOnce());
    expect(await screen.findByRole("status")).toHaveTextContent("Nothing to undo.");
    expect(box.value).toBe("");
  });

  it("a failed command comes back into the draft with the error", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const api = fakeApi({ runCommand: vi.fn(async () => Promise.reject(new Error("OpenCode at :4096 refused the command (400)"))) });
    const { box } = setup({ api });
    await waitFor(() => expect(api.commands).toHaveBeenCalled());
    await userEvent.type(box, "/init now{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("Not sent: OpenCode at :4096 refused the command (400)");
    expect(box.value).toBe("/init now");
  });
});

describe("agent and model", () => {
  it("fills the pickers from the server, remembers the choice and sends it with the prompt; Tab cycles agents", async () => {
    const { box, sendPrompt, drafts } = setup();
    const agent = (await screen.findByRole("combobox", { name: "Agent" })) as HTMLSelectElement;
    const model = screen.getByRole("combobox", { name: "Model" }) as HTMLSelectElement;
    await waitFor(() => expect(agent.value).toBe("build"));
    await waitFor(() => expect(model.value).toBe("mock/mock-1"));
    await userEvent.selectOptions(model, "mock/mock-2");
    expect(drafts.get(FX.sessionId).model).toEqual({ providerID: "mock", modelID: "mock-2" });
    box.focus();
    await userEvent.keyboard("{Tab}");
    expect(agent.value).toBe("plan");
    expect(document.activeElement).toBe(box);
    await userEvent.type(box, "plan it{Enter}");
    expect(sendPrompt).toHaveBeenCalledWith(FX.sessionId, "plan it", { agent: "plan", model: { providerID: "mock", modelID: "mock-2" } });
    await userEvent.keyboard("{Tab}");
    expect(agent.value).toBe("build");
  });

  it("defaults to the agent and model of the session's last prompt (a TUI's choice carries over), else the server's", async () => {
    const { box, sendPrompt, state, setState } = setup();
    const list = state.messages[FX.sessionId] ?? [];
    const lastUser = [...list].reverse().find((m) => m.role === "user");
    if (!lastUser || lastUser.role !== "user") throw new Error("the fixture has a user message");
    const index = list.indexOf(lastUser);
    setState("messages", FX.sessionId, index, { agent: "plan", model: { providerID: "mock", modelID: "mock-2" } });
    const agent = (await screen.findByRole("combobox", { name: "Agent" })) as HTMLSelectElement;
    const model = screen.getByRole("combobox", { name: "Model" }) as HTMLSelectElement;
    await waitFor(() => expect(model.value).toBe("mock/mock-2"));
    expect(agent.value).toBe("plan");
    await userEvent.type(box, "go on{Enter}");
    expect(sendPrompt).toHaveBeenCalledWith(FX.sessionId, "go on", { agent: "plan", model: { providerID: "mock", modelID: "mock-2" } });
    // A model the server no longer lists is not offered: the server's default stands.
    setState("messages", FX.sessionId, index, { model: { providerID: "gone", modelID: "old-model" } });
    await waitFor(() => expect(model.value).toBe("mock/mock-1"));
  });

  it("a prompt sent while the owner's lists are still loading waits for them and carries the model shown", async () => {
    let answer: (v: Awaited<ReturnType<ComposerApi["models"]>>) => void = () => {};
    const models = vi.fn(() => new Promise<Awaited<ReturnType<ComposerApi["models"]>>>((resolve) => (answer = resolve)));
    const { box, sendPrompt } = setup({ api: fakeApi({ models }) });
    await userEvent.type(box, "right after a restart{Enter}");
    await new Promise((r) => setTimeout(r, 50));
    expect(sendPrompt).not.toHaveBeenCalled();
    answer({
      models: [{ providerID: "mock", modelID: "mock-2", name: "Mock 2", providerName: "Mock" }],
      default: { providerID: "mock", modelID: "mock-2" },
    });
    await waitFor(() =>
      expect(sendPrompt).toHaveBeenCalledWith(FX.sessionId, "right after a restart", {
        agent: "build",
        model: { providerID: "mock", modelID: "mock-2" },
      }),
    );
  });

  it("says in words when the server's lists cannot load", async () => {
    const api = fakeApi({ agents: vi.fn(async () => Promise.reject(new Error("refused (500)"))) });
    setup({ api });
    expect(await screen.findByText("Agents unavailable")).toHaveAttribute("title", "Could not load agents: refused (500)");
  });
});

describe("files", () => {
  it("@ searches files; choosing one adds a file:// chip and sends it as a file part", async () => {
    const { box, sendPrompt, api } = setup();
    await userEvent.type(box, "look at @read");
    await screen.findByRole("listbox", { name: "Files" });
    await waitFor(() => expect(options()).toEqual(["README.md", "src/readme-notes.ts"]));
    expect(api.findFiles).toHaveBeenLastCalledWith("read", expect.any(AbortSignal));
    await userEvent.keyboard("{Enter}");
    expect(box.value).toBe("look at @README.md ");
    expect(screen.getByRole("list", { name: "Attached files" })).toHaveTextContent("README.md");
    await userEvent.keyboard("{Enter}");
    expect(sendPrompt).toHaveBeenCalledWith(
      FX.sessionId,
      "look at @README.md ",
      expect.objectContaining({
        files: [{ type: "file", mime: "text/plain", url: `file://${FX.directory}/README.md`, filename: "README.md" }],
      }),
    );
  });

  it("a pasted image becomes a chip with a preview; Remove drops it; an oversized file is refused in words and nothing else is lost", async () => {
    const { box, drafts } = setup();
    await userEvent.type(box, "see this");
    const png = new File([new Uint8Array([137, 80, 78, 71])], "shot.png", { type: "image/png" });
    const huge = new File([new Uint8Array(MAX_ATTACHMENT_BYTES + 1)], "huge.mov", { type: "video/quicktime" });
    fireEvent.paste(box, { clipboardData: { files: [png, huge], types: ["Files"] } });
    const chip = await screen.findByRole("button", { name: "Remove shot.png" });
    expect(document.querySelector("img.sv-chip-preview")?.getAttribute("src")).toBe("data:image/png;base64,iVBORw==");
    expect(screen.getByRole("status")).toHaveTextContent("huge.mov is 10.0 MB; attachments can be at most 10.0 MB. It was not attached.");
    expect(box.value).toBe("see this");
    expect(drafts.get(FX.sessionId).files.map((f) => f.filename)).toEqual(["shot.png"]);
    await userEvent.click(chip);
    expect(drafts.get(FX.sessionId).files).toEqual([]);
  });
});

describe("shell and history", () => {
  it("!command runs a shell command with the agent, never as a prompt", async () => {
    const { box, api, sendPrompt } = setup();
    await screen.findByRole("combobox", { name: "Agent" });
    await waitFor(() => expect((screen.getByRole("combobox", { name: "Agent" }) as HTMLSelectElement).value).toBe("build"));
    await userEvent.type(box, "!ls -la{Enter}");
    await waitFor(() =>
      expect(api.runShell).toHaveBeenCalledWith(FX.sessionId, {
        command: "ls -la",
        agent: "build",
        model: { providerID: "mock", modelID: "mock-1" },
      }),
    );
    expect(sendPrompt).not.toHaveBeenCalled();
  });

  it("Up and Down in an empty composer recall this session's earlier prompts", async () => {
    const { box, state } = setup();
    const prompts = Object.values(state.messages[FX.sessionId] ?? []).filter((m) => m.role === "user");
    expect(prompts.length).toBeGreaterThan(0);
    box.focus();
    await userEvent.keyboard("{ArrowUp}");
    const newest = box.value;
    expect(newest).not.toBe("");
    await userEvent.keyboard("{ArrowDown}");
    expect(box.value).toBe("");
    await userEvent.type(box, "typed");
    await userEvent.keyboard("{ArrowUp}");
    expect(box.value).toBe("typed");
  });
});
